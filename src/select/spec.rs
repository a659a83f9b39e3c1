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
    /// Lines of the header text matched by a regex, the way `grep | sed` scripts read
    /// headers (no preprocessing): see [`Lines`].
    Lines(Box<Lines>),
    /// The entries of a kernel syscall table (`syscall*.tbl`, named in the table's
    /// `headers`): number → name for the ABIs kept; see [`Syscalls`].
    Syscalls(Syscalls),
}

/// A syscall-table source: each line of the `.tbl` whose ABI is kept gives one entry, its
/// number plus `offset` (mips o32's 4000, x32's `0x40000000`) → its name, in file order.
/// An ABI the file does not have, a malformed line, and one number used twice by the ABIs
/// kept are errors at the file's line. The table's `min`/`max` bound the numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Syscalls {
    /// The ABIs kept (`common`, `64`); none: every line.
    pub abis: Vec<String>,
    /// Added to every number.
    pub offset: i128,
    /// Only this header of the table's `headers` (0-based); default: every header.
    pub header: Option<usize>,
    /// An ABI of `abis` the file does not have selects nothing instead of being an error
    /// (one ABI list shared by tables that differ, as `grep -E '^[0-9]+\s+(common|64)'`).
    pub absent_abis: bool,
}

/// A text source: each line of a header (no preprocessing, no comment removal) that the
/// regex matches gives one entry, in text order. The regex is Rust syntax, which accepts the
/// POSIX classes (`[[:space:]]`) of `grep -E`; it is searched in the line like `grep`.
/// A line matched by `select` but not by `regex` is an error (a `sed` would have copied it),
/// and so is a match that leaves non-blank text of its line (`xargs` would print it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Lines {
    pub regex: String,
    /// The capture group of the displayed string (the entry's name).
    pub name: usize,
    /// The capture group of the value text; 0 for none (entries are then numbered 0, 1, …).
    pub value: usize,
    /// The value text need not be an integer (it is kept as text, `{text}`; entries are
    /// numbered 0, 1, … in text order).
    pub symbolic: bool,
    /// Only this header of the table's `headers` (0-based); default: every header.
    pub header: Option<usize>,
    /// Lines must match this (`grep`) before `regex` applies.
    pub select: Option<String>,
    /// Lines matching any of these are skipped before `regex` applies (`grep -v`).
    pub exclude: Vec<String>,
    /// Lines must match every one of these (`grep`).
    pub include: Vec<String>,
    /// Entries whose key line `{value text} {name}` matches any of these are dropped.
    pub exclude_keys: Vec<String>,
    /// Macro names replaced, everywhere in the text, by the value of their first
    /// `#define NAME VALUE` line before matching (`sed s/NAME/VALUE/g`).
    pub substitute: Vec<String>,
    /// A missing header or no matching line gives no entries instead of an error.
    pub optional: bool,
    /// Use this source only when the header `header` is absent or has a line matching
    /// `regex` (`! test -f H || grep -q RE H`).
    pub only_if: Option<LinesCondition>,
}

/// See [`Lines::only_if`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinesCondition {
    pub header: usize,
    pub regex: String,
}

/// What to do with two names for one value (`BPF_PROG_RUN = BPF_PROG_TEST_RUN`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
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
    /// Keep every entry as its own row, repeated indexes included (in a C designated
    /// initializer the last one wins): what text-based generators print.
    Repeat,
}

/// The order of the entries. Ties are broken by source order, so the output is always the
/// same for the same input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// The order of the sources, then of the headers, then of the text.
    #[default]
    Source,
    /// By value (numerically).
    Value,
    /// By displayed string (byte order), then value.
    Name,
    /// By the key line `{value text} {name}` in byte order, like `sort` in the C locale.
    Text,
    /// Like `sort -n` in the C locale on the key line: by its leading decimal number (so
    /// `0x10` counts as 0), ties by the whole line's bytes.
    Numeric,
}

/// `sort_key`'s placeholders, and the displayed string's `rewrite`: see [`LayoutSpec`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rewrite {
    /// The text rewritten, a key template (default `{string}`, the displayed string).
    pub from: Option<String>,
    /// Replaced once, at its first match, like `sed s/RE/WITH/` (Rust syntax, `$1`).
    pub regex: String,
    pub with: String,
}

