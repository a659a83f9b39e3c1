//! Selection: the constants of some headers → one [`Table`], following a [`TableSpec`].
//!
//! [`select`] is the entry point; [`crate::render`] turns its `Table` into C, Rust or JSON.
//! Nothing is dropped silently: a source that selects nothing, a selected constant without
//! a value and an unknown enum tag are errors; every alias dropped is listed in the table.

mod build;
mod error;
mod filter;
mod key;
mod lines;
mod names;
mod note;
mod per_target;
mod spec;
mod syscalls;

pub use error::{ShapeProblem, TableError};
pub use lines::{LineMatcher, TextInput, parse_c_integer};
pub use note::{Note, NoteKind};
pub use per_target::{PerTarget, build_per_target};
pub use spec::{
    AliasPolicy, CStyle, FilterSpec, LayoutSpec, Lines, LinesCondition, Order, ReadSpec, Rewrite,
    Shape, Source, Syscalls, TableSpec,
};

use crate::constant::Constant;
use crate::source::SourceMap;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// The constants of one header, as [`select`] reads them.
pub struct Input<'a> {
    /// The header as the user named it (`linux/bpf.h`).
    pub header: &'a str,
    /// The file it was read from.
    pub path: &'a Path,
    /// Its text (hashed for the provenance header).
    pub text: &'a str,
    pub constants: &'a [Constant],
    /// The constants of the header built with `_IOC` (ioctl request numbers), when known.
    pub ioctls: Option<&'a HashMap<String, crate::ioctl::Ioctl>>,
}

/// A selected, transformed and ordered table, ready to render.
#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub name: String,
    /// The shape to render; never [`Shape::Auto`] (auto is resolved here).
    pub shape: Shape,
    /// Why `auto` chose this shape; `None` when the shape was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape_reason: Option<String>,
    /// For array shapes: the value at index 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<i128>,
    pub entries: Vec<Entry>,
    /// Names dropped because another name has the same value (policies first and last).
    pub aliases: Vec<Alias>,
    pub headers: Vec<HeaderRef>,
    /// Warnings: exclude patterns that matched nothing, and the like.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    #[serde(skip)]
    pub c: CStyle,
    /// Every entry is a row, repeated values included ([`AliasPolicy::Repeat`]).
    #[serde(skip)]
    pub repeat: bool,
    /// Values are written in hex: masks (flag shapes) and ioctl request numbers.
    #[serde(skip)]
    pub hex: bool,
    /// [`TableSpec::field`]: the field's mask and name; entries inside it are its values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// The target the headers were read for (`x86_64`), when a session read them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub value: i128,
    /// The constant's C name (`POSIX_FADV_DONTNEED`).
    pub name: String,
    /// The displayed string (`DONTNEED`).
    pub display: String,
    pub file: String,
    pub line: u32,
    /// The value as written in the header (`0x00000100`); `None` for an enumerator without
    /// an initializer.
    pub text: Option<String>,
}

/// A multi-bit field of a flag mask (`O_ACCMODE`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    pub name: String,
    pub mask: i128,
}

impl Field {
    /// Whether `value` is one of the field's values rather than a flag.
    pub fn holds(&self, value: i128) -> bool {
        value & !self.mask == 0
    }
}

/// A name dropped in favour of another one with the same value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Alias {
    pub name: String,
    pub display: String,
    pub value: i128,
    pub file: String,
    pub line: u32,
    /// The C name of the entry that keeps the value.
    pub of: String,
}

/// A header of the table, for the provenance header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeaderRef {
    pub header: String,
    pub path: String,
    /// [`content_hash`](crate::source::content_hash) of the file's text, as 16 hex digits.
    pub fnv1a64: String,
}

impl Table {
    /// One entry per value (the first of each, in table order): what value → name lookups
    /// use. Differs from `entries` only under [`AliasPolicy::All`].
    pub fn forward(&self) -> Vec<&Entry> {
        if self.repeat {
            return self.entries.iter().collect();
        }
        let mut seen = std::collections::HashSet::new();
        self.entries
            .iter()
            .filter(|e| seen.insert(e.value))
            .collect()
    }
}

