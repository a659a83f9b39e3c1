//! `deftab generate` and `deftab presets`: every table of a manifest, written or checked.

use super::findings::{FindingsFormat, print_findings};
use super::jobs::JobsArgs;
use super::output::{self, Verbosity, eprint, print};
use super::{CommandResult, Failure, Status};
use crate::generate::findings::findings;
use crate::generate::write::{Status as FileStatus, apply};
use crate::generate::{self, Config, GenerateError, ManifestFile, presets};
use crate::select::NoteKind;
use clap::{ArgGroup, Args, builder::PossibleValuesParser};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const EXAMPLES: &str = r#"Exit status: 0 done (or, with --check, every file current); 1 --check found stale or
missing files; 2 error (bad manifest, a table that cannot be built, a file not written).
Files in the output directory that the manifest does not list are left alone.

Examples:
  deftab generate --preset uapi --out-dir tables
  deftab generate --preset uapi --out-dir tables --check
  deftab generate --preset uapi --out-dir tables --check --format github   # in GitHub Actions
  deftab generate --manifest tables.toml --root linux --out-dir src/generated"#;

#[derive(Args, Debug)]
#[command(group = ArgGroup::new("source").required(true).args(["manifest", "preset"]))]
pub struct GenerateArgs {
    /// The manifest (TOML) listing the files and their tables (docs/manifest.md).
    #[arg(long, value_name = "FILE", conflicts_with = "preset")]
    pub manifest: Option<PathBuf>,
    /// A built-in manifest (`deftab presets` lists them, `deftab presets --show NAME` prints one).
    #[arg(long, value_name = "NAME", value_parser = preset_names())]
    pub preset: Option<String>,
    /// The directory the manifest's [dirs] are relative to (default: the manifest's `root`,
    /// else the working directory).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Where the files go.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out_dir: PathBuf,
    /// Write nothing: print a unified diff of every stale or missing file and exit 1 if any.
    #[arg(long)]
    pub check: bool,
    /// The machine to read headers for, unless a table sets its own (`deftab targets`).
    #[arg(long, value_name = "T", value_parser = super::args::TargetName)]
    pub target: Option<String>,
    /// Leave out the provenance comments.
    #[arg(long)]
    pub no_provenance: bool,
    /// How to report stale, missing and unwritable files: unified diffs (text), GitHub
    /// Actions annotations at the first changed line, or SARIF.
    #[arg(long, value_enum, default_value_t = FindingsFormat::Text, value_name = "FORMAT")]
    pub format: FindingsFormat,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

pub fn run(args: GenerateArgs) -> CommandResult {
    let start = Instant::now();
    if let Some(file) = not_a_directory(&args.out_dir) {
        return Err(format!(
            "--out-dir {}: {} is not a directory",
            args.out_dir.display(),
            file.display()
        )
        .into());
    }
    let (mf, command) = load(&args).map_err(Failure::plain)?;
    let cfg = Config {
        root: args.root.clone(),
        target: args.target.clone(),
        provenance: !args.no_provenance,
        command,
        redirects: vec![],
        jobs: args.jobs.threads(),
    };
    let outputs = generate::build(&mf, &cfg).map_err(Failure::plain)?;
    let hidden = show_notes(&outputs);
    let statuses = apply(&args.out_dir, &outputs, args.check);
    let count = Count::of(&statuses);
    for s in &statuses {
        match s {
            FileStatus::Stale(d) | FileStatus::Missing(d)
                if args.format == FindingsFormat::Text =>
            {
                print(&colored_diff(d))?
            }
            FileStatus::Failed(e) => output::error(&e.to_string()),
            _ => {}
        }
    }
    print_findings(args.format, &findings(&args.out_dir, &outputs, &statuses))?;
    if output::verbosity() > Verbosity::Quiet {
        let tables: usize = outputs.iter().map(|o| o.tables.len()).sum();
        let files = outputs.len();
        let what = count.summary(args.check);
        let hidden = match hidden {
            0 => String::new(),
            n => format!("; {n} notes (aliases, unused filters): --verbose"),
        };
        eprint(&format!(
            "deftab: {tables} tables, {files} files: {what} ({:.2} s){hidden}\n",
            start.elapsed().as_secs_f64()
        ));
    }
    match (count.failed, count.stale + count.missing) {
        (1.., _) => Err(Failure::Reported),
        (0, 0) => Ok(Status::Success),
        (0, _) => Ok(Status::Differences),
    }
}

/// The tables' notes, but for routine ones unless -v; returns how many were hidden.
/// Dropped aliases are listed in the files' provenance comments, a preset's filters name
/// constants that only some header versions have, and other architectures' constants are
/// left out by design.
fn show_notes(outputs: &[generate::Output]) -> usize {
    let mut hidden = 0;
    for o in outputs {
        for t in &o.tables {
            for n in &t.notes {
                let routine = matches!(
                    n.kind,
                    NoteKind::Alias | NoteKind::UnusedPattern | NoteKind::UndefinedRecord
                );
                if output::verbosity() == Verbosity::Verbose || !routine {
                    output::note(&format!("{}: table {}: {n}", o.path, t.name));
                } else {
                    hidden += 1;
                }
            }
        }
    }
    hidden
}

/// How many files came out each way.
#[derive(Default)]
struct Count {
    unchanged: usize,
    written: usize,
    stale: usize,
    missing: usize,
    failed: usize,
}

impl Count {
    fn of(statuses: &[FileStatus]) -> Count {
        let mut c = Count::default();
        for s in statuses {
            *match s {
                FileStatus::Unchanged => &mut c.unchanged,
                FileStatus::Written => &mut c.written,
                FileStatus::Stale(_) => &mut c.stale,
                FileStatus::Missing(_) => &mut c.missing,
                FileStatus::Failed(_) => &mut c.failed,
            } += 1;
        }
        c
    }