/// The form of the generated lookup.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
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
/// The placeholders of `index`, `after`, `entry` and `case`: `{value}` (decimal), `{hex}`
/// (C's `%#x`: `0` for zero), `{text}` (the value as written in the header), `{name}` (the C
/// name), `{string}` (the displayed string, escaped), `{raw}` (unescaped), `{bit}` (bit
/// number), `{shift}` (`S` of a `(1 << S)` text, else the bit number), `{base}` (the array's
/// base), `{base_text}` (the base as written by the entry holding it), `{table}`.
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
    /// Text after the closing `};` (its newline included). Here and in `close`, `{last}` is
    /// the value of the table's last entry.
    pub trailer: String,
    /// A whole entry (newline included), replacing `{prefix}[{index}]{separator}"{string}",\n`.
    pub entry: Option<String>,
    /// The text before the entries; default `{declaration} = {\n`.
    pub open: Option<String>,
    /// The text after the entries, before `trailer`; default `};`.
    pub close: Option<String>,
    /// Offset arrays: the define before the array; default `#define {table}_offset {base}\n`.
    pub offset: Option<String>,
    /// Switches: the parameter's name (default `value`).
    pub param: Option<String>,
    /// Switches: a case label's value (default: a C literal of the table's type).
    pub case: Option<String>,
    /// Switches: the expression the default case returns (default `0`).
    pub default: Option<String>,
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
            entry: None,
            open: None,
            close: None,
            offset: None,
            param: None,
            case: None,
            default: None,
        }
    }
}

/// One table: its name, what it reads, which constants it keeps, and how it lays them out.
/// Serialized and deserialized flat (the manifest's `[item.table]` keys, see `TableSpecToml`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "TableSpecToml", into = "TableSpecToml")]
pub struct TableSpec {
    /// The table's identifier in generated code (`fadvise_advice`).
    pub name: String,
    pub read: ReadSpec,
    pub filter: FilterSpec,
    pub layout: LayoutSpec,
    /// The machine [`TableSpec::generate`] reads the headers for (any name `deftab targets`
    /// accepts); `None`: the one being built for. Not a manifest key: a manifest's files
    /// name their targets.
    pub target: Option<String>,
}

/// What a table reads: its headers and the sources of candidate constants in them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadSpec {
    /// Headers: paths, or names found like `#include <NAME>`.
    pub headers: Vec<String>,
    /// Also select the `#define`s of the files the headers include.
    pub included: bool,
    pub sources: Vec<Source>,
    /// A name list (strace's `src/xlat/*.in` format, or plain names one per line) instead
    /// of sources: its entries in its order, headers' values, fallbacks where the headers
    /// lack a name (see `select/names.rs`).
    pub names: Option<String>,
    /// Take the macros of the whole translation unit (the header and everything it
    /// includes) that are still defined at its end, like `gcc -E -dM`; enumerators of every
    /// file. Default: only what the header itself writes.
    pub whole_unit: bool,
    /// A constant a pattern selects that is not an integer constant expression (a pointer,
    /// a string, a floating value, a call) is an error, as a constant named explicitly
    /// always is; by default a pattern skips it with a note.
    pub strict: bool,
    /// Leave out, each with a note, the constants that need the layout of a struct or union
    /// the target's headers do not define (the ioctls of other architectures in
    /// `linux/kvm.h`); without it they are an error like any constant without a value.
    pub skip_undefined_records: bool,
}

