//! `deftab diff`: what changed between two versions of headers, in constants.

use super::findings::{FindingsFormat, print_findings};
use super::output::{eprint, error, note, print};
use super::{CommandResult, Failure, HeaderArgs, Status};
use crate::diffplan::{ComparedPair, Plan};
use crate::drift::explain::{Outcome, PairDiff};
use crate::drift::findings::{pair_findings, table_findings};
use crate::drift::{render, tables};
use crate::generate::{Config, GenerateError, ManifestFile, presets};
use clap::{ArgMatches, Args, ValueEnum};
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
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// GitHub Actions annotations: one per changed constant or table entry, at its line.
    Github,
    /// SARIF 2.1.0, the same findings for code-scanning dashboards.
    Sarif,
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
    // The manifest's target unless --target is on the command line.
    let explicit_target = matches
        .and_then(|m| m.value_source("target"))
        .is_some_and(|s| s == clap::parser::ValueSource::CommandLine);
    let cfg = Config {
        root: args.root.clone(),
        target: explicit_target.then(|| args.headers.target.clone()),
        ..Config::default()
    };
    let mut plan = match (&args.old, &args.new) {
        (Some(o), Some(n)) if o.is_dir() && n.is_dir() => Plan::directories(o, n, base)?,
        (Some(o), Some(n)) => Plan::files(o, n, base),
        _ => Plan::copies(manifest.as_ref(), &cfg, target, base)?,
    };
    for n in &plan.notes {
        note(n);
    }
    let (mut failed, mut differs) = (false, false);
    let (mut text, mut json, mut found) = (String::new(), Vec::new(), Vec::new());
    let pairs = std::mem::take(&mut plan.pairs);
    let root = plan.root.as_deref();
    for pair in pairs {
        let ComparedPair { diff: d, old, new } = plan.compare(pair, target);
        tally(&d, &mut failed, &mut differs);
        match args.format {
            Format::Text => text += &render::text(&d, &old.sm, &new.sm, args.copies, root),
            Format::Json => json.push(render::json(&d, &old.sm, &new.sm, root).into_value()),
            Format::Github | Format::Sarif => {
                found.extend(pair_findings(&d, &old.sm, &new.sm, root));
            }
        }
    }
    let mut table_json = None;
    if let Some(mf) = &manifest {
        match plan.tables(mf, &cfg) {
            Ok(diffs) => {
                differs |= diffs.iter().any(tables::TableDiff::changed);
                match args.format {
                    Format::Text => text += &tables::text(&diffs, &mf.name),
                    Format::Json => table_json = Some(diffs),
                    Format::Github | Format::Sarif => {
                        found.extend(table_findings(&diffs, &mf.name))
                    }
                }
            }
            Err(errors) => {
                for e in errors {
                    error(&e);
                }
                failed = true;
            }
        }
    }
    match (args.format, table_json) {
        (Format::Text, _) => print(&text)?,
        (Format::Json, None) => print(&pretty(&json))?,
        (Format::Json, Some(t)) => print(&pretty(
            &serde_json::json!({ "headers": json, "tables": t }),
        ))?,
        (Format::Github, _) => print_findings(FindingsFormat::Github, &found)?,
        (Format::Sarif, _) => print_findings(FindingsFormat::Sarif, &found)?,
    };
    if !differs && !failed && (args.format != Format::Text || text.is_empty()) {
        // An empty diff prints nothing: say so rather than leave the user guessing.
        note(&match (&args.old, &args.new) {
            (Some(o), Some(n)) => format!(
                "no changes: {} and {} define the same constants",
                o.display(),
                n.display()
            ),
            _ => "no changes: the copies define the same constants as their originals".into(),
        });
    }
    // As every command: when both apply, differences win.
    match (args.exit_code && differs, failed) {
        (true, _) => Ok(Status::Differences),
        (false, true) => Err(Failure::Reported),
        (false, false) => Ok(Status::Success),
    }
}

fn pretty<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).expect("plain data serializes") + "\n"
}

/// `--manifest FILE` or `--preset NAME`, parsed; `None` without either.
pub(super) fn load_manifest(
    manifest: Option<&Path>,
    preset: Option<&str>,
) -> Result<Option<ManifestFile>, GenerateError> {
    match (manifest, preset) {
        (Some(m), _) => ManifestFile::read(m).map(Some),
        (None, Some(p)) => presets::load(p).map(Some),
        (None, None) => Ok(None),
    }
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