    /// `1 stale, 0 missing, 19 current` (--check) or `20 written, 0 unchanged`, and the
    /// failures if any.
    fn summary(&self, check: bool) -> String {
        let Count {
            unchanged,
            written,
            stale,
            missing,
            failed,
        } = self;
        let what = match check {
            true => format!("{stale} stale, {missing} missing, {unchanged} current"),
            false => format!("{written} written, {unchanged} unchanged"),
        };
        match failed {
            0 => what,
            n => format!("{what}, {n} failed"),
        }
    }
}

/// The manifest, and the command that regenerates the files (for provenance comments).
fn load(args: &GenerateArgs) -> Result<(ManifestFile, String), GenerateError> {
    let mut command = String::from("deftab generate");
    let mf = match (&args.preset, &args.manifest) {
        (Some(p), _) => {
            command += &format!(" --preset {p}");
            let mf = presets::load(p)?;
            check_preset_root(p, &mf, args)?;
            match p.as_str() {
                // The layout of the tree it runs in: Linux 6.1's or 6.12's.
                "perf-beauty" => {
                    let root = args.root.clone().unwrap_or_else(|| ".".into());
                    presets::load(
                        super::perf_layout::beauty_preset(&root).map_err(GenerateError::Io)?,
                    )?
                }
                // The layout of the tree it runs in: Linux 6.1's or 6.12's.
                "perf-syscalls" => {
                    let root = args.root.clone().unwrap_or_else(|| ".".into());
                    presets::load(
                        super::perf_layout::syscalls_preset(&root).map_err(GenerateError::Io)?,
                    )?
                }
                // perf's copies of the syscall tables, which trees before 6.15 lack.
                "perf-syscalltbl" => {
                    let root = args.root.clone().unwrap_or_else(|| ".".into());
                    super::perf_layout::syscalltbl_inputs(&root).map_err(GenerateError::Io)?;
                    mf
                }
                _ => mf,
            }
        }
        (None, Some(m)) => {
            command += &format!(" --manifest {}", m.display());
            ManifestFile::read(m)?
        }
        (None, None) => return Err(GenerateError::Io("give --manifest or --preset".into())),
    };
    if let Some(t) = &args.target {
        command += &format!(" --target {t}");
    }
    Ok((mf, command))
}

/// The part of `dir` that exists but is not a directory (the directory itself or a parent),
/// so that one error says so instead of one per file.
fn not_a_directory(dir: &Path) -> Option<&Path> {
    let existing = dir.ancestors().find(|p| p.exists())?;
    (!existing.is_dir()).then_some(existing)
}

/// `--check`'s unified diff, coloured as `git diff` colours it when stdout takes colours.
fn colored_diff(diff: &str) -> String {
    if !output::stdout_color() {
        return diff.to_string();
    }
    diff.split_inclusive('\n')
        .map(|line| {
            let color = match line.as_bytes().first() {
                _ if line.starts_with("+++") || line.starts_with("---") => "\x1b[1m",
                Some(b'@') => "\x1b[36m",
                Some(b'+') => "\x1b[32m",
                Some(b'-') => "\x1b[31m",
                _ => return line.to_string(),
            };
            let (text, end) = match line.strip_suffix('\n') {
                Some(text) => (text, "\n"),
                None => (line, ""),
            };
            format!("{color}{text}\x1b[0m{end}")
        })
        .collect()
}

fn preset_names() -> PossibleValuesParser {
    PossibleValuesParser::new(presets::PRESETS.iter().map(|(name, _)| *name))
}

/// A preset without a `root` of its own reads its [dirs] under --root or the working
/// directory: when the first of them is not there, say what to pass instead of failing on
/// the first header.
fn check_preset_root(
    name: &str,
    mf: &ManifestFile,
    args: &GenerateArgs,
) -> Result<(), GenerateError> {
    if args.root.is_some() || mf.manifest.root.is_some() {
        return Ok(());
    }
    match mf.manifest.dirs.values().next() {
        Some(dir) if !std::path::Path::new(dir.get_ref()).exists() => {
            Err(GenerateError::Io(format!(
                "preset `{name}` reads a source tree (`{}` is not under the working directory): pass --root DIR or run inside the tree",
                dir.get_ref()
            )))
        }
        _ => Ok(()),
    }
}

#[derive(Args, Debug)]
pub struct PresetsArgs {
    /// Print the manifest of this preset (a starting point for your own).
    #[arg(long, value_name = "NAME", value_parser = preset_names())]
    pub show: Option<String>,
}

pub const PRESETS_EXAMPLES: &str = "Examples:
  deftab presets
  deftab presets --show uapi > my-tables.toml";

/// `deftab presets`: the built-in manifests, or one of them.
pub fn presets(args: PresetsArgs) -> CommandResult {
    if let Some(name) = &args.show {
        let text = presets::PRESETS
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| *t);
        // The name was checked when the command line was parsed.
        print(text.ok_or(Failure::Reported)?)?;
        return Ok(Status::Success);
    }
    let list = presets::list();
    let width = list.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (name, description) in list {
        out += &format!("{name:<width$}  {description}\n");
    }
    print(&out)?;
    Ok(Status::Success)
}
