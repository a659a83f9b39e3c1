//! What the templates see: a table's entries as ready-made C and Rust text (literals,
//! escaped strings, index expressions), checked against the shape.

use super::Lang;
use super::provenance::{self, Provenance};
use crate::select::{Entry, Shape, ShapeProblem, Table, TableError};
use regex::Regex;
use std::sync::LazyLock;

/// The largest array a table renders (slots, not entries): beyond it, use a switch or
/// sorted pairs.
pub const MAX_ARRAY_LEN: i128 = 1 << 16;

/// What a template sees: the text every shape shows, and its shape's own.
pub struct View {
    pub common: Common,
    pub shape: ShapeView,
}

/// What every template shows.
pub struct Common {
    pub head: String,
    /// What the C table needs before it (`NULL`, `DEFTAB_UNUSED`); empty when another table
    /// of the file already wrote it or the table does not use it.
    pub prelude: String,
    pub table: String,
    pub upper: String,
    pub c_type: &'static str,
    pub rust_type: &'static str,
    pub trailer: String,
}

/// The view of a table's shape (see [`Shape`]).
pub enum ShapeView {
    /// `array`, `offset`, `flags`.
    Array(ArrayView),
    /// `switch`, `auto`.
    Switch(SwitchView),
    Sorted(SortedView),
    Reverse(ReverseView),
    Flagfmt(FlagfmtView),
}

/// An array indexed by value (− base) or, for `flags`, by bit number.
pub struct ArrayView {
    /// The C array entries, in table order.
    pub rows: Vec<Row>,
    /// Rust array slots: `Some("X")` or `None`.
    pub slots: Vec<String>,
    /// The array base as a Rust literal; empty when there is none.
    pub base: String,
    pub offset_define: String,
    pub open: String,
    pub close: String,
}

/// A `switch` (C) or `match` (Rust) function.
pub struct SwitchView {
    /// One case per value, in table order.
    pub rows: Vec<Row>,
    pub declaration: String,
    pub param: String,
    pub default: String,
}

/// Sorted (value, name) pairs searched by value.
pub struct SortedView {
    /// Forward entries by value.
    pub sorted: Vec<Row>,
}

/// Name → value pairs sorted by name.
pub struct ReverseView {
    /// Every entry by name (byte order).
    pub by_name: Vec<Row>,
}

/// A flags formatter.
pub struct FlagfmtView {
    /// The flags, multi-bit ones first (`O_SYNC` before its bit `O_DSYNC`).
    pub rows: Vec<Row>,
    /// With a field: its mask (C and Rust literals) and values.
    pub field_c_mask: String,
    pub field_r_mask: String,
    pub field_rows: Vec<Row>,
}

pub struct Row {
    /// The whole C array entry (its newline and `after` included).
    pub line: String,
    /// The switch case label's value.
    pub case: String,
    pub c_value: String,
    pub r_value: String,
    pub c_str: String,
    pub r_str: String,
}

/// The integer types both languages use for the table's values.
pub(super) fn types(
    table: &Table,
    unsigned_only: bool,
) -> Result<(&'static str, &'static str), ShapeProblem> {
    let min = table.entries.iter().map(|e| e.value).min().unwrap_or(0);
    let max = table.entries.iter().map(|e| e.value).max().unwrap_or(0);
    if unsigned_only && min < 0 {
        return Err(ShapeProblem::NegativeMask(min));
    }
    Ok(match (min >= 0, max) {
        (true, m) if m <= i128::from(u32::MAX) => ("unsigned int", "u32"),
        (false, m) if min >= i128::from(i32::MIN) && m <= i128::from(i32::MAX) => ("int", "i32"),
        (true, m) if m <= i128::from(u64::MAX) => ("unsigned long long", "u64"),
        (false, m) if min >= i128::from(i64::MIN) && m <= i128::from(i64::MAX) => {
            ("long long", "i64")
        }
        _ => return Err(ShapeProblem::TooWide { min, max }),
    })
}