/// Which of the candidate constants a table keeps, and what it does with aliases.
///
/// Filters apply in this order: sources → `include`, `value_prefix`, `value_regex` →
/// `exclude` and `sentinels` → (the constant must have a value) → `single_bit`, `min`/`max`.
/// Every filter applies to every kind of source: to text sources ([`Source::Lines`],
/// [`Source::Syscalls`]) on the captured name, value and value text, to a name list on its
/// entries' names, values and value texts (the headers' or the fallback's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterSpec {
    /// Regexes (searched anywhere in the name) a constant must match, at least one of.
    pub include: Vec<String>,
    /// Regexes (searched anywhere in the name) that drop a constant.
    pub exclude: Vec<String>,
    /// Names that are not values but bounds or counts (`__MAX_BPF_CMD`); `*` matches any
    /// run of characters (`*_MAX`).
    pub sentinels: Vec<String>,
    /// Keep only single-bit masks (`1 << n`).
    pub single_bit: bool,
    /// Names that belong to one architecture: kernel architecture (`s390`, `x86`) → a regex
    /// (searched in the name, like `exclude`). Read for one target, the table leaves out the
    /// names of every other architecture listed (`KVM_S390_*` but on s390).
    pub arch_names: std::collections::BTreeMap<String, String>,
    pub min: Option<i128>,
    pub max: Option<i128>,
    /// Keep only constants whose value text starts with this (`0x`).
    pub value_prefix: Option<String>,
    /// Keep only constants whose value text matches this regex (searched, `^` anchors).
    pub value_regex: Option<String>,
    pub aliases: AliasPolicy,
}

/// How a table lays out what it keeps: the displayed strings, the order, the shape and
/// its C spelling.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LayoutSpec {
    /// Remove this prefix from the displayed string (when present).
    pub strip_prefix: Option<String>,
    /// Put this prefix before the displayed string.
    pub add_prefix: Option<String>,
    pub lowercase: bool,
    /// The displayed string made anew: a key template rewritten by a regex (the last step,
    /// after the prefixes, the case and the order).
    pub rewrite: Option<Rewrite>,
    pub order: Order,
    /// Instead of `order`: the entries sorted by this text in byte order (`sort` in the C
    /// locale), filled per entry: `{name}`, `{string}` (displayed, before `rewrite`),
    /// `{text}` (the value as written), `{value}`; `{name:0<20}` pads on the right with `0`
    /// to 20 characters (Rust's format syntax). Ties keep source order.
    pub sort_key: Option<String>,
    pub shape: Shape,
    /// For `array`: the value of index 0.
    pub base: Option<i128>,
    /// For `flagfmt`: the constant that masks a multi-bit field of the flags (`O_ACCMODE`).
    /// Entries whose bits all lie inside it are the field's values, shown by equality
    /// (`O_RDONLY` is 0); the others are flags.
    pub field: Option<String>,
    pub c: CStyle,
}

/// The manifest's spelling of a [`TableSpec`]: every key at one level, so that
/// `deny_unknown_fields` (which `#[serde(flatten)]` would disable) names a misspelt key.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct TableSpecToml {
    /// The table's identifier in generated code (`fadvise_advice`).
    name: String,
    /// Headers: paths, or names found like `#include <NAME>`.
    headers: Vec<String>,
    /// Also select the `#define`s of the files the headers include.
    included: bool,
    sources: Vec<Source>,
    /// A constant a pattern selects that is not an integer constant expression (a pointer,
    /// a string, a floating value, a call) is an error, as a constant named explicitly
    /// always is; by default a pattern skips it with a note.
    strict: bool,
    /// A name list (strace's `src/xlat/*.in` format, or plain names one per line) instead
    /// of sources: its entries in its order, headers' values, fallbacks where the headers
    /// lack a name (see `select/names.rs`).
    names: Option<String>,
    /// Regexes (searched anywhere in the name) a constant must match, at least one of.
    include: Vec<String>,
    /// Regexes (searched anywhere in the name) that drop a constant.
    exclude: Vec<String>,
    /// Names that are not values but bounds or counts (`__MAX_BPF_CMD`); `*` matches any
    /// run of characters (`*_MAX`).
    sentinels: Vec<String>,
    /// Keep only single-bit masks (`1 << n`).
    single_bit: bool,
    /// Names that belong to one architecture: kernel architecture (`s390`, `x86`) → a regex
    /// (searched in the name, like `exclude`). Read for one target, the table leaves out the
    /// names of every other architecture listed (`KVM_S390_*` but on s390).
    arch_names: std::collections::BTreeMap<String, String>,
    /// Leave out, each with a note, the constants that need the layout of a struct or union
    /// the target's headers do not define (the ioctls of other architectures in
    /// `linux/kvm.h`); without it they are an error like any constant without a value.
    skip_undefined_records: bool,
    min: Option<i128>,
    max: Option<i128>,
    /// Keep only constants whose value text starts with this (`0x`).
    value_prefix: Option<String>,
    /// Keep only constants whose value text matches this regex (searched, `^` anchors).
    value_regex: Option<String>,
    /// Take the macros of the whole translation unit (the header and everything it
    /// includes) that are still defined at its end, like `gcc -E -dM`; enumerators of every
    /// file. Default: only what the header itself writes.
    whole_unit: bool,
    /// Remove this prefix from the displayed string (when present).
    strip_prefix: Option<String>,
    /// Put this prefix before the displayed string.
    add_prefix: Option<String>,
    lowercase: bool,
    /// The displayed string made anew from a key template and a regex.
    rewrite: Option<Rewrite>,
    aliases: AliasPolicy,
    order: Order,
    /// Instead of `order`: sorted by this filled-in text, in byte order.
    sort_key: Option<String>,
    shape: Shape,
    /// For `array`: the value of index 0.
    base: Option<i128>,
    /// For `flagfmt`: the constant that masks a multi-bit field of the flags (`O_ACCMODE`).
    /// Entries whose bits all lie inside it are the field's values, shown by equality
    /// (`O_RDONLY` is 0); the others are flags.
    field: Option<String>,
    c: CStyle,
}