/// Builds the table `spec` describes from the constants of `inputs` (the spec's headers,
/// already read, in the same order).
pub fn select(spec: &TableSpec, inputs: &[Input], sm: &SourceMap) -> Result<Table, TableError> {
    check_spec(spec)?;
    let headers_list = inputs
        .iter()
        .map(|i| i.header)
        .collect::<Vec<_>>()
        .join(", ");
    let filters = filter::Filters::new(spec)?;
    let candidates = filter::candidates(spec, inputs, &headers_list)?;
    let mut notes = Vec::new();
    let kept = filters.apply(candidates, &headers_list, sm, &mut notes)?;
    notes.extend(filters.unused_notes());
    let is_ioctl = |name: &str| {
        inputs
            .iter()
            .any(|i| i.ioctls.is_some_and(|m| m.contains_key(name)))
    };
    let ioctls = !kept.is_empty() && kept.iter().all(|c| is_ioctl(&c.constant.name));

    let mut entries = Vec::new();
    for c in kept {
        let pos = sm.position(c.constant.loc);
        entries.push(Entry {
            value: c.value,
            name: c.constant.name.clone(),
            display: filters.transform(&c.display),
            file: pos.path.display().to_string(),
            line: pos.line,
            text: c.constant.text.clone(),
        });
    }
    let headers = inputs
        .iter()
        .map(|i| HeaderRef {
            header: i.header.to_string(),
            path: i.path.display().to_string(),
            fnv1a64: format!("{:016x}", crate::source::content_hash(i.text)),
        })
        .collect();
    let mut table = finish(spec, entries, headers, notes, ioctls)?;
    table.field = field(spec, inputs)?;
    Ok(table)
}

/// The value of the spec's `field` mask, from the headers' constants.
fn field(spec: &TableSpec, inputs: &[Input]) -> Result<Option<Field>, TableError> {
    let Some(name) = &spec.layout.field else {
        return Ok(None);
    };
    if spec.layout.shape != Shape::Flagfmt {
        return Err(TableError::Spec(format!(
            "table `{}`: `field` is for `flagfmt` tables",
            spec.name
        )));
    }
    let mask = inputs
        .iter()
        .flat_map(|i| i.constants.iter())
        .filter(|c| &c.name == name)
        .find_map(|c| c.value.as_ref().ok().map(|v| v.value));
    match mask {
        Some(mask) if mask > 0 => Ok(Some(Field {
            name: name.clone(),
            mask,
        })),
        _ => Err(TableError::Spec(format!(
            "table `{}`: field `{name}`: no constant of that name with a positive value in its headers",
            spec.name
        ))),
    }
}

/// Builds a table whose sources are all text sources ([`Source::Lines`],
/// [`Source::Syscalls`]) from the raw text of its headers.
pub fn select_text(spec: &TableSpec, inputs: &[TextInput]) -> Result<Table, TableError> {
    check_spec(spec)?;
    let (entries, headers) = lines::text_entries(spec, inputs)?;
    let filters = filter::Filters::new(spec)?;
    let mut kept = Vec::with_capacity(entries.len());
    for e in entries {
        if filters.keeps_name(&e.name)
            && filters.keeps_text(e.text.as_deref())?
            && filters.keeps_value(e.value)
        {
            kept.push(e);
        }
    }
    let mut entries = kept;
    for e in &mut entries {
        e.display = filters.transform(&e.display);
    }
    finish(spec, entries, headers, filters.unused_notes(), false)
}

/// Whether every source of `spec` reads text rather than preprocessed constants.
pub fn is_text(spec: &TableSpec) -> bool {
    !spec.read.sources.is_empty()
        && (spec.read.sources.iter()).all(|s| matches!(s, Source::Lines(_) | Source::Syscalls(_)))
}

