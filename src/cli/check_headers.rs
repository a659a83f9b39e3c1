//! `deftab check-headers`: the copies of kernel headers under `tools/` that drifted from
//! their originals, reported as `tools/perf/check-headers.sh` reports them.

use super::findings::{ReportFormat, print_findings};
use super::output::{note, print};
use super::{CommandResult, Failure, Status};
use crate::drift::findings::check_findings;
use crate::drift::{CheckReport, check_headers, check_pairs, pairs};
use crate::generate::{self, Config, ManifestFile};
use clap::Args;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "Examples:
  deftab check-headers --root ~/src/linux
  deftab check-headers --impact --strict   # fail only when a sync would move a table
  deftab check-headers --sync --dry-run    # what a sync of the drifted copies would write";

#[derive(Args, Debug)]
pub struct CheckHeadersArgs {
    /// The kernel source tree (the directory holding include/ and tools/); with a manifest,
    /// the root of its paths (default: the manifest's root, else `.`).
    #[arg(long, value_name = "TREE")]
    pub root: Option<PathBuf>,
    /// Check the [[copies]] of this manifest instead of the built-in list (a manifest
    /// without [[copies]] only gives the root).
    #[arg(long, value_name = "FILE", conflicts_with = "preset")]
    pub manifest: Option<PathBuf>,
    /// As --manifest, with a built-in manifest (see `deftab presets`).
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
    /// Exit with status 1 when a copy differs (upstream only warns); with --impact, only
    /// when a copy is tables-changed.
    #[arg(long)]
    pub strict: bool,
    /// Say for each drifted copy whether syncing it matters: no-constant-changed,
    /// constants-changed, tables-changed (a generated table moves, a hand-kept table goes
    /// stale, a near miss) or not-a-header; then what moves.
    #[arg(long)]
    pub impact: bool,
    /// Bring every copy the check reports back in sync with its original: the original,
    /// keeping only the differences the script's rule means (its -I patterns, the
    /// ignore-hunks file); atomic writes, each copy keeping its mode. Then print a commit
    /// message draft: which tables change, each copy's verdict and details.
    #[arg(long, conflicts_with_all = ["strict", "impact"])]
    pub sync: bool,
    /// With --sync: list what would be written, write nothing.
    #[arg(long, requires = "sync")]
    pub dry_run: bool,
    /// The machine whose headers are read (--impact).
    #[arg(long, value_name = "T", default_value = crate::target::DEFAULT_TARGET)]
    pub target: String,
    /// The report: text (the script's, or --impact's), json (--impact), GitHub Actions
    /// annotations, or SARIF (a differing copy is a warning, an error with --strict).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, value_name = "FORMAT")]
    pub format: ReportFormat,
}

pub fn run(args: CheckHeadersArgs) -> CommandResult {
    let manifest = super::args::load_manifest(args.manifest.as_deref(), args.preset.as_deref())
        .map_err(|e| e.to_string())?;
    if args.impact {
        return super::impact::run(&args, manifest);
    }
    if args.sync {
        return super::sync::run(&args, manifest);
    }
    if args.format == ReportFormat::Json {
        return Err("--format json goes with --impact".to_string().into());
    }
    let (root, report) = checked(&args, manifest.as_ref())?;
    print_report(&args, &root, &report)
}

/// The check of the manifest's `[[copies]]` (else the tree's list, in a kernel tree): the
/// root and what it found.
pub fn checked(
    args: &CheckHeadersArgs,
    manifest: Option<&ManifestFile>,
) -> Result<(PathBuf, CheckReport), Failure> {
    let cfg = Config {
        root: args.root.clone(),
        ..Config::default()
    };
    let (root, list) = match manifest.map(|mf| generate::copies(mf, &cfg)) {
        Some(Err(e)) => return Err(e.to_string().into()),
        Some(Ok((root, list))) if !list.is_empty() => {
            (Some(root), Some(pairs::from_manifest(&list)))
        }
        Some(Ok((root, _))) => (Some(root), None),
        None => (args.root.clone(), None),
    };
    let root = root.unwrap_or_else(|| PathBuf::from("."));
    if !root.is_dir() {
        return Err(format!("{}: not a directory", root.display()).into());
    }
    let report = match &list {
        Some(l) => check_pairs(&root, l),
        // Not a kernel tree: skipped as the script skips it, whatever its list.
        None if !root.join("include").is_dir() => check_headers(&root, &[]),
        None => {
            let tree = pairs::for_tree(&root)?;
            if let Some(n) = tree.note(&root) {
                note(&n);
            }
            check_headers(&root, &tree.pairs)
        }
    };
    Ok((root, report))
}

/// The report as the script prints it, or as CI findings.
fn print_report(args: &CheckHeadersArgs, root: &Path, report: &CheckReport) -> CommandResult {
    let warning = if super::output::stdout_color() {
        "\x1b[0;33mWarning\x1b[0m"
    } else {
        "Warning"
    };
    let mut out = String::new();
    if report.missing_include && args.strict {
        // A CI job run in the wrong directory must not pass.
        return Err(format!(
            "--strict: {} is not a kernel tree (no include/): pass --root DIR or run inside one",
            root.display()
        )
        .into());
    }
    if report.missing_include {
        out += &format!(
            "{warning}: Skipped check-headers due to missing {}\n",
            root.join("include").display()
        );
    }
    for m in &report.messages {
        out += m;
        out.push('\n');
    }
    if !report.differing.is_empty() {
        out += &format!("{warning}: Kernel ABI header differences:\n");
        for p in &report.differing {
            out += &format!("  diff -u {} {}\n", p.copy, p.original);
        }
    }
    for n in &report.notes {
        note(&n.to_string());
    }
    match args.format.findings() {
        None => print(&out)?,
        Some(format) => print_findings(format, &check_findings(report, root, args.strict))?,
    };
    match args.strict && !report.differing.is_empty() {
        true => Ok(Status::Differences),
        false => Ok(Status::Success),
    }
}
