//! `deftab diff`: what changed between two versions of headers, in constants.

use super::args::load_manifest;
use super::findings::{ReportFormat, print_findings};
use super::output::{eprint, error, note, print};
use super::{CommandResult, Failure, HeaderArgs, Status};
use crate::drift::findings::{pair_findings, table_findings};
use crate::drift::pair_diff::{Outcome, PairDiff};
use crate::drift::plan::{ComparedPair, Plan};
use crate::drift::{render, tables};
use crate::findings::Finding;
use crate::generate::Config;
use clap::{ArgMatches, Args};
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "Examples:
  deftab diff tools/include/uapi/linux/bpf.h include/uapi/linux/bpf.h
  deftab diff --copies --root ~/src/linux --preset perf-beauty   # and the tables they move
  deftab diff old/bpf.h new/bpf.h --manifest tables.toml --exit-code";

#[derive(Args, Debug)]
pub struct DiffArgs {
    #[command(flatten)]
    pub headers: HeaderArgs,
    /// Compare every copy that check-headers finds out of sync with its original (the
    /// manifest's [[copies]], else the built-in list of tools/perf/check-headers.sh).
    #[arg(long)]
    pub copies: bool,
    /// Also say which tables of this manifest change, built from the OLD headers and from
    /// the NEW ones (with --copies: from the copies, and from the originals of those that
    /// drifted).
    #[arg(long, value_name = "FILE", conflicts_with = "preset")]
    pub manifest: Option<PathBuf>,
    /// As --manifest, with a built-in manifest (see `deftab presets`).
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
    /// The kernel source tree (--copies; default: the manifest's root, else `.`), and the
    /// root of the manifest's [dirs].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Exit with status 1 when a constant differs (as `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// The old header or directory.
    #[arg(
        value_name = "OLD",
        required_unless_present = "copies",
        conflicts_with = "copies"
    )]
    pub old: Option<PathBuf>,
    /// The new header or directory.
    #[arg(
        value_name = "NEW",
        required_unless_present = "copies",
        conflicts_with = "copies"
    )]
    pub new: Option<PathBuf>,
}

pub fn run(args: DiffArgs, matches: Option<&ArgMatches>) -> CommandResult {
    let (target, base) = args.headers.resolve(matches)?;
    let manifest = load_manifest(args.manifest.as_deref(), args.preset.as_deref())
        .map_err(|e| e.to_string())?;
    if args.root.is_some() && !args.copies && manifest.is_none() {
        return Err("--root goes with --copies, --manifest or --preset"
            .to_string()
            .into());
    }
    let cfg = config(&args, matches);
    let mut plan = match (&args.old, &args.new) {
        (Some(o), Some(n)) if o.is_dir() && n.is_dir() => Plan::directories(o, n, base)?,
        (Some(o), Some(n)) => Plan::files(o, n, base),
        _ => Plan::copies(manifest.as_ref(), &cfg, target, base)?,
    };
    for n in &plan.notes {
        note(n);
    }
    let mut report = DiffOutput::new(args.format);
    for pair in std::mem::take(&mut plan.pairs) {
        let compared = plan.compare(pair, target);
        report.add_pair(&compared, args.copies, plan.root.as_deref());
    }
    if let Some(mf) = &manifest {
        report.add_tables(plan.tables(mf, &cfg), &mf.name);
    }
    report.print()?;
    if report.shows_nothing() {
        // An empty diff prints nothing: say so rather than leave the user guessing.
        note(&no_changes(&args));
    }
    report.status(args.exit_code)
}

/// The manifest's root and target, unless the command line gives them.
fn config(args: &DiffArgs, matches: Option<&ArgMatches>) -> Config {
    let explicit_target = matches
        .and_then(|m| m.value_source("target"))
        .is_some_and(|s| s == clap::parser::ValueSource::CommandLine);
    Config {
        root: args.root.clone(),
        target: explicit_target.then(|| args.headers.target.clone()),
        ..Config::default()
    }
}

