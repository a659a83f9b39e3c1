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

use crate::select::{Shape, Table, TableError};
use askama::Template;
use view::View;

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
    ($($ty:ident = $path:literal;)*) => {$(
        #[derive(Template)]
        #[template(path = $path)]
        struct $ty<'a> {
            v: &'a View,
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
    CArray = "c/array.c";
    CArrayName = "c/array_name.c";
    CSwitch = "c/switch.c";
    CSorted = "c/sorted.c";
    CReverse = "c/reverse.c";
    CFlagfmt = "c/flagfmt.c";
    RsArray = "rs/array.rs";
    RsFlags = "rs/flags.rs";
    RsSwitch = "rs/switch.rs";
    RsSorted = "rs/sorted.rs";
    RsReverse = "rs/reverse.rs";
    RsFlagfmt = "rs/flagfmt.rs";
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
    let v = View::new(table, lang, provenance, prelude)?;
    let out = match (lang, table.shape) {
        (Lang::C, Shape::Array | Shape::Offset | Shape::Flags) => CArray { v: &v }.render(),
        (Lang::C, Shape::Switch | Shape::Auto) => CSwitch { v: &v }.render(),
        (Lang::C, Shape::Sorted) => CSorted { v: &v }.render(),
        (Lang::C, Shape::Reverse) => CReverse { v: &v }.render(),
        (Lang::C, Shape::Flagfmt) => CFlagfmt { v: &v }.render(),
        (_, Shape::Array | Shape::Offset) => RsArray { v: &v }.render(),
        (_, Shape::Flags) => RsFlags { v: &v }.render(),
        (_, Shape::Switch | Shape::Auto) => RsSwitch { v: &v }.render(),
        (_, Shape::Sorted) => RsSorted { v: &v }.render(),
        (_, Shape::Reverse) => RsReverse { v: &v }.render(),
        (_, Shape::Flagfmt) => RsFlagfmt { v: &v }.render(),
    };
    let mut out = out.map_err(|e| TableError::Shape {
        table: table.name.clone(),
        why: format!("template: {e}"),
    })?;
    if lang == Lang::Rust {
        out.push('\n');
    }
    Ok(out)
}

/// A C array table's `{table}_name(value)` function (bounds-checked), for lookups that call
/// every table by its function (families).
fn render_c_array_name(table: &Table) -> Result<String, TableError> {
    let v = View::new(table, Lang::C, None, false)?;
    CArrayName { v: &v }
        .render()
        .map_err(|e| TableError::Shape {
            table: table.name.clone(),
            why: format!("template: {e}"),
        })
}

#[cfg(test)]
mod tests;