fn check_spec(spec: &TableSpec) -> Result<(), TableError> {
    if spec.read.sources.is_empty() {
        return Err(TableError::Spec(format!(
            "table `{}` has no source: give --define, --enum or --enumerator",
            spec.name
        )));
    }
    let ident = spec
        .name
        .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && spec
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ident {
        return Err(TableError::Spec(format!(
            "table name `{}` is not a C identifier",
            spec.name
        )));
    }
    Ok(())
}

/// Aliases, order and shape: the steps every kind of source shares.
fn finish(
    spec: &TableSpec,
    mut entries: Vec<Entry>,
    headers: Vec<HeaderRef>,
    mut notes: Vec<Note>,
    ioctls: bool,
) -> Result<Table, TableError> {
    let aliases = resolve_aliases(&mut entries, spec.filter.aliases)?;
    for a in &aliases {
        notes.push(Note::new(
            NoteKind::Alias,
            format!(
                "{}:{}: {} is an alias of {} (value {}): dropped",
                a.file, a.line, a.name, a.of, a.value
            ),
        ));
    }
    match &spec.layout.sort_key {
        Some(k) if spec.layout.order != Order::Source => {
            return Err(TableError::Spec(format!(
                "table `{}`: `sort_key` '{k}' and `order` both say how to sort: give one",
                spec.name
            )));
        }
        Some(k) => key::sort_by_key(&mut entries, &key::KeyTemplate::parse("sort_key", k)?),
        None => order(&mut entries, spec.layout.order),
    }
    if let Some(r) = &spec.layout.rewrite {
        rewrite(&mut entries, r)?;
    }
    let (shape, shape_reason, base) = resolve_shape(spec, &entries);
    Ok(Table {
        name: spec.name.clone(),
        shape,
        shape_reason,
        base,
        entries,
        aliases,
        headers,
        notes,
        c: spec.layout.c.clone(),
        repeat: spec.filter.aliases == AliasPolicy::Repeat,
        hex: ioctls || matches!(shape, Shape::Flags | Shape::Flagfmt),
        field: None,
        target: None,
    })
}

/// Whether `e` is written as the name of another entry of the same value
/// (`#define SIGIO SIGPOLL`): such a name is the alias whatever the order.
fn spelled_alias(e: &Entry, names: &HashMap<i128, Vec<&str>>) -> bool {
    let Some(text) = e.text.as_deref() else {
        return false;
    };
    let mut t = text.trim();
    while let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        t = inner.trim();
    }
    t != e.name && names.get(&e.value).is_some_and(|n| n.contains(&t))
}

/// Applies the alias policy to entries in source order; returns the names dropped. Under
/// `first` and `last`, a name written as another's is dropped rather than that other.
fn resolve_aliases(
    entries: &mut Vec<Entry>,
    policy: AliasPolicy,
) -> Result<Vec<Alias>, TableError> {
    let mut names: HashMap<i128, Vec<&str>> = HashMap::new();
    for e in entries.iter() {
        names.entry(e.value).or_default().push(&e.name);
    }
    let spelled: Vec<bool> = entries.iter().map(|e| spelled_alias(e, &names)).collect();
    drop(names);
    let mut keeper: HashMap<i128, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let replaces_spelled = keeper
            .get(&e.value)
            .is_some_and(|&k| spelled[k] && !spelled[i]);
        if replaces_spelled && matches!(policy, AliasPolicy::First | AliasPolicy::Last) {
            keeper.insert(e.value, i);
            continue;
        }
        if spelled[i] && keeper.contains_key(&e.value) && policy == AliasPolicy::Last {
            continue;
        }
        match (keeper.get(&e.value), policy) {
            (None, _) | (Some(_), AliasPolicy::Last) => {
                keeper.insert(e.value, i);
            }
            (Some(&k), AliasPolicy::Error) => {
                let first = &entries[k];
                return Err(TableError::Alias(format!(
                    "{}:{}: {} has the value {} of {} ({}:{}) and the alias policy is `error`",
                    e.file, e.line, e.name, e.value, first.name, first.file, first.line
                )));
            }
            (Some(_), _) => {}
        }
    }
    if matches!(policy, AliasPolicy::All | AliasPolicy::Repeat) {
        return Ok(Vec::new());
    }
    let mut aliases = Vec::new();
    let mut kept = Vec::new();
    for (i, e) in entries.drain(..).enumerate() {
        if keeper.get(&e.value) == Some(&i) {
            kept.push(e);
        } else {
            aliases.push(Alias {
                name: e.name,
                display: e.display,
                value: e.value,
                file: e.file,
                line: e.line,
                of: String::new(),
            });
        }
    }
    let names: HashMap<i128, &str> = kept.iter().map(|e| (e.value, e.name.as_str())).collect();
    for a in &mut aliases {
        a.of = names.get(&a.value).copied().unwrap_or_default().to_string();
    }
    *entries = kept;
    Ok(aliases)
}