fn no_changes(args: &DiffArgs) -> String {
    match (&args.old, &args.new) {
        (Some(o), Some(n)) => format!(
            "no changes: {} and {} define the same constants",
            o.display(),
            n.display()
        ),
        _ => "no changes: the copies define the same constants as their originals".into(),
    }
}

/// What `diff` prints, gathered pair by pair in its format, and whether anything failed or
/// differs.
struct DiffOutput {
    format: ReportFormat,
    text: String,
    json: Vec<serde_json::Value>,
    table_json: Option<Vec<tables::TableDiff>>,
    found: Vec<Finding>,
    failed: bool,
    differs: bool,
}

impl DiffOutput {
    fn new(format: ReportFormat) -> DiffOutput {
        DiffOutput {
            format,
            text: String::new(),
            json: Vec::new(),
            table_json: None,
            found: Vec::new(),
            failed: false,
            differs: false,
        }
    }

    /// A compared pair: its diagnostics on stderr, its changes in the report.
    fn add_pair(&mut self, c: &ComparedPair, copies: bool, root: Option<&Path>) {
        let (d, old, new) = (&c.diff, &c.old.sm, &c.new.sm);
        tally(d, &mut self.failed, &mut self.differs);
        match self.format {
            ReportFormat::Text => self.text += &render::text(d, old, new, copies, root),
            ReportFormat::Json => self.json.push(render::json(d, old, new, root).into_value()),
            ReportFormat::Github | ReportFormat::Sarif => {
                self.found.extend(pair_findings(d, old, new, root));
            }
        }
    }

    /// The manifest's tables compared, or why a side cannot be built (on stderr).
    fn add_tables(&mut self, diffs: Result<Vec<tables::TableDiff>, Vec<String>>, name: &str) {
        let diffs = match diffs {
            Ok(diffs) => diffs,
            Err(errors) => {
                errors.iter().for_each(|e| error(e));
                self.failed = true;
                return;
            }
        };
        self.differs |= diffs.iter().any(tables::TableDiff::changed);
        match self.format {
            ReportFormat::Text => self.text += &tables::text(&diffs, name),
            ReportFormat::Json => self.table_json = Some(diffs),
            ReportFormat::Github | ReportFormat::Sarif => {
                self.found.extend(table_findings(&diffs, name))
            }
        }
    }

    fn print(&self) -> Result<(), Failure> {
        match (self.format.findings(), &self.table_json) {
            (Some(format), _) => print_findings(format, &self.found),
            (None, _) if self.format == ReportFormat::Text => print(&self.text),
            (None, None) => print(&pretty(&self.json)),
            (None, Some(t)) => print(&pretty(
                &serde_json::json!({ "headers": self.json, "tables": t }),
            )),
        }
    }

    /// Whether nothing differs, nothing failed and the text (if text) is empty.
    fn shows_nothing(&self) -> bool {
        !self.differs && !self.failed && (self.format != ReportFormat::Text || self.text.is_empty())
    }

    /// As every command: when both apply, differences win.
    fn status(&self, exit_code: bool) -> CommandResult {
        match (exit_code && self.differs, self.failed) {
            (true, _) => Ok(Status::Differences),
            (false, true) => Err(Failure::Reported),
            (false, false) => Ok(Status::Success),
        }
    }
}

fn pretty<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).expect("plain data serializes") + "\n"
}

/// Prints the pair's diagnostics and notes whether it failed or differs.
fn tally(d: &PairDiff, failed: &mut bool, differs: &mut bool) {
    match &d.outcome {
        Outcome::Failed(e) => {
            eprint(e);
            *failed = true;
        }
        Outcome::Compared(c) => {
            for m in &c.diagnostics {
                eprint(m);
            }
            *failed |= c.errors;
            *differs |= !c.changes.is_empty();
        }
        Outcome::OnlyOld | Outcome::OnlyNew => *differs = true,
        Outcome::NotAHeader | Outcome::Unavailable(_) => {}
    }
}
