//! [`TableSpec`]: what one table is made of, how it is filtered, transformed, ordered and
//! shaped. Deserializable (the manifests of `deftab gen` reuse it as is) and buildable
//! builder-style from Rust.

use serde::{Deserialize, Serialize};

/// Where the candidate constants of a table come from. Every source applies to every header
/// of the table, and a source that selects nothing is an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Source {
    /// `#define`s whose whole name matches the regex; its first capture group, when there
    /// is one, is the displayed string (`POSIX_FADV_(\w+)` → `NORMAL`).
    Define(String),
    /// Every enumerator of the enum with this tag (`bpf_cmd`).
    Enum(String),
    /// Enumerators (of any enum) whose whole name matches the regex; capture group as above.
    Enumerator(String),
}

/// What to do with two names for one value (`BPF_PROG_RUN = BPF_PROG_TEST_RUN`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum AliasPolicy {
    /// The first name in source order keeps the value; later ones are dropped (reported).
    #[default]
    First,
    /// The last name wins; earlier ones are dropped (reported).
    Last,
    /// Keep every name: value → name lookups use the first, name → value lookups know all.
    All,
    /// An alias is an error.
    Error,
}

/// The order of the entries. Ties are broken by source order, so the output is always the
/// same for the same input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// The order of the sources, then of the headers, then of the text.
    #[default]
    Source,
    /// By value (numerically).
    Value,
    /// By displayed string (byte order), then value.
    Name,
}

/// The form of the generated lookup.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// A dense array when (max − min) / n ≤ 2, else a switch (up to 64 entries) or sorted
    /// pairs; the choice is reported.
    #[default]
    Auto,
    /// Value-indexed array (`[4] = "DONTNEED",`), minus `base` when one is set.
    Array,
    /// Array indexed relative to the smallest value, with `#define NAME_offset FIRST`.
    Offset,
    /// Array indexed by bit number, for single-bit masks.
    Flags,
    /// A switch (C) / match (Rust) function.
    Switch,
    /// `{value, name}` pairs sorted by value, for binary search.
    Sorted,
    /// Name → value lookup.
    Reverse,
    /// Format a mask as `A | B | 0x10` (bitflags' text form) and parse it back.
    Flagfmt,
}

/// How the C array shapes spell an entry: `{prefix}[{index}]{separator}"{string}",{after}`.
/// The placeholders of `index` and `after`: `{value}` (decimal), `{hex}` (`%#x`), `{text}`
/// (the value as written in the header), `{name}` (the C name), `{bit}` (bit number),
/// `{shift}` (`S` of a `(1 << S)` text, else the bit number), `{base}` (the array's base).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CStyle {
    /// The declaration before ` = {`; `{name}` is the table name.
    pub declaration: Option<String>,
    /// The index expression; the default depends on the shape (`{value}`, `{bit} + 1`, …).
    pub index: Option<String>,
    pub prefix: String,
    pub separator: String,
    /// Text after each entry's line (e.g. `#ifndef {name}` fallbacks), one line per `\n`.
    pub after: String,
    /// Text after the closing `};` (its newline included).
    pub trailer: String,
}

impl Default for CStyle {
    fn default() -> CStyle {
        CStyle {
            declaration: None,
            index: None,
            prefix: "\t".into(),
            separator: " = ".into(),
            after: String::new(),
            trailer: "\n".into(),
        }
    }
}

