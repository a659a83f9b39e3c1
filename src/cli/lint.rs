//! `deftab lint`: hand-kept lookup tables in C files checked against the headers.

use super::findings::{ReportFormat, print_findings};
use super::jobs::JobsArgs;
use super::output::{diagnostic, note, print};
use super::{CommandResult, Failure, HeaderArgs, Status};
use crate::lint::{self, Config, render, report};
use crate::target::{TARGETS, Target};
use clap::{ArgMatches, Args};
use std::path::PathBuf;

pub const EXAMPLES: &str = "Examples:
  deftab lint --kernel-tree . tools/perf/builtin-trace.c tools/perf/trace/beauty/*.c
  deftab lint --kernel-tree . --targets all --format json tools/perf/builtin-trace.c
  deftab lint -I include/uapi src/names.c
  deftab lint --kernel-tree . --diff old/bpf.h include/uapi/linux/bpf.h tools/perf/builtin-trace.c
  deftab lint --kernel-tree linux-6.12 --targets all strace/src/xlat/*.in

Exit status: 0 no finding; 1 a table disagrees with the headers; 2 usage or input error.";

#[derive(Args, Debug)]
pub struct LintArgs {
    #[command(flatten)]
    pub headers: HeaderArgs,
    /// Check for these targets (comma-separated, or `all`) instead of --target; each
    /// reads its default headers (its cross sysroot), its part of --kernel-tree, or the
    /// --sysroot-include directories.
    #[arg(long, value_name = "T,…", value_delimiter = ',')]
    pub targets: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// A manifest whose `[[lint]]` entries declare tables (table, file, header, prefix,
    /// enum, offset) and allow findings (allow = ["NAME", "PREFIX*"]).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Only what a header change made stale: the findings with the NEW headers that the
    /// OLD ones (read in their place: a header or a directory) did not have. NEW is what
    /// the header options read, e.g. include/uapi/linux/bpf.h or include/uapi.
    #[arg(long, num_args = 2, value_names = ["OLD", "NEW"])]
    pub diff: Vec<PathBuf>,
    /// Check every FILE as a name list (strace's src/xlat/*.in format); files ending in
    /// `.in` always are.
    #[arg(long)]
    pub names: bool,
    /// Notes (names lists have that the headers do not define) count as findings.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub jobs: JobsArgs,
    /// C files (or name lists) to check.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

pub fn run(args: LintArgs, matches: Option<&ArgMatches>) -> CommandResult {
    let (list_files, c_files): (Vec<PathBuf>, Vec<PathBuf>) = args
        .files
        .iter()
        .cloned()
        .partition(|f| args.names || lint::names::is_name_list(f));
    let config = config(&args, c_files, matches)?;
    let mut outcome = match args.diff.as_slice() {
        [old, new] => lint::check_diff(&config, old, new),
        _ => lint::check(&config),
    };
    let (lists, list_errors) =
        lint::names::check_lists(&list_files, &config.targets, args.jobs.threads());
    outcome.reports.extend(lists);
    outcome.diagnostics.extend(list_errors);
    for d in &outcome.diagnostics {
        diagnostic(d, &outcome.sm);
    }
    let names = lint::Outcome::target_names(&config);
    let printed = match (args.format, args.format.findings()) {
        (_, Some(format)) => {
            let found = lint::findings::findings(&outcome.reports, &names, args.strict);
            print_findings(format, &found)
        }
        (ReportFormat::Json, None) => print(&render::json(&outcome.reports)),
        (_, None) => print(&render::text(&outcome.reports, &names)),
    }
    .is_ok();
    if args.format == ReportFormat::Text {
        note(&render::summary(&outcome.reports));
    }
    // As every command: when both apply, differences win.
    if report::has_findings(&outcome.reports, args.strict) {
        Ok(Status::Differences)
    } else if !printed || outcome.failed() {
        Err(Failure::Reported)
    } else {
        Ok(Status::Success)
    }
}

/// The targets (`--targets`, else `--target`) with their header options.
fn config(
    args: &LintArgs,
    files: Vec<PathBuf>,
    matches: Option<&ArgMatches>,
) -> Result<Config, String> {
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
    let manifest = match &args.manifest {
        Some(path) => lint::manifest::LintManifest::read(path)?,
        None => lint::manifest::LintManifest::default(),
    };
    Ok(Config {
        files,
        targets,
        manifest,
        substitute: None,
    })
}