impl From<TableSpecToml> for TableSpec {
    fn from(t: TableSpecToml) -> TableSpec {
        TableSpec {
            name: t.name,
            read: ReadSpec {
                headers: t.headers,
                included: t.included,
                sources: t.sources,
                names: t.names,
                whole_unit: t.whole_unit,
                strict: t.strict,
                skip_undefined_records: t.skip_undefined_records,
            },
            filter: FilterSpec {
                include: t.include,
                exclude: t.exclude,
                sentinels: t.sentinels,
                single_bit: t.single_bit,
                arch_names: t.arch_names,
                min: t.min,
                max: t.max,
                value_prefix: t.value_prefix,
                value_regex: t.value_regex,
                aliases: t.aliases,
            },
            layout: LayoutSpec {
                strip_prefix: t.strip_prefix,
                add_prefix: t.add_prefix,
                lowercase: t.lowercase,
                rewrite: t.rewrite,
                order: t.order,
                sort_key: t.sort_key,
                shape: t.shape,
                base: t.base,
                field: t.field,
                c: t.c,
            },
            target: None,
        }
    }
}

impl From<TableSpec> for TableSpecToml {
    fn from(s: TableSpec) -> TableSpecToml {
        let TableSpec {
            name,
            read,
            filter,
            layout,
            target: _,
        } = s;
        TableSpecToml {
            name,
            headers: read.headers,
            included: read.included,
            sources: read.sources,
            strict: read.strict,
            names: read.names,
            include: filter.include,
            exclude: filter.exclude,
            sentinels: filter.sentinels,
            single_bit: filter.single_bit,
            arch_names: filter.arch_names,
            skip_undefined_records: read.skip_undefined_records,
            min: filter.min,
            max: filter.max,
            value_prefix: filter.value_prefix,
            value_regex: filter.value_regex,
            whole_unit: read.whole_unit,
            strip_prefix: layout.strip_prefix,
            add_prefix: layout.add_prefix,
            lowercase: layout.lowercase,
            rewrite: layout.rewrite,
            aliases: filter.aliases,
            order: layout.order,
            sort_key: layout.sort_key,
            shape: layout.shape,
            base: layout.base,
            field: layout.field,
            c: layout.c,
        }
    }
}