/// A C literal of the table's type, in hex for masks and ioctl numbers.
pub(super) fn c_value(v: i128, c_type: &str, hex: bool) -> String {
    match hex && v >= 0 {
        true => format!("{v:#x}{}", c_suffix(c_type)),
        false => c_literal(v, c_type),
    }
}

/// A Rust literal, in hex for masks and ioctl numbers.
fn r_value(v: i128, hex: bool) -> String {
    match hex && v >= 0 {
        true => format!("{v:#x}"),
        false => v.to_string(),
    }
}

/// Whether the C text of `table` uses deftab's own declarations (`static DEFTAB_UNUSED …`,
/// a switch returning `NULL`), which need [`super::C_PRELUDE`] first. Tables that spell
/// their own declarations (the perf presets) never do, so their bytes stay the scripts'.
pub fn uses_prelude(table: &Table) -> bool {
    let s = &table.c;
    match table.shape {
        Shape::Array | Shape::Offset | Shape::Flags => s.declaration.is_none() && s.open.is_none(),
        Shape::Switch | Shape::Auto => s.declaration.is_none() || s.default.is_none(),
        Shape::Sorted | Shape::Reverse | Shape::Flagfmt => true,
    }
}

fn c_suffix(c_type: &str) -> &'static str {
    match c_type {
        "unsigned int" => "U",
        "long long" => "LL",
        "unsigned long long" => "ULL",
        _ => "",
    }
}

pub(super) fn c_literal(v: i128, c_type: &str) -> String {
    let suffix = c_suffix(c_type);
    // The most negative value has no literal: its negation does not fit the type.
    if v == i128::from(i32::MIN) && c_type == "int" || v == i128::from(i64::MIN) {
        return format!("({}{suffix} - 1)", v + 1);
    }
    format!("{v}{suffix}")
}

/// A C string literal's contents: `\\`, `"` and every byte outside printable ASCII escaped
/// (octal, which unlike `\x` cannot swallow the next character).
pub(super) fn c_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'\\' | b'"' => {
                out.push('\\');
                out.push(b as char);
            }
            b'?' => out.push_str("\\?"), // no trigraphs
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out
}

/// `S` of a value written as a shift (`(1 << 5)`, `(1ULL << 5)`).
fn shift_of(text: &str) -> Option<u32> {
    static SHIFT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\(?\s*1[uUlL]*\s*<<\s*(\d+)\s*\)?$").expect("valid regex"));
    SHIFT.captures(text.trim()).and_then(|c| c[1].parse().ok())
}

fn single_bit(v: i128) -> Option<u32> {
    (v > 0 && v & (v - 1) == 0).then(|| v.trailing_zeros())
}

/// C's `%#x`: no `0x` for zero.
fn c_hex(v: i128) -> String {
    match v {
        0 => "0".into(),
        v if v < 0 => format!("-{:#x}", -v),
        v => format!("{v:#x}"),
    }
}

