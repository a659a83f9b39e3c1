//! The options of `deftab table`, in the groups `--help` shows them: sources, filters,
//! strings, the table's shape, output and C array style.

use super::HeaderArgs;
use crate::render::Lang;
use crate::select::{AliasPolicy, CStyle, Order, Shape};
use clap::Args;

#[derive(Args, Debug)]
pub struct TableArgs {
    #[command(flatten)]
    pub headers: HeaderArgs,
    /// Headers: paths, or names looked up like `#include <NAME>`.
    #[arg(required_unless_present = "names", value_name = "HEADER")]
    pub files: Vec<String>,
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub strings: StringArgs,
    #[command(flatten)]
    pub shape: ShapeArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub c_style: CStyleArgs,
}

/// What to select, in command-line order (at least one).
#[derive(Args, Debug)]
pub struct SourceArgs {
    /// A name list (strace's src/xlat/*.in format, or names one per line) as the source: its
    /// entries in its order, the headers' values (its #From headers and HEADERs), its
    /// fallbacks only where the headers lack a name (reported).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["defines", "enums", "enumerators"],
        help_heading = "Sources (at least one, in order)"
    )]
    pub names: Option<String>,
    /// Select #defines whose whole name matches RE; its first capture group is the string shown.
    #[arg(
        long = "define",
        value_name = "RE",
        help_heading = "Sources (at least one, in order)"
    )]
    pub defines: Vec<String>,
    /// Also select #defines of the files the headers include (asm/unistd.h → asm/unistd_64.h).
    #[arg(long, help_heading = "Sources (at least one, in order)")]
    pub included: bool,
    /// Select every enumerator of `enum TAG`.
    #[arg(
        long = "enum",
        value_name = "TAG",
        help_heading = "Sources (at least one, in order)"
    )]
    pub enums: Vec<String>,
    /// Select enumerators whose whole name matches RE (capture group as for --define).
    #[arg(
        long = "enumerator",
        value_name = "RE",
        help_heading = "Sources (at least one, in order)"
    )]
    pub enumerators: Vec<String>,
    /// Read the header as a kernel syscall table (`syscall_64.tbl`): number → name for these
    /// ABIs (comma-separated, e.g. `common,64`; `all`: every line).
    #[arg(
        long = "syscalls",
        value_name = "ABI,…",
        help_heading = "Sources (at least one, in order)"
    )]
    pub syscalls: Vec<String>,
    /// With --syscalls: added to every number (mips o32: 4000, x32: 0x40000000).
    #[arg(long, value_name = "N", value_parser = parse_int, default_value_t = 0, help_heading = "Sources (at least one, in order)")]
    pub syscall_offset: i128,
}

/// Which of the selected constants to keep.
#[derive(Args, Debug)]
pub struct FilterArgs {
    /// Keep only names matching one of these regexes (searched anywhere in the name).
    #[arg(long = "match", value_name = "RE", help_heading = "Filters")]
    pub matching: Vec<String>,
    /// Drop names matching this regex (searched anywhere in the name), e.g. '^__'.
    #[arg(long, value_name = "RE", help_heading = "Filters")]
    pub exclude: Vec<String>,
    /// Drop a bound or count by name; `*` matches anything ('__MAX_BPF_CMD', '*_MAX').
    #[arg(long = "sentinel", value_name = "NAME", help_heading = "Filters")]
    pub sentinels: Vec<String>,
    /// Keep only single-bit masks.
    #[arg(long, help_heading = "Filters")]
    pub single_bit: bool,
    /// A constant a pattern selects that is not an integer constant expression (pointer,
    /// string, floating, call) is an error instead of a note.
    #[arg(long, help_heading = "Filters")]
    pub strict: bool,
    /// Keep only values >= N (as C writes it: decimal, 0x hex, 0b binary, 0 octal).
    #[arg(long, value_name = "N", value_parser = parse_int, allow_hyphen_values = true, help_heading = "Filters")]
    pub min: Option<i128>,
    /// Keep only values <= N (as C writes it: decimal, 0x hex, 0b binary, 0 octal).
    #[arg(long, value_name = "N", value_parser = parse_int, allow_hyphen_values = true, help_heading = "Filters")]
    pub max: Option<i128>,
    /// Keep only constants whose value, as written, starts with P (e.g. 0x).
    #[arg(long, value_name = "P", help_heading = "Filters")]
    pub value_prefix: Option<String>,
}