impl TableSpec {
    /// A table named `name` (the identifier in generated code) over `headers`.
    pub fn new(name: &str) -> TableSpec {
        TableSpec {
            name: name.into(),
            ..TableSpec::default()
        }
    }
    /// Reads the headers for this machine in [`TableSpec::generate`]: a short name (`mips`),
    /// a GNU triplet or a Debian architecture, as `deftab targets` lists them.
    pub fn target(mut self, name: &str) -> Self {
        self.target = Some(name.into());
        self
    }
    pub fn header(mut self, h: &str) -> Self {
        self.read.headers.push(h.into());
        self
    }
    pub fn define(mut self, re: &str) -> Self {
        self.read.sources.push(Source::Define(re.into()));
        self
    }
    pub fn enum_tag(mut self, tag: &str) -> Self {
        self.read.sources.push(Source::Enum(tag.into()));
        self
    }
    /// Entries of a syscall table (the spec's header is the `.tbl` file).
    pub fn syscalls(mut self, abis: &[&str], offset: i128) -> Self {
        self.read.sources.push(Source::Syscalls(Syscalls {
            abis: abis.iter().map(|a| a.to_string()).collect(),
            offset,
            header: None,
            absent_abis: false,
        }));
        self
    }
    pub fn enumerator(mut self, re: &str) -> Self {
        self.read.sources.push(Source::Enumerator(re.into()));
        self
    }
    pub fn include(mut self, re: &str) -> Self {
        self.filter.include.push(re.into());
        self
    }
    pub fn exclude(mut self, re: &str) -> Self {
        self.filter.exclude.push(re.into());
        self
    }
    pub fn sentinel(mut self, pattern: &str) -> Self {
        self.filter.sentinels.push(pattern.into());
        self
    }
    pub fn single_bit(mut self) -> Self {
        self.filter.single_bit = true;
        self
    }
    pub fn range(mut self, min: Option<i128>, max: Option<i128>) -> Self {
        (self.filter.min, self.filter.max) = (min, max);
        self
    }
    pub fn value_prefix(mut self, p: &str) -> Self {
        self.filter.value_prefix = Some(p.into());
        self
    }
    pub fn strip_prefix(mut self, p: &str) -> Self {
        self.layout.strip_prefix = Some(p.into());
        self
    }
    pub fn add_prefix(mut self, p: &str) -> Self {
        self.layout.add_prefix = Some(p.into());
        self
    }
    pub fn lowercase(mut self) -> Self {
        self.layout.lowercase = true;
        self
    }
    pub fn aliases(mut self, policy: AliasPolicy) -> Self {
        self.filter.aliases = policy;
        self
    }
    pub fn order(mut self, order: Order) -> Self {
        self.layout.order = order;
        self
    }
    pub fn shape(mut self, shape: Shape) -> Self {
        self.layout.shape = shape;
        self
    }
    pub fn base(mut self, base: i128) -> Self {
        self.layout.base = Some(base);
        self
    }
    pub fn field(mut self, mask_name: &str) -> Self {
        self.layout.field = Some(mask_name.into());
        self
    }
    pub fn c_style(mut self, c: CStyle) -> Self {
        self.layout.c = c;
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
        assert_eq!(spec.read.sources, vec![Source::Enum("bpf_cmd".into())]);
        assert_eq!(spec.filter.aliases, AliasPolicy::Last);
        assert_eq!(spec.layout.shape, Shape::Switch);
        assert_eq!(spec.layout.c.separator, " = ");
        let err =
            serde_json::from_str::<TableSpec>(r#"{"name": "x", "sahpe": "array"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `sahpe`"), "{err}");
        let err = serde_json::from_str::<TableSpec>(r#"{"c": {"indx": "{value}"}}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `indx`"), "{err}");
    }

    #[test]
    fn serializes_flat_and_round_trips() {
        let spec = TableSpec::new("t")
            .header("a.h")
            .define("A_(.*)")
            .exclude("^__")
            .strip_prefix("A_")
            .shape(Shape::Array);
        let value = serde_json::to_value(&spec).unwrap();
        assert_eq!(value["headers"], serde_json::json!(["a.h"]));
        assert_eq!(value["exclude"], serde_json::json!(["^__"]));
        assert_eq!(value["shape"], "array");
        assert!(value.get("read").is_none() && value.get("layout").is_none());
        assert_eq!(serde_json::from_value::<TableSpec>(value).unwrap(), spec);
    }
}