/// Each displayed string made anew: `from` filled in, its first match of `regex` replaced.
fn rewrite(entries: &mut [Entry], r: &Rewrite) -> Result<(), TableError> {
    let from = key::KeyTemplate::parse("rewrite.from", r.from.as_deref().unwrap_or("{string}"))?;
    let re = filter::regex("rewrite.regex", &r.regex, false)?;
    for e in entries {
        let text = from.fill(e, &e.display);
        e.display = re.replacen(&text, 1, r.with.as_str()).into_owned();
    }
    Ok(())
}

/// Stable sorts: ties keep source order.
fn order(entries: &mut [Entry], order: Order) {
    match order {
        Order::Source => {}
        Order::Value => entries.sort_by_key(|e| e.value),
        Order::Name => {
            entries.sort_by(|a, b| a.display.cmp(&b.display).then(a.value.cmp(&b.value)))
        }
        Order::Text => lines::sort_text(entries, false),
        Order::Numeric => lines::sort_text(entries, true),
    }
}

/// The most entries `auto` renders as a switch rather than sorted pairs.
const AUTO_SWITCH_MAX: usize = 64;

/// Resolves `auto` (dense array when (max − min) / n ≤ 2) and the base of array shapes.
fn resolve_shape(spec: &TableSpec, entries: &[Entry]) -> (Shape, Option<String>, Option<i128>) {
    let (min, max) = entries.iter().fold((i128::MAX, i128::MIN), |(lo, hi), e| {
        (lo.min(e.value), hi.max(e.value))
    });
    let n = entries.len().max(1) as i128;
    match spec.layout.shape {
        Shape::Auto if entries.is_empty() => (
            Shape::Switch,
            Some("auto: empty table, switch".into()),
            None,
        ),
        Shape::Auto if (max - min) / n <= 2 => {
            // Index from 0 unless that would more than double the array (or go negative).
            let base = (min < 0 || min > max - min).then_some(min);
            let reason = format!(
                "auto: array ({} entries, values {min}..={max}, (max - min) / n = {} <= 2{})",
                entries.len(),
                (max - min) / n,
                base.map(|b| format!(", base {b}")).unwrap_or_default()
            );
            (Shape::Array, Some(reason), base)
        }
        Shape::Auto => {
            let shape = if entries.len() <= AUTO_SWITCH_MAX {
                Shape::Switch
            } else {
                Shape::Sorted
            };
            let reason = format!(
                "auto: {} ({} entries, values {min}..={max} too sparse for an array: (max - min) / n = {} > 2)",
                if shape == Shape::Switch {
                    "switch"
                } else {
                    "sorted"
                },
                entries.len(),
                (max - min) / n
            );
            (shape, Some(reason), None)
        }
        Shape::Offset => (Shape::Offset, None, Some(spec.layout.base.unwrap_or(min))),
        s => (s, None, spec.layout.base),
    }
}

#[cfg(test)]
mod tests;
