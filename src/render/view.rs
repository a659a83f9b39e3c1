//! What the templates see: a table's entries as ready-made C and Rust text (literals,
//! escaped strings, index expressions), checked against the shape.

use super::Lang;
use super::provenance::{self, Provenance};
use crate::select::{Entry, Shape, Table, TableError};
use regex::Regex;
use std::sync::LazyLock;

/// The largest array a table renders (slots, not entries): beyond it, use a switch or
/// sorted pairs.
pub const MAX_ARRAY_LEN: i128 = 1 << 16;

pub struct View {
    pub head: String,
    pub table: String,
    pub upper: String,
    pub cty: &'static str,
    pub rty: &'static str,
    /// Forward entries (one per value) in table order.
    pub rows: Vec<Row>,
    /// Forward entries by value.
    pub sorted: Vec<Row>,
    /// Every entry by name (byte order).
    pub by_name: Vec<Row>,
    /// Rust array slots: `Some("X")` or `None`.
    pub slots: Vec<String>,
    /// The array base as a Rust literal; empty when there is none.
    pub base: String,
    pub offset_define: String,
    pub declaration: String,
    pub prefix: String,
    pub separator: String,
    pub trailer: String,
}

pub struct Row {
    pub index: String,
    pub after: String,
    pub c_value: String,
    pub r_value: String,
    pub c_str: String,
    pub r_str: String,
}

/// The integer types both languages use for the table's values.
pub(super) fn types(
    table: &Table,
    unsigned_only: bool,
) -> Result<(&'static str, &'static str), String> {
    let min = table.entries.iter().map(|e| e.value).min().unwrap_or(0);
    let max = table.entries.iter().map(|e| e.value).max().unwrap_or(0);
    if unsigned_only && min < 0 {
        return Err(format!("flag masks cannot be negative ({min})"));
    }
    Ok(match (min >= 0, max) {
        (true, m) if m <= i128::from(u32::MAX) => ("unsigned int", "u32"),
        (false, m) if min >= i128::from(i32::MIN) && m <= i128::from(i32::MAX) => ("int", "i32"),
        (true, m) if m <= i128::from(u64::MAX) => ("unsigned long long", "u64"),
        (false, m) if min >= i128::from(i64::MIN) && m <= i128::from(i64::MAX) => {
            ("long long", "i64")
        }
        _ => return Err(format!("values {min}..={max} do not fit one 64-bit type")),
    })
}