/// Fills the placeholders of [`crate::select::CStyle`] for entry `e`, in one pass (text
/// that is not a placeholder, braces included, is kept as is).
fn fill(template: &str, e: &Entry, table: &Table) -> Result<String, ShapeProblem> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out += &rest[..open];
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let key = &after[..close];
        match placeholder(key, e, table)? {
            Some(v) => out += &v,
            None => {
                out.push('{');
                out += key;
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out += rest;
    Ok(out)
}

/// The value of one placeholder; `None` for an unknown name.
fn placeholder(key: &str, e: &Entry, table: &Table) -> Result<Option<String>, ShapeProblem> {
    let bit = || {
        single_bit(e.value)
            .or_else(|| e.text.as_deref().and_then(shift_of))
            .ok_or_else(|| not_single_bit(e))
    };
    Ok(Some(match key {
        "value" => e.value.to_string(),
        "hex" => c_hex(e.value),
        "text" => match &e.text {
            Some(t) => t.trim().to_string(),
            None => e.value.to_string(),
        },
        "name" => e.name.clone(),
        "bit" => {
            bit()?;
            single_bit(e.value)
                .map(|b| b.to_string())
                .unwrap_or_default()
        }
        "shift" => {
            bit()?;
            e.text
                .as_deref()
                .and_then(shift_of)
                .or(single_bit(e.value))
                .map(|b| b.to_string())
                .unwrap_or_default()
        }
        "base_text" => base_text(table),
        "base" => table.base.unwrap_or(0).to_string(),
        "table" => table.name.clone(),
        "string" => c_escape(&e.display),
        "raw" => e.display.clone(),
        _ => return Ok(None),
    }))
}

fn not_single_bit(e: &Entry) -> ShapeProblem {
    ShapeProblem::NotSingleBit {
        file: e.file.clone(),
        line: e.line,
        name: e.name.clone(),
        value: e.value,
    }
}

/// The base as written by the entry that holds it (decimal when none does).
fn base_text(table: &Table) -> String {
    let base = table.base.unwrap_or(0);
    table
        .entries
        .iter()
        .find(|e| e.value == base)
        .and_then(|e| e.text.clone())
        .unwrap_or_else(|| base.to_string())
}

impl View {
    /// `prelude`: write the C prelude before the table if it uses it.
    pub fn new(
        table: &Table,
        lang: Lang,
        provenance: Option<&Provenance>,
        prelude: bool,
    ) -> Result<View, TableError> {
        let err = |why: ShapeProblem| TableError::Shape {
            table: table.name.clone(),
            why,
        };
        let (c_type, rust_type) = types(table, table.shape == Shape::Flagfmt).map_err(err)?;
        let rows = Rows::new(table, c_type);
        let forward = table.forward();
        let (field_values, flags) = flag_rows(table, &forward);
        let field_mask = table.field.as_ref().map(|f| f.mask);
        // In the order the checks were always made, so the first error is the same.
        let flag_rows = rows.of(&flags).map_err(err)?;
        let field_rows = rows.of(&field_values).map_err(err)?;
        let sorted = rows.of(&by_value(table, &forward)).map_err(err)?;
        let by_name = rows.of(&by_name(table).map_err(err)?).map_err(err)?;
        // C flag arrays may use any index expression (the zero-safe form takes 0): only Rust's
        // bit-indexed array needs single bits.
        // A C array with its own index expression is the user's to size.
        let own_index = table.c.index.is_some() || table.c.entry.is_some();
        let slots = if lang == Lang::Rust || (table.shape != Shape::Flags && !own_index) {
            rust_slots(table, &forward).map_err(err)?
        } else {
            Vec::new()
        };
        let head = provenance.map_or(String::new(), |p| provenance::table_comment(lang, table, p));
        let frame = CFrame::new(table, c_type);
        let common = Common {
            head,
            prelude: match prelude && lang == Lang::C && uses_prelude(table) {
                true => super::C_PRELUDE.to_string(),
                false => String::new(),
            },
            table: table.name.clone(),
            upper: table.name.to_uppercase(),
            c_type,
            rust_type,
            trailer: frame.trailer,
        };
        let shape = match table.shape {
            Shape::Array | Shape::Offset | Shape::Flags => ShapeView::Array(ArrayView {
                rows: flag_rows,
                slots,
                base: frame.base.map(|b| b.to_string()).unwrap_or_default(),
                offset_define: frame.offset_define,
                open: frame.open,
                close: frame.close,
            }),
            Shape::Switch | Shape::Auto => ShapeView::Switch(SwitchView {
                rows: flag_rows,
                declaration: frame.declaration,
                param: frame.param,
                default: frame.default,
            }),
            Shape::Sorted => ShapeView::Sorted(SortedView { sorted }),
            Shape::Reverse => ShapeView::Reverse(ReverseView { by_name }),
            Shape::Flagfmt => ShapeView::Flagfmt(FlagfmtView {
                rows: flag_rows,
                field_c_mask: field_mask.map_or(String::new(), |m| c_value(m, c_type, true)),
                field_r_mask: field_mask.map_or(String::new(), |m| r_value(m, true)),
                field_rows,
            }),
        };
        Ok(View { common, shape })
    }
}

/// Makes the rows of entries: literals, strings and the table's C spelling filled in.
struct Rows<'t> {
    table: &'t Table,
    c_type: &'static str,
    /// The C array index expression.
    index: &'t str,
    /// Whether the shape is a C array (whose entries get a `line`).
    arrayish: bool,
}

