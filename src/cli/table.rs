//! `deftab table`: select constants of headers into one lookup table and render it.

use super::output::{eprint, note, print};
pub use super::table_args::TableArgs;
use super::{CommandResult, Failure, Status};
use crate::diag::Diagnostic;
use crate::explain::search;
use crate::header::Session;
use crate::render::{Provenance, render, render_per_target};
use crate::select::{
    FilterSpec, LayoutSpec, ReadSpec, Source, TableError, TableSpec, build_per_target,
};
use crate::target::{TARGETS, Target};
use clap::ArgMatches;

pub const EXAMPLES: &str = r#"Examples:
  deftab table linux/bpf.h --enum bpf_cmd --strip-prefix BPF_ --exclude '^__' --lang rust
  deftab table linux/mman.h --define 'MAP_(\w+)' --single-bit --shape flagfmt --lang rust
  deftab table --names strace/src/xlat/resources.in --kernel-tree linux-6.12 --target mips"#;

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
    add("defines", &args.sources.defines, Source::Define);
    add("enums", &args.sources.enums, Source::Enum);
    add("enumerators", &args.sources.enumerators, Source::Enumerator);
    let offset = args.sources.syscall_offset;
    let idx: Vec<usize> = matches
        .and_then(|m| m.indices_of("syscalls"))
        .map(|i| i.collect())
        .unwrap_or_default();
    for (n, abis) in args.sources.syscalls.iter().enumerate() {
        let abis = match abis.as_str() {
            "all" => vec![],
            list => list.split(',').map(|a| a.trim().to_string()).collect(),
        };
        let source = Source::Syscalls(crate::select::Syscalls {
            abis,
            offset,
            header: None,
            absent_abis: false,
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
    let first = args.sources.names.as_ref().or(args.files.first());
    let base = match args.sources.enums.first() {
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
    TableSpec {
        name: args
            .shape
            .name
            .clone()
            .unwrap_or_else(|| default_name(args)),
        read: ReadSpec {
            headers: args.files.clone(),
            included: args.sources.included,
            sources: sources(args, matches),
            strict: args.filters.strict,
            names: args.sources.names.clone(),
            ..ReadSpec::default()
        },
        filter: FilterSpec {
            include: args.filters.matching.clone(),
            exclude: args.filters.exclude.clone(),
            sentinels: args.filters.sentinels.clone(),
            single_bit: args.filters.single_bit,
            min: args.filters.min,
            max: args.filters.max,
            value_prefix: args.filters.value_prefix.clone(),
            aliases: args.shape.aliases,
            ..FilterSpec::default()
        },
        layout: LayoutSpec {
            strip_prefix: args.strings.strip_prefix.clone(),
            add_prefix: args.strings.add_prefix.clone(),
            lowercase: args.strings.lowercase,
            order: args.shape.order,
            shape: args.shape.shape,
            base: args.shape.base,
            c: args.c_style.style(),
            ..LayoutSpec::default()
        },
        // `--target` reads the headers through the command's own session.
        target: None,
    }
}

pub fn run(args: TableArgs, matches: Option<&ArgMatches>) -> CommandResult {
    if !args.shape.targets.is_empty() {
        return run_per_target(&args, matches);
    }
    let (target, options) = args.headers.resolve(matches)?;
    let spec = spec(&args, matches);
    let mut session = Session::new(target, options);
    let table = match spec.build(&mut session) {
        Ok(t) => t,
        // Already a rendered diagnostic of the header (source line, notes), or a name
        // list's error at its file:line.
        Err(e @ (TableError::Header(_) | TableError::ListUnit(_))) => {
            return Err(Failure::plain(e));
        }
        Err(e) => {
            let mut d = Diagnostic::error(None, e.to_string());
            if let TableError::NoEnum { tag, near, .. } = &e {
                d = with_tag_hint(d, tag, near, &search::roots(&session));
            }
            return Err(Failure::diagnostic(&d, &session.sm));
        }
    };
    for n in table
        .notes
        .iter()
        .map(|n| &n.text)
        .chain(&table.shape_reason)
    {
        note(&n.to_string());
    }
    let provenance = (!args.output.no_provenance).then(|| Provenance {
        command: command_line(),
    });
    let out = render(&table, args.output.lang, provenance.as_ref()).map_err(|e| e.to_string())?;
    print(&out)?;
    Ok(Status::Success)
}

/// Where the tag (or the one suggested for a typo) is defined, if some header defines it:
/// "the tag exists in linux/bpf.h:882".
fn with_tag_hint(d: Diagnostic, tag: &str, near: &str, roots: &[std::path::PathBuf]) -> Diagnostic {
    let index = search::index(roots);
    let enum_tag = |tag: &str| index.definitions(&format!("enum {tag}")).into_iter().next();
    if let Some(f) = enum_tag(tag) {
        return d.with_help(format!(
            "enum {tag} is defined in {}:{}; add that header",
            f.header, f.line
        ));
    }
    let suggested = near
        .strip_prefix("; did you mean: ")
        .and_then(|s| s.strip_suffix('?'))
        .and_then(|s| s.split(", ").next());
    match suggested.and_then(|t| Some((t, enum_tag(t)?))) {
        Some((t, f)) => d.with_help(format!(
            "did you mean `--enum {t}`? the tag exists in {}:{}",
            f.header, f.line
        )),
        None => d,
    }
}

/// `--targets`: the table for each target, grouped, with a lookup by architecture.
fn run_per_target(args: &TableArgs, matches: Option<&ArgMatches>) -> CommandResult {
    let targets: Result<Vec<&'static Target>, String> = if args.shape.targets == ["all"] {
        Ok(TARGETS.iter().collect())
    } else {
        args.shape
            .targets
            .iter()
            .map(|t| Target::lookup(t).map_err(|e| e.to_string()))
            .collect()
    };
    let options = |t: &Target| args.headers.options_for(t, matches);
    // Dense tables are arrays, others switches: each has the `_name` function the lookup by
    // architecture calls (render_per_target).
    let spec = spec(args, matches);
    let per_target = targets
        .and_then(|targets| build_per_target(&spec, &targets, &options).map_err(|e| e.to_string()));
    let per_target = per_target.map_err(Failure::plain)?;
    for t in &per_target.tables {
        for n in t.notes.iter().map(|n| &n.text).chain(&t.shape_reason) {
            eprint(&format!("note: {}: {n}\n", t.name));
        }
    }
    let provenance = (!args.output.no_provenance).then(|| Provenance {
        command: command_line(),
    });
    let out = render_per_target(&per_target, args.output.lang, provenance.as_ref())
        .map_err(Failure::plain)?;
    print(&out)?;
    Ok(Status::Success)
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
            s.read.sources,
            vec![
                Source::Enumerator("E_(.*)".into()),
                Source::Define("D_(.*)".into()),
                Source::Enum("t".into()),
                Source::Define("X".into())
            ]
        );
        assert_eq!(
            (s.name.as_str(), s.filter.min, s.layout.c.after.as_str()),
            ("t", Some(-16), "#endif\n")
        );
        assert_eq!(s.filter.include, vec!["A"]);
        assert_eq!(
            parse(&["deftab", "table", "linux/if-x.h", "--define", "X"]).name,
            "if_x_names"
        );
    }
}