/// How the names are shown.
#[derive(Args, Debug)]
pub struct StringArgs {
    /// Remove this prefix from the strings shown.
    #[arg(long, value_name = "P", help_heading = "Strings")]
    pub strip_prefix: Option<String>,
    /// Put this prefix before the strings shown.
    #[arg(long, value_name = "P", help_heading = "Strings")]
    pub add_prefix: Option<String>,
    /// Lower-case the strings shown (after --strip-prefix, before --add-prefix).
    #[arg(long, help_heading = "Strings")]
    pub lowercase: bool,
}

/// The table: its name, aliases, order, form, and the targets it covers.
#[derive(Args, Debug)]
pub struct ShapeArgs {
    /// The table's identifier in the generated code (default: the enum tag, or the header's
    /// name with `_names`: errno.h → errno_names).
    #[arg(long, value_name = "NAME", help_heading = "Table")]
    pub name: Option<String>,
    /// Two names with one value: the first or last wins (the other is reported), keep all, or fail.
    #[arg(long, value_enum, default_value_t = AliasPolicy::First, help_heading = "Table")]
    pub aliases: AliasPolicy,
    /// Entry order (ties keep source order).
    #[arg(long, value_enum, default_value_t = Order::Source, help_heading = "Table")]
    pub order: Order,
    /// The lookup's form; auto: array when (max - min) / n <= 2, else switch or sorted.
    #[arg(long, value_enum, default_value_t = Shape::Auto, help_heading = "Table")]
    pub shape: Shape,
    /// For --shape array: the value at index 0.
    #[arg(long, value_name = "N", value_parser = parse_int, allow_hyphen_values = true, help_heading = "Table")]
    pub base: Option<i128>,
    /// One table per architecture and a lookup by architecture name, for these targets
    /// (comma-separated, or `all`) instead of --target. Targets with identical tables
    /// share one; each reads its default headers (its cross sysroot) or its part of
    /// --kernel-tree. Dense C and Rust tables are arrays (see --shape), others switches.
    #[arg(
        long,
        value_name = "T,…",
        value_delimiter = ',',
        conflicts_with = "system",
        help_heading = "Table"
    )]
    pub targets: Vec<String>,
}

/// The language and the header comment.
#[derive(Args, Debug)]
pub struct OutputArgs {
    /// Output language.
    #[arg(long, value_enum, default_value_t = Lang::C, help_heading = "Output")]
    pub lang: Lang,
    /// Leave out the header comment (deftab version, command, header paths and hashes).
    #[arg(long, help_heading = "Output")]
    pub no_provenance: bool,
}

/// The text of C arrays.
#[derive(Args, Debug)]
pub struct CStyleArgs {
    /// C arrays: the index expression, with {value} {hex} {text} {name} {bit} {shift} {base},
    /// e.g. 'ilog2({text}) + 1' or '{text} ? (ilog2({text}) + 1) : 0'.
    #[arg(long, value_name = "EXPR", help_heading = "C array style")]
    pub index: Option<String>,
    /// C arrays: the declaration before ` = {` ({table} is the name).
    #[arg(long, value_name = "DECL", help_heading = "C array style")]
    pub declaration: Option<String>,
    /// C arrays: text between `]` and the string (default ' = ').
    #[arg(long, value_name = "TEXT", help_heading = "C array style")]
    pub separator: Option<String>,
    /// C arrays: text after each entry line (placeholders as --index; \n and \t are expanded).
    #[arg(long, value_name = "TEXT", help_heading = "C array style")]
    pub after: Option<String>,
    /// Text after the closing `};` (default '\n').
    #[arg(long, value_name = "TEXT", help_heading = "C array style")]
    pub trailer: Option<String>,
}

/// An integer option: written as in C (decimal, `0x` hex, `0b` binary, `0` octal), maybe
/// negative.
fn parse_int(s: &str) -> Result<i128, String> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let v = crate::ctype::literal::integer_value(digits)
        .and_then(|v| i128::try_from(v).ok())
        .ok_or_else(|| format!("`{s}` is not an integer (decimal, 0x hex, 0b binary, 0 octal)"))?;
    Ok(if neg { -v } else { v })
}

impl CStyleArgs {
    /// The style, the defaults where an option is not given.
    pub fn style(&self) -> CStyle {
        let d = CStyle::default();
        let text = |option: &Option<String>, default: String| {
            option.as_deref().map(unescape).unwrap_or(default)
        };
        CStyle {
            declaration: self.declaration.clone(),
            index: self.index.clone(),
            separator: text(&self.separator, d.separator.clone()),
            after: text(&self.after, d.after.clone()),
            trailer: text(&self.trailer, d.trailer.clone()),
            ..d
        }
    }
}

/// `\n` and `\t` in option text, for --after and --trailer.
fn unescape(s: &str) -> String {
    s.replace("\\n", "\n").replace("\\t", "\t")
}
