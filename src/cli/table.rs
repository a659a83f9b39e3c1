//! `deftab table`: select constants of headers into one lookup table and render it.

use super::output::{diagnostic, eprint, error, note, print};
use super::{EXIT_ERROR, EXIT_OK, HeaderArgs};
use crate::diag::Diagnostic;
use crate::explain::search;
use crate::header::Session;
use crate::render::{Lang, Provenance, render, render_family};
use crate::select::{
    AliasPolicy, CStyle, Order, Shape, Source, TableError, TableSpec, build_family,
};
use crate::target::{TARGETS, Target};
use clap::{ArgMatches, Args};

pub const EXAMPLES: &str = r#"Examples:
  deftab table linux/bpf.h --enum bpf_cmd --strip-prefix BPF_ --exclude '^__' --lang rust
  deftab table linux/mman.h --define 'MAP_(\w+)' --single-bit --shape flagfmt --lang rust
  deftab table --names strace/src/xlat/resources.in --kernel-tree linux-6.12 --target mips"#;

#[derive(Args, Debug)]
pub struct TableArgs {
    #[command(flatten)]
    pub headers: HeaderArgs,
    /// Headers: paths, or names looked up like `#include <NAME>`.
    #[arg(required_unless_present = "names", value_name = "HEADER")]
    pub files: Vec<String>,

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
    /// Keep only values >= N (decimal or 0x hex).
    #[arg(long, value_name = "N", value_parser = parse_int, allow_hyphen_values = true, help_heading = "Filters")]
    pub min: Option<i128>,
    /// Keep only values <= N (decimal or 0x hex).
    #[arg(long, value_name = "N", value_parser = parse_int, allow_hyphen_values = true, help_heading = "Filters")]
    pub max: Option<i128>,
    /// Keep only constants whose value, as written, starts with P (e.g. 0x).
    #[arg(long, value_name = "P", help_heading = "Filters")]
    pub value_prefix: Option<String>,

    /// Remove this prefix from the strings shown.
    #[arg(long, value_name = "P", help_heading = "Strings")]
    pub strip_prefix: Option<String>,
    /// Put this prefix before the strings shown.
    #[arg(long, value_name = "P", help_heading = "Strings")]
    pub add_prefix: Option<String>,
    /// Lower-case the strings shown (after --strip-prefix, before --add-prefix).
    #[arg(long, help_heading = "Strings")]
    pub lowercase: bool,

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

    /// Output language.
    #[arg(long, value_enum, default_value_t = Lang::C, help_heading = "Output")]
    pub lang: Lang,
    /// Leave out the header comment (deftab version, command, header paths and hashes).
    #[arg(long, help_heading = "Output")]
    pub no_provenance: bool,
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

fn parse_int(s: &str) -> Result<i128, String> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let v = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => i128::from_str_radix(hex, 16),
        None => digits.parse(),
    }
    .map_err(|e| format!("`{s}`: {e}"))?;
    Ok(if neg { -v } else { v })
}

/// `\n` and `\t` in option text, for --after and --trailer.
fn unescape(s: &str) -> String {
    s.replace("\\n", "\n").replace("\\t", "\t")
}