pub(super) fn c_literal(v: i128, cty: &str) -> String {
    let suffix = match cty {
        "unsigned int" => "U",
        "long long" => "LL",
        "unsigned long long" => "ULL",
        _ => "",
    };
    // The most negative value has no literal: its negation does not fit the type.
    if v == i128::from(i32::MIN) && cty == "int" || v == i128::from(i64::MIN) {
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

/// Fills `{value}`, `{hex}`, `{text}`, `{name}`, `{bit}`, `{shift}`, `{base}`, `{table}`.
fn fill(template: &str, e: &Entry, table: &Table) -> Result<String, String> {
    let bit = single_bit(e.value);
    let needs_bit = template.contains("{bit}") || template.contains("{shift}");
    if needs_bit && bit.is_none() && e.text.as_deref().and_then(shift_of).is_none() {
        return Err(format!(
            "{}:{}: {} = {} is not a single bit",
            e.file, e.line, e.name, e.value
        ));
    }
    let text = e.text.clone().unwrap_or_else(|| e.value.to_string());
    let hex = if e.value < 0 {
        format!("-{:#x}", -e.value)
    } else {
        format!("{:#x}", e.value)
    };
    let shift = e.text.as_deref().and_then(shift_of).or(bit);
    Ok(template
        .replace("{value}", &e.value.to_string())
        .replace("{hex}", &hex)
        .replace("{text}", text.trim())
        .replace("{name}", &e.name)
        .replace("{bit}", &bit.map(|b| b.to_string()).unwrap_or_default())
        .replace("{shift}", &shift.map(|b| b.to_string()).unwrap_or_default())
        .replace("{base}", &table.base.unwrap_or(0).to_string())
        .replace("{table}", &table.name))
}

impl View {
    pub fn new(
        table: &Table,
        lang: Lang,
        provenance: Option<&Provenance>,
    ) -> Result<View, TableError> {
        let err = |why: String| TableError::Shape {
            table: table.name.clone(),
            why,
        };
        let (cty, rty) = types(table, table.shape == Shape::Flagfmt).map_err(err)?;
        let style = &table.c;
        let default_index = match table.shape {
            Shape::Flags => "{bit}",
            _ if table.base.is_some() => "{value} - {base}",
            _ => "{value}",
        };
        let index = style.index.as_deref().unwrap_or(default_index);
        let row = |e: &Entry| -> Result<Row, TableError> {
            Ok(Row {
                index: if matches!(table.shape, Shape::Array | Shape::Offset | Shape::Flags) {
                    fill(index, e, table).map_err(err)?
                } else {
                    String::new()
                },
                after: fill(&style.after, e, table).map_err(err)?,
                c_value: c_literal(e.value, cty),
                r_value: e.value.to_string(),
                c_str: c_escape(&e.display),
                r_str: format!("{:?}", e.display),
            })
        };
        let forward = table.forward();
        let rows = forward
            .iter()
            .map(|e| row(e))
            .collect::<Result<Vec<_>, _>>()?;
        let mut by_value = forward.clone();
        by_value.sort_by_key(|e| e.value);
        let sorted = by_value
            .iter()
            .map(|e| row(e))
            .collect::<Result<Vec<_>, _>>()?;
        let mut names: Vec<&Entry> = table.entries.iter().collect();
        names.sort_by(|a, b| a.display.cmp(&b.display));
        if let Some(w) = names.windows(2).find(|w| w[0].display == w[1].display)
            && matches!(table.shape, Shape::Reverse | Shape::Flagfmt)
        {
            return Err(err(format!(
                "`{}` names both {} and {}: a name → value lookup needs distinct names",
                w[0].display, w[0].name, w[1].name
            )));
        }
        let by_name = names
            .iter()
            .map(|e| row(e))
            .collect::<Result<Vec<_>, _>>()?;
        // C flag arrays may use any index expression (the zero-safe form takes 0): only Rust's
        // bit-indexed array needs single bits.
        let slots = if lang == Lang::Rust || table.shape != Shape::Flags {
            rust_slots(table, &forward).map_err(err)?
        } else {
            Vec::new()
        };
        let head = match (provenance, lang) {
            (None, _) => String::new(),
            (Some(p), Lang::C) => provenance::c_comment(table, p),
            (Some(p), _) => provenance::rust_comment(table, p),
        };
        let base = table
            .base
            .filter(|_| matches!(table.shape, Shape::Array | Shape::Offset));
        Ok(View {
            head,
            table: table.name.clone(),
            upper: table.name.to_uppercase(),
            cty,
            rty,
            rows,
            sorted,
            by_name,
            slots,
            base: base.map(|b| b.to_string()).unwrap_or_default(),
            offset_define: match base {
                Some(b) => format!("#define {}_offset {}\n", table.name, b),
                None => String::new(),
            },
            declaration: style
                .declaration
                .as_deref()
                .unwrap_or("static const char *const {table}[]")
                .replace("{table}", &table.name),
            prefix: style.prefix.clone(),
            separator: style.separator.clone(),
            trailer: style.trailer.clone(),
        })
    }
}

/// The slots of a Rust array: by value − base, or by bit number for flags.
fn rust_slots(table: &Table, forward: &[&Entry]) -> Result<Vec<String>, String> {
    let slot = |e: &Entry| -> Result<i128, String> {
        match table.shape {
            Shape::Flags => single_bit(e.value).map(i128::from).ok_or_else(|| {
                format!(
                    "{}:{}: {} = {} is not a single bit",
                    e.file, e.line, e.name, e.value
                )
            }),
            Shape::Array | Shape::Offset => {
                let i = e.value - table.base.unwrap_or(0);
                if i < 0 {
                    return Err(format!(
                        "{} = {} is below the array base {}",
                        e.name,
                        e.value,
                        table.base.unwrap_or(0)
                    ));
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
        .collect::<Result<Vec<_>, String>>()?;
    let len = indexed.iter().map(|(i, _)| i + 1).max().unwrap_or(0);
    if len > MAX_ARRAY_LEN {
        return Err(format!(
            "an array of {len} slots is too large (limit {MAX_ARRAY_LEN}): use --shape switch or sorted"
        ));
    }
    let mut slots = vec!["None".to_string(); len as usize];
    for (i, e) in indexed {
        slots[i as usize] = format!("Some({:?})", e.display);
    }
    Ok(slots)
}