impl<'t> Rows<'t> {
    fn new(table: &'t Table, c_type: &'static str) -> Rows<'t> {
        let default_index = match table.shape {
            Shape::Flags => "{bit}",
            _ if table.base.is_some() => "{value} - {base}",
            _ => "{value}",
        };
        Rows {
            table,
            c_type,
            index: table.c.index.as_deref().unwrap_or(default_index),
            arrayish: matches!(table.shape, Shape::Array | Shape::Offset | Shape::Flags),
        }
    }

    fn of(&self, entries: &[&Entry]) -> Result<Vec<Row>, ShapeProblem> {
        entries.iter().map(|e| self.row(e)).collect()
    }

    fn row(&self, e: &Entry) -> Result<Row, ShapeProblem> {
        let (table, style) = (self.table, &self.table.c);
        let line = match (&style.entry, self.arrayish) {
            (_, false) => String::new(),
            (Some(t), true) => fill(t, e, table)?,
            (None, true) => format!(
                "{}[{}]{}\"{}\",\n{}",
                style.prefix,
                fill(self.index, e, table)?,
                style.separator,
                c_escape(&e.display),
                fill(&style.after, e, table)?
            ),
        };
        Ok(Row {
            line,
            case: match &style.case {
                Some(t) => fill(t, e, table)?,
                None => c_value(e.value, self.c_type, table.hex),
            },
            c_value: c_value(e.value, self.c_type, table.hex),
            r_value: r_value(e.value, table.hex),
            c_str: c_escape(&e.display),
            r_str: format!("{:?}", e.display),
        })
    }
}

/// The forward entries by value, for the shape that shows them (sorted pairs).
fn by_value<'a>(table: &Table, forward: &[&'a Entry]) -> Vec<&'a Entry> {
    let mut by_value = match table.shape {
        Shape::Sorted => forward.to_vec(),
        _ => Vec::new(),
    };
    by_value.sort_by_key(|e| e.value);
    by_value
}

/// Every entry by name, for the name → value shapes, whose names must be distinct.
fn by_name(table: &Table) -> Result<Vec<&Entry>, ShapeProblem> {
    if !matches!(table.shape, Shape::Reverse | Shape::Flagfmt) {
        return Ok(Vec::new());
    }
    let mut names: Vec<&Entry> = table.entries.iter().collect();
    names.sort_by(|a, b| a.display.cmp(&b.display));
    match names.windows(2).find(|w| w[0].display == w[1].display) {
        Some(w) => Err(ShapeProblem::SharedName {
            display: w[0].display.clone(),
            first: w[0].name.clone(),
            second: w[1].name.clone(),
        }),
        None => Ok(names),
    }
}

/// The C text around a table's entries, from its [`crate::select::CStyle`] or the defaults.
struct CFrame {
    /// The array base, for the shapes that have one.
    base: Option<i128>,
    offset_define: String,
    declaration: String,
    open: String,
    close: String,
    param: String,
    default: String,
    trailer: String,
}