/// The command as typed, quoted for a POSIX shell, with the program called `deftab`.
fn command_line() -> String {
    let quote = |a: &str| {
        if !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-./=:,+@%".contains(c))
        {
            a.to_string()
        } else {
            format!("'{}'", a.replace('\'', r"'\''"))
        }
    };
    std::iter::once("deftab".to_string())
        .chain(std::env::args().skip(1).map(|a| quote(&a)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sources in command-line order (clap keeps each option's values, not their interleaving).
fn sources(args: &TableArgs, matches: Option<&ArgMatches>) -> Vec<Source> {
    let mut all: Vec<(usize, Source)> = Vec::new();
    let mut add = |id: &str, values: &[String], make: fn(String) -> Source| {
        let idx: Vec<usize> = matches
            .and_then(|m| m.indices_of(id))
            .map(|i| i.collect())
            .unwrap_or_default();
        for (n, v) in values.iter().enumerate() {
            all.push((idx.get(n).copied().unwrap_or(usize::MAX), make(v.clone())));
        }
    };
    add("defines", &args.defines, Source::Define);
    add("enums", &args.enums, Source::Enum);
    add("enumerators", &args.enumerators, Source::Enumerator);
    let offset = args.syscall_offset;
    let idx: Vec<usize> = matches
        .and_then(|m| m.indices_of("syscalls"))
        .map(|i| i.collect())
        .unwrap_or_default();
    for (n, abis) in args.syscalls.iter().enumerate() {
        let abis = match abis.as_str() {
            "all" => vec![],
            list => list.split(',').map(|a| a.trim().to_string()).collect(),
        };
        let source = Source::Syscalls(crate::select::Syscalls {
            abis,
            offset,
            header: None,
        });
        all.push((idx.get(n).copied().unwrap_or(usize::MAX), source));
    }
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, s)| s).collect()
}

/// A C identifier from the enum tag or the first header's file name with `_names`
/// (`linux/fadvise.h` → `fadvise_names`): a header's own name would clash with the C
/// library (`errno`, `signal`).
fn default_name(args: &TableArgs) -> String {
    let first = args.names.as_ref().or(args.files.first());
    let base = match args.enums.first() {
        Some(tag) => tag.clone(),
        None => std::path::Path::new(first.map_or("table", |f| f.as_str()))
            .file_stem()
            .map(|s| format!("{}_names", s.to_string_lossy()))
            .unwrap_or_else(|| "table".into()),
    };
    let mut name: String = base
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        name.insert(0, '_');
    }
    name
}

pub fn spec(args: &TableArgs, matches: Option<&ArgMatches>) -> TableSpec {
    let d = CStyle::default();
    TableSpec {
        name: args.name.clone().unwrap_or_else(|| default_name(args)),
        headers: args.files.clone(),
        included: args.included,
        sources: sources(args, matches),
        strict: args.strict,
        names: args.names.clone(),
        include: args.matching.clone(),
        exclude: args.exclude.clone(),
        sentinels: args.sentinels.clone(),
        single_bit: args.single_bit,
        min: args.min,
        max: args.max,
        value_prefix: args.value_prefix.clone(),
        strip_prefix: args.strip_prefix.clone(),
        add_prefix: args.add_prefix.clone(),
        lowercase: args.lowercase,
        aliases: args.aliases,
        order: args.order,
        shape: args.shape,
        base: args.base,
        c: CStyle {
            declaration: args.declaration.clone(),
            index: args.index.clone(),
            prefix: d.prefix,
            separator: args
                .separator
                .as_deref()
                .map(unescape)
                .unwrap_or(d.separator),
            after: args.after.as_deref().map(unescape).unwrap_or(d.after),
            trailer: args.trailer.as_deref().map(unescape).unwrap_or(d.trailer),
            ..d
        },
        ..TableSpec::default()
    }
}

pub fn run(args: TableArgs, matches: Option<&ArgMatches>) -> u8 {
    if !args.targets.is_empty() {
        return run_family(&args, matches);
    }
    let (target, options) = match args.headers.resolve(matches) {
        Ok(r) => r,
        Err(e) => {
            error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let spec = spec(&args, matches);
    let mut session = Session::new(target, options);
    let table = match spec.build(&mut session) {
        Ok(t) => t,
        Err(TableError::Header(rendered)) => {
            // Already a rendered diagnostic of the header (source line, notes).
            eprint(&format!("error: {rendered}\n"));
            return EXIT_ERROR;
        }
        Err(e) => {
            let mut d = Diagnostic::error(None, e.to_string());
            if let TableError::NoEnum { tag, near, .. } = &e {
                d = with_tag_hint(d, tag, near, &search::roots(&session));
            }
            diagnostic(&d, &session.sm);
            return EXIT_ERROR;
        }
    };
    for n in table.notes.iter().chain(&table.shape_reason) {
        note(&n.to_string());
    }
    let provenance = (!args.no_provenance).then(|| Provenance {
        command: command_line(),
    });
    match render(&table, args.lang, provenance.as_ref()) {
        Ok(out) if print(&out) => EXIT_OK,
        Ok(_) => EXIT_ERROR,
        Err(e) => {
            error(&e.to_string());
            EXIT_ERROR
        }
    }
}

/// Where the tag (or the one suggested for a typo) is defined, if some header defines it:
/// "the tag exists in linux/bpf.h:882".
fn with_tag_hint(d: Diagnostic, tag: &str, near: &str, roots: &[std::path::PathBuf]) -> Diagnostic {
    if let Some(f) = search::enum_tag(roots, tag).first() {
        return d.with_help(format!(
            "enum {tag} is defined in {}:{}; add that header",
            f.header, f.line
        ));
    }
    let suggested = near
        .strip_prefix("; did you mean: ")
        .and_then(|s| s.strip_suffix('?'))
        .and_then(|s| s.split(", ").next());
    match suggested.and_then(|t| Some((t, search::enum_tag(roots, t).into_iter().next()?))) {
        Some((t, f)) => d.with_help(format!(
            "did you mean `--enum {t}`? the tag exists in {}:{}",
            f.header, f.line
        )),
        None => d,
    }
}

/// `--targets`: the table for each target, grouped, with a lookup by architecture.
fn run_family(args: &TableArgs, matches: Option<&ArgMatches>) -> u8 {
    let targets: Result<Vec<&'static Target>, String> = if args.targets == ["all"] {
        Ok(TARGETS.iter().collect())
    } else {
        args.targets
            .iter()
            .map(|t| Target::lookup(t).map_err(|e| e.to_string()))
            .collect()
    };
    let options = |t: &Target| args.headers.options_for(t, matches);
    // Dense tables are arrays, others switches: each has the `_name` function the lookup by
    // architecture calls (render_family).
    let spec = spec(args, matches);
    let family = targets
        .and_then(|targets| build_family(&spec, &targets, &options).map_err(|e| e.to_string()));
    let family = match family {
        Ok(f) => f,
        Err(e) => {
            eprint(&format!("error: {e}\n"));
            return EXIT_ERROR;
        }
    };
    for t in &family.tables {
        for n in t.notes.iter().chain(&t.shape_reason) {
            eprint(&format!("note: {}: {n}\n", t.name));
        }
    }
    let provenance = (!args.no_provenance).then(|| Provenance {
        command: command_line(),
    });
    match render_family(&family, args.lang, provenance.as_ref()) {
        Ok(out) if print(&out) => EXIT_OK,
        Ok(_) => EXIT_ERROR,
        Err(e) => {
            eprint(&format!("error: {e}\n"));
            EXIT_ERROR
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, FromArgMatches};

    fn parse(argv: &[&str]) -> TableSpec {
        let m = crate::cli::Cli::command().get_matches_from(argv);
        let sub = m.subcommand().map(|(_, m)| m).expect("a subcommand");
        let args = TableArgs::from_arg_matches(sub).expect("table args");
        spec(&args, Some(sub))
    }

    #[test]
    fn cli_definition_is_consistent() {
        crate::cli::Cli::command().debug_assert();
    }

    #[test]
    fn sources_keep_command_line_order_and_options_map_to_the_spec() {
        let s = parse(&[
            "deftab",
            "table",
            "linux/fs.h",
            "--enumerator",
            "E_(.*)",
            "--define",
            "D_(.*)",
            "--enum",
            "t",
            "--define",
            "X",
            "--min",
            "-0x10",
            "--after",
            "#endif\\n",
            "--match",
            "A",
        ]);
        assert_eq!(
            s.sources,
            vec![
                Source::Enumerator("E_(.*)".into()),
                Source::Define("D_(.*)".into()),
                Source::Enum("t".into()),
                Source::Define("X".into())
            ]
        );
        assert_eq!(
            (s.name.as_str(), s.min, s.c.after.as_str()),
            ("t", Some(-16), "#endif\n")
        );
        assert_eq!(s.include, vec!["A"]);
        assert_eq!(
            parse(&["deftab", "table", "linux/if-x.h", "--define", "X"]).name,
            "if_x_names"
        );
    }
}