/// One table: its sources, filters, string transforms, alias policy, order and shape.
///
/// Filters apply in this order: sources → `include` → `exclude` and `sentinels` → (the
/// constant must have a value) → `single_bit`, `min`/`max`, `value_prefix`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableSpec {
    /// The table's identifier in generated code (`fadvise_advice`).
    pub name: String,
    /// Headers: paths, or names found like `#include <NAME>`.
    pub headers: Vec<String>,
    /// Also select the `#define`s of the files the headers include.
    pub included: bool,
    pub sources: Vec<Source>,
    /// Regexes (searched anywhere in the name) a constant must match, at least one of.
    pub include: Vec<String>,
    /// Regexes (searched anywhere in the name) that drop a constant.
    pub exclude: Vec<String>,
    /// Names that are not values but bounds or counts (`__MAX_BPF_CMD`); `*` matches any
    /// run of characters (`*_MAX`).
    pub sentinels: Vec<String>,
    /// Keep only single-bit masks (`1 << n`).
    pub single_bit: bool,
    pub min: Option<i128>,
    pub max: Option<i128>,
    /// Keep only constants whose value text starts with this (`0x`).
    pub value_prefix: Option<String>,
    /// Remove this prefix from the displayed string (when present).
    pub strip_prefix: Option<String>,
    /// Put this prefix before the displayed string.
    pub add_prefix: Option<String>,
    pub lowercase: bool,
    pub aliases: AliasPolicy,
    pub order: Order,
    pub shape: Shape,
    /// For `array`: the value of index 0.
    pub base: Option<i128>,
    pub c: CStyle,
}

impl TableSpec {
    /// A table named `name` (the identifier in generated code) over `headers`.
    pub fn new(name: &str) -> TableSpec {
        TableSpec {
            name: name.into(),
            ..TableSpec::default()
        }
    }
    pub fn header(mut self, h: &str) -> Self {
        self.headers.push(h.into());
        self
    }
    pub fn define(mut self, re: &str) -> Self {
        self.sources.push(Source::Define(re.into()));
        self
    }
    pub fn enum_tag(mut self, tag: &str) -> Self {
        self.sources.push(Source::Enum(tag.into()));
        self
    }
    pub fn enumerator(mut self, re: &str) -> Self {
        self.sources.push(Source::Enumerator(re.into()));
        self
    }
    pub fn include(mut self, re: &str) -> Self {
        self.include.push(re.into());
        self
    }
    pub fn exclude(mut self, re: &str) -> Self {
        self.exclude.push(re.into());
        self
    }
    pub fn sentinel(mut self, pattern: &str) -> Self {
        self.sentinels.push(pattern.into());
        self
    }
    pub fn single_bit(mut self) -> Self {
        self.single_bit = true;
        self
    }
    pub fn range(mut self, min: Option<i128>, max: Option<i128>) -> Self {
        (self.min, self.max) = (min, max);
        self
    }
    pub fn value_prefix(mut self, p: &str) -> Self {
        self.value_prefix = Some(p.into());
        self
    }
    pub fn strip_prefix(mut self, p: &str) -> Self {
        self.strip_prefix = Some(p.into());
        self
    }
    pub fn add_prefix(mut self, p: &str) -> Self {
        self.add_prefix = Some(p.into());
        self
    }
    pub fn lowercase(mut self) -> Self {
        self.lowercase = true;
        self
    }
    pub fn aliases(mut self, policy: AliasPolicy) -> Self {
        self.aliases = policy;
        self
    }
    pub fn order(mut self, order: Order) -> Self {
        self.order = order;
        self
    }
    pub fn shape(mut self, shape: Shape) -> Self {
        self.shape = shape;
        self
    }
    pub fn base(mut self, base: i128) -> Self {
        self.base = Some(base);
        self
    }
    pub fn c_style(mut self, c: CStyle) -> Self {
        self.c = c;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deserializes_and_refuses_unknown_fields() {
        let spec: TableSpec = serde_json::from_str(
            r#"{"name": "bpf_cmd", "headers": ["linux/bpf.h"], "sources": [{"enum": "bpf_cmd"}],
                "exclude": ["^__"], "strip_prefix": "BPF_", "aliases": "last", "shape": "switch"}"#,
        )
        .unwrap();
        assert_eq!(spec.sources, vec![Source::Enum("bpf_cmd".into())]);
        assert_eq!(spec.aliases, AliasPolicy::Last);
        assert_eq!(spec.shape, Shape::Switch);
        assert_eq!(spec.c.separator, " = ");
        let err =
            serde_json::from_str::<TableSpec>(r#"{"name": "x", "sahpe": "array"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `sahpe`"), "{err}");
        let err = serde_json::from_str::<TableSpec>(r#"{"c": {"indx": "{value}"}}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `indx`"), "{err}");
    }
}
