//! `deftab lint`: hand-kept lookup tables in C files checked against the headers.

use super::output::{diagnostic, error, note, print};
use super::{EXIT_DIFFERENCES, EXIT_ERROR, EXIT_OK, HeaderArgs};
use crate::lint::{self, Config, render, report};
use crate::target::{TARGETS, Target};
use clap::{ArgMatches, Args, ValueEnum};
use std::path::PathBuf;

pub const EXAMPLES: &str = "Examples:
  deftab lint --kernel-tree . tools/perf/builtin-trace.c tools/perf/trace/beauty/*.c
  deftab lint --kernel-tree . --targets all --format json tools/perf/builtin-trace.c
  deftab lint -I include/uapi src/names.c

Exit status: 0 no finding; 1 a table disagrees with the headers; 2 usage or input error.";

#[derive(Args, Debug)]
pub struct LintArgs {
    #[command(flatten)]
    pub headers: HeaderArgs,
    /// Check for these targets (comma-separated, or `all`) instead of --target; each
    /// reads its default headers (its cross sysroot) or its part of --kernel-tree.
    #[arg(
        long,
        value_name = "T,…",
        value_delimiter = ',',
        conflicts_with = "system"
    )]
    pub targets: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// C files to check.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per finding, then the tables not checked.
    Text,
    /// An array, one object per table.
    Json,
}

pub fn run(args: LintArgs, matches: Option<&ArgMatches>) -> u8 {
    let config = match config(&args, matches) {
        Ok(c) => c,
        Err(e) => {
            error(&e);
            return EXIT_ERROR;
        }
    };
    let outcome = lint::check(&config);
    for d in &outcome.diagnostics {
        diagnostic(d, &outcome.sm);
    }
    let names = lint::Outcome::target_names(&config);
    let printed = match args.format {
        Format::Text => print(&render::text(&outcome.reports, &names)),
        Format::Json => print(&render::json(&outcome.reports)),
    };
    if args.format == Format::Text {
        note(&render::summary(&outcome.reports));
    }
    if report::has_findings(&outcome.reports) {
        EXIT_DIFFERENCES
    } else if !printed || outcome.failed() {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

/// The targets (`--targets`, else `--target`) with their header options.
fn config(args: &LintArgs, matches: Option<&ArgMatches>) -> Result<Config, String> {
    let targets: Vec<&'static Target> = if args.targets.is_empty() {
        vec![args.headers.target()?]
    } else if args.targets == ["all"] {
        TARGETS.iter().collect()
    } else {
        args.targets
            .iter()
            .map(|t| Target::lookup(t).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?
    };
    let targets = targets
        .into_iter()
        .map(|t| Ok((t, args.headers.options_for(t, matches)?)))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Config {
        files: args.files.clone(),
        targets,
    })
}