impl CFrame {
    fn new(table: &Table, c_type: &str) -> CFrame {
        let style = &table.c;
        let base = table
            .base
            .filter(|_| matches!(table.shape, Shape::Array | Shape::Offset));
        let param = style.param.clone().unwrap_or_else(|| "value".into());
        // The value of the last entry printed: the scripts' `max_nr=$nr`.
        let last = (table.entries.last()).map_or(String::new(), |e| e.value.to_string());
        let default_declaration = match table.shape {
            Shape::Switch | Shape::Auto => {
                format!("static DEFTAB_UNUSED const char *{{table}}_name({c_type} {param})")
            }
            _ => "static DEFTAB_UNUSED const char *const {table}[]".into(),
        };
        let declaration = style
            .declaration
            .as_deref()
            .unwrap_or(&default_declaration)
            .replace("{table}", &table.name);
        CFrame {
            base,
            offset_define: match (base, table.shape) {
                (Some(_), Shape::Offset) => style
                    .offset
                    .as_deref()
                    .unwrap_or("#define {table}_offset {base}\n")
                    .replace("{table}", &table.name)
                    .replace("{base_text}", &base_text(table))
                    .replace("{base}", &table.base.unwrap_or(0).to_string()),
                (Some(b), _) if style.offset.is_none() => {
                    format!("#define {}_offset {}\n", table.name, b)
                }
                _ => String::new(),
            },
            open: style
                .open
                .clone()
                .unwrap_or_else(|| format!("{declaration} = {{\n")),
            close: (style.close.as_deref().unwrap_or("};")).replace("{last}", &last),
            declaration,
            param,
            default: style.default.clone().unwrap_or_else(|| "NULL".into()),
            trailer: style.trailer.replace("{last}", &last),
        }
    }
}

/// A flag format's field values and flags; the flags with more bits first, so a name
/// for several bits (`O_SYNC`) wins over the name of one of them. Other shapes: every
/// entry is a row, in table order.
fn flag_rows<'a>(table: &Table, forward: &[&'a Entry]) -> (Vec<&'a Entry>, Vec<&'a Entry>) {
    if table.shape != Shape::Flagfmt {
        return (Vec::new(), forward.to_vec());
    }
    let (field, mut flags): (Vec<&Entry>, Vec<&Entry>) = forward
        .iter()
        .partition(|e| table.field.as_ref().is_some_and(|f| f.holds(e.value)));
    flags.sort_by_key(|e| std::cmp::Reverse(e.value.count_ones()));
    (field, flags)
}

/// The slots of a Rust array: by value − base, or by bit number for flags.
fn rust_slots(table: &Table, forward: &[&Entry]) -> Result<Vec<String>, ShapeProblem> {
    let slot = |e: &Entry| -> Result<i128, ShapeProblem> {
        match table.shape {
            Shape::Flags => single_bit(e.value)
                .map(i128::from)
                .ok_or_else(|| not_single_bit(e)),
            Shape::Array | Shape::Offset => {
                let i = e.value - table.base.unwrap_or(0);
                if i < 0 {
                    return Err(ShapeProblem::BelowBase {
                        name: e.name.clone(),
                        value: e.value,
                        base: table.base.unwrap_or(0),
                    });
                }
                Ok(i)
            }
            _ => Ok(0),
        }
    };
    if !matches!(table.shape, Shape::Array | Shape::Offset | Shape::Flags) {
        return Ok(Vec::new());
    }
    let indexed = forward
        .iter()
        .map(|e| Ok((slot(e)?, *e)))
        .collect::<Result<Vec<_>, ShapeProblem>>()?;
    let len = indexed.iter().map(|(i, _)| i + 1).max().unwrap_or(0);
    if len > MAX_ARRAY_LEN {
        return Err(ShapeProblem::TooManySlots {
            len,
            limit: MAX_ARRAY_LEN,
        });
    }
    let mut slots = vec!["None".to_string(); len as usize];
    for (i, e) in indexed {
        slots[i as usize] = format!("Some({:?})", e.display);
    }
    Ok(slots)
}
