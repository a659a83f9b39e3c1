//! Rendering: a [`Table`] → C or Rust source through the askama templates of `templates/`,
//! or JSON through serde.
//!
//! [`render`] is the entry point. The C array templates spell entries as the table's
//! [`crate::select::CStyle`] says (index expression, separator, text after entries and after
//! the table), so other tools' tables can be reproduced byte for byte.

pub mod listing;
mod per_target;
mod provenance;
mod view;

pub use per_target::render_per_target;
pub use provenance::{Origin, Provenance, comment};
pub use view::uses_prelude;

use crate::select::{Shape, ShapeProblem, Table, TableError};
use askama::Template;
use view::{ArrayView, Common, FlagfmtView, ReverseView, ShapeView, SortedView, SwitchView, View};

/// The output language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    C,
    Rust,
    Json,
}

macro_rules! templates {
    ($($ty:ident = $path:literal, $view:ty;)*) => {$(
        #[derive(Template)]
        #[template(path = $path)]
        struct $ty<'a> {
            c: &'a Common,
            v: &'a $view,
        }
    )*};
}

/// The C prelude (`<stddef.h>` for `NULL`, the `DEFTAB_UNUSED` marker).
#[derive(Template)]
#[template(path = "c/prelude.c")]
struct CPrelude;

/// What a C file needs once, before the first table that [`uses_prelude`].
pub static C_PRELUDE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    CPrelude
        .render()
        .expect("a template without fields renders")
});

templates! {
    CArray = "c/array.c", ArrayView;
    CArrayName = "c/array_name.c", ArrayView;
    CSwitch = "c/switch.c", SwitchView;
    CSorted = "c/sorted.c", SortedView;
    CReverse = "c/reverse.c", ReverseView;
    CFlagfmt = "c/flagfmt.c", FlagfmtView;
    RsArray = "rs/array.rs", ArrayView;
    RsFlags = "rs/flags.rs", ArrayView;
    RsSwitch = "rs/switch.rs", SwitchView;
    RsSorted = "rs/sorted.rs", SortedView;
    RsReverse = "rs/reverse.rs", ReverseView;
    RsFlagfmt = "rs/flagfmt.rs", FlagfmtView;
}

/// Renders `table` in `lang`, with a provenance header unless `provenance` is `None`, and
/// in C the prelude its declarations need.
pub fn render(
    table: &Table,
    lang: Lang,
    provenance: Option<&Provenance>,
) -> Result<String, TableError> {
    render_with(table, lang, provenance, true)
}

/// Renders one table of a file that has several: the C prelude only if `*prelude_written`
/// is false (and then it becomes true).
pub fn render_in_file(
    table: &Table,
    lang: Lang,
    prelude_written: &mut bool,
) -> Result<String, TableError> {
    let out = render_with(table, lang, None, !*prelude_written)?;
    *prelude_written |= lang == Lang::C && uses_prelude(table);
    Ok(out)
}

fn render_with(
    table: &Table,
    lang: Lang,
    provenance: Option<&Provenance>,
    prelude: bool,
) -> Result<String, TableError> {
    if lang == Lang::Json {
        return Ok(provenance::json(table, provenance));
    }
    let View { common, shape } = View::new(table, lang, provenance, prelude)?;
    let c = &common;
    let out = match (lang, &shape) {
        (Lang::C, ShapeView::Array(v)) => CArray { c, v }.render(),
        (Lang::C, ShapeView::Switch(v)) => CSwitch { c, v }.render(),
        (Lang::C, ShapeView::Sorted(v)) => CSorted { c, v }.render(),
        (Lang::C, ShapeView::Reverse(v)) => CReverse { c, v }.render(),
        (Lang::C, ShapeView::Flagfmt(v)) => CFlagfmt { c, v }.render(),
        (_, ShapeView::Array(v)) if table.shape == Shape::Flags => RsFlags { c, v }.render(),
        (_, ShapeView::Array(v)) => RsArray { c, v }.render(),
        (_, ShapeView::Switch(v)) => RsSwitch { c, v }.render(),
        (_, ShapeView::Sorted(v)) => RsSorted { c, v }.render(),
        (_, ShapeView::Reverse(v)) => RsReverse { c, v }.render(),
        (_, ShapeView::Flagfmt(v)) => RsFlagfmt { c, v }.render(),
    };
    let mut out = out.map_err(|e| TableError::Shape {
        table: table.name.clone(),
        why: ShapeProblem::Template(e),
    })?;
    if lang == Lang::Rust {
        out.push('\n');
    }
    Ok(out)
}

/// A C array table's `{table}_name(value)` function (bounds-checked), for lookups that call
/// every table by its function (families).
fn render_c_array_name(table: &Table) -> Result<String, TableError> {
    let View { common, shape } = View::new(table, Lang::C, None, false)?;
    let ShapeView::Array(v) = &shape else {
        return Err(TableError::Shape {
            table: table.name.clone(),
            why: ShapeProblem::NotAnArray,
        });
    };
    CArrayName { c: &common, v }
        .render()
        .map_err(|e| TableError::Shape {
            table: table.name.clone(),
            why: ShapeProblem::Template(e),
        })
}

#[cfg(test)]
mod tests;
