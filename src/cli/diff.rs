//! `deftab diff`: what changed between two versions of headers, in constants.

use super::findings::{FindingsFormat, print_findings};
use super::output::{eprint, error, note, print};
use super::{EXIT_DIFFERENCES, EXIT_ERROR, EXIT_OK, HeaderArgs};
use crate::drift::findings::{pair_findings, table_findings};
use crate::drift::kbuild::{self, Stubs};
use crate::drift::pair_diff::{self, Outcome, PairDiff};
use crate::drift::{Pair, pairs, render, tables};
use crate::generate::{self, Config, GenerateError, ManifestFile, presets};
use crate::header::Session;
use crate::preprocess::{CmdMacro, Options};
use crate::target::Target;
use clap::{ArgMatches, Args, ValueEnum};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

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

/// (old, new) preprocessor options for a pair, given its new side's path.
type SideOptions = Box<dyn Fn(&Path) -> (Options, Options)>;

/// What to compare, and the preprocessor options of each side of a pair.
struct Plan {
    /// `--copies`: the generated-header stand-ins of each architecture.
    stubs: Rc<BTreeMap<String, Stubs>>,
    pairs: Vec<(PathBuf, PathBuf, Option<Outcome>)>,
    /// Stripped from the paths shown (`--copies`).
    root: Option<PathBuf>,
    /// (old, new) options for the pair whose new side is at this path.
    options: SideOptions,
}

pub fn run(args: DiffArgs, matches: Option<&ArgMatches>) -> u8 {
    let (target, base) = match args.headers.resolve(matches) {
        Ok(r) => r,
        Err(e) => {
            error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let manifest = match load_manifest(args.manifest.as_deref(), args.preset.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    if args.root.is_some() && !args.copies && manifest.is_none() {
        error("--root goes with --copies, --manifest or --preset");
        return EXIT_ERROR;
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
    let plan = match (&args.old, &args.new) {
        (Some(o), Some(n)) if o.is_dir() && n.is_dir() => match directories(o, n, base) {
            Some(p) => p,
            None => return EXIT_ERROR,
        },
        (Some(o), Some(n)) => Plan {
            stubs: Rc::default(),
            pairs: vec![(o.clone(), n.clone(), None)],
            root: None,
            options: Box::new(move |_| (base.clone(), base.clone())),
        },
        _ => match copies(manifest.as_ref(), &cfg, target, base) {
            Some(p) => p,
            None => return EXIT_ERROR,
        },
    };
    let (mut failed, mut differs) = (false, false);
    let (mut text, mut json, mut found) = (String::new(), Vec::new(), Vec::new());
    // The manifest's tables are built again with the NEW side in place of the OLD one: the
    // file or directory, or every drifted copy by its original.
    let mut redirects = match (&args.old, &args.new) {
        (Some(o), Some(n)) => vec![(o.clone(), n.clone())],
        _ => vec![],
    };
    for (o, n, fixed) in plan.pairs {
        if args.copies {
            redirects.push((o.clone(), n.clone()));
        }
        // Fresh sessions per pair: each pair may search its own include directories.
        let (oo, no) = (plan.options)(&n);
        let (mut old, mut new) = (Session::new(target, oo), Session::new(target, no));
        let outcome = match fixed {
            Some(outcome) => outcome,
            None if args.copies && !is_header(&n) => Outcome::NotAHeader,
            None => match pair_diff::compare(&mut old, &mut new, &o, &n) {
                Outcome::Failed(e) => unavailable(&plan.stubs, &n, plan.root.as_deref(), &e)
                    .map_or(Outcome::Failed(e), Outcome::Unavailable),
                outcome => outcome,
            },
        };
        let d = PairDiff {
            old: o,
            new: n,
            outcome,
        };
        tally(&d, &mut failed, &mut differs);
        let root = plan.root.as_deref();
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
        let new_cfg = Config {
            root: cfg.root.clone().or_else(|| plan.root.clone()),
            redirects,
            ..cfg.clone()
        };
        let old_cfg = Config {
            redirects: vec![],
            ..new_cfg.clone()
        };
        match build_both(mf, &old_cfg, &new_cfg) {
            Some(diffs) => {
                differs |= diffs.iter().any(tables::TableDiff::changed);
                match args.format {
                    Format::Text => text += &tables::text(&diffs, &mf.name),
                    Format::Json => table_json = Some(diffs),
                    Format::Github | Format::Sarif => {
                        found.extend(table_findings(&diffs, &mf.name))
                    }
                }
            }
            None => failed = true,
        }
    }
    let printed = match (args.format, table_json) {
        (Format::Text, _) => print(&text),
        (Format::Json, None) => print(&pretty(&json)),
        (Format::Json, Some(t)) => print(&pretty(
            &serde_json::json!({ "headers": json, "tables": t }),
        )),
        (Format::Github, _) => print_findings(FindingsFormat::Github, &found),
        (Format::Sarif, _) => print_findings(FindingsFormat::Sarif, &found),
    };
    if !printed {
        return EXIT_ERROR;
    }
    // As every command: when both apply, differences win.
    match (args.exit_code && differs, failed) {
        (true, _) => EXIT_DIFFERENCES,
        (false, true) => EXIT_ERROR,
        (false, false) => EXIT_OK,
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

/// The manifest's tables from the old headers and from the new ones, compared; `None`
/// after reporting a side that cannot be built.
fn build_both(mf: &ManifestFile, old: &Config, new: &Config) -> Option<Vec<tables::TableDiff>> {
    let build = |cfg: &Config, side: &str| {
        generate::build(mf, cfg)
            .map_err(|e| {
                error(&format!(
                    "the tables cannot be built from the {side} headers: {e}"
                ))
            })
            .ok()
    };
    let (o, n) = (build(old, "old"), build(new, "new"));
    Some(tables::diff_tables(&o?, &n?))
}

/// Every header under two directories; each directory is the include root of its side.
fn directories(o: &Path, n: &Path, base: Options) -> Option<Plan> {
    let listed = match pair_diff::directory_pairs(o, n) {
        Ok(l) => l,
        Err(e) => {
            error(&format!("reading {} and {}: {e}", o.display(), n.display()));
            return None;
        }
    };
    let pairs = listed
        .into_iter()
        .map(|(rel, a, b)| (o.join(&rel), n.join(&rel), side(a, b)))
        .collect();
    let (od, nd) = (o.to_path_buf(), n.to_path_buf());
    let options = move |_: &Path| {
        (
            pair_diff::with_dirs(&base, vec![od.clone()]),
            pair_diff::with_dirs(&base, vec![nd.clone()]),
        )
    };
    Some(Plan {
        stubs: Rc::default(),
        pairs,
        root: None,
        options: Box::new(options),
    })
}

/// The drifted copies of a tree (the manifest's `[[copies]]`, else the built-in list of a
/// kernel tree); `None` after reporting an unusable tree or manifest.
fn copies(
    manifest: Option<&ManifestFile>,
    cfg: &Config,
    target: &'static Target,
    base: Options,
) -> Option<Plan> {
    let listed = match manifest.map(|mf| generate::copies(mf, cfg)) {
        Some(Ok((root, list))) if !list.is_empty() => Some((root, pairs::from_manifest(&list))),
        Some(Err(e)) => {
            error(&e.to_string());
            return None;
        }
        _ => None,
    };
    let builtin = listed.is_none();
    let (root, list): (PathBuf, Vec<Pair>) = match listed {
        Some(l) => l,
        None => (
            cfg.root.clone().unwrap_or_else(|| PathBuf::from(".")),
            pairs::builtin(),
        ),
    };
    if builtin && (!root.join("include").is_dir() || !root.join("tools").is_dir()) {
        error(&format!(
            "{}: not a kernel source tree (no include/ and tools/)",
            root.display()
        ));
        return None;
    }
    let (drifted, notes) = pair_diff::drifted_copies(&root, &list, builtin);
    for n in notes {
        note(&n.to_string());
    }
    let pairs: Vec<(PathBuf, PathBuf, Option<Outcome>)> = drifted
        .into_iter()
        .map(|p| (root.join(&p.copy), root.join(&p.original), None))
        .collect();
    // The stand-ins of generated headers, for the target's architecture and every one a
    // drifted pair lives under.
    let mut arches: Vec<String> = drifted_arches(&pairs, &root);
    arches.push(target.kernel_arch.to_string());
    arches.sort();
    arches.dedup();
    let mut stubs = BTreeMap::new();
    for a in arches {
        let a = a.as_str();
        match Stubs::new(&root, a) {
            Ok(s) => {
                stubs.insert(a.to_string(), s);
            }
            Err(e) => note(&format!(
                "cannot write stand-ins for the generated headers of {a}: {e}"
            )),
        }
    }
    let stubs = Rc::new(stubs);
    let tree = root.clone();
    let shared = stubs.clone();
    let options = move |original: &Path| {
        let rel = relative(original, &tree);
        let arch = pair_diff::arch_of(&rel).unwrap_or(target.kernel_arch);
        let (c, o) = pair_diff::copy_pair_dirs(&tree, &rel, arch, shared.get(arch));
        let (mut c, mut o) = (
            pair_diff::with_dirs(&base, c),
            pair_diff::with_dirs(&base, o),
        );
        // A uapi header as headers_install reads it (`unifdef -U__KERNEL__
        // -D__EXPORTED_HEADERS__`), both sides; a kernel-internal original as the kernel
        // is built (tools/ builds its copies without __KERNEL__).
        let exported = CmdMacro::Define("__EXPORTED_HEADERS__".into());
        match rel.contains("uapi/") {
            true => {
                c.macros.insert(0, exported.clone());
                o.macros.insert(0, exported);
            }
            false => o.macros.insert(0, CmdMacro::Define("__KERNEL__".into())),
        }
        (c, o)
    };
    Some(Plan {
        stubs,
        pairs,
        root: Some(root),
        options: Box::new(options),
    })
}

fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The architectures (`arch/ARCH/…`) of the pairs' originals.
fn drifted_arches(pairs: &[(PathBuf, PathBuf, Option<Outcome>)], root: &Path) -> Vec<String> {
    let mut out: Vec<String> = pairs
        .iter()
        .filter_map(|(_, o, _)| pair_diff::arch_of(&relative(o, root)).map(String::from))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Why a pair cannot be compared when it includes a header only the kernel build makes.
fn unavailable(
    stubs: &BTreeMap<String, Stubs>,
    original: &Path,
    root: Option<&Path>,
    rendered: &str,
) -> Option<String> {
    let header = kbuild::missing_header(rendered)?;
    let rel = relative(original, root?);
    let arch = pair_diff::arch_of(&rel);
    let why = match arch.and_then(|a| stubs.get(a)) {
        Some(s) => s.why_missing(header),
        None => stubs.values().find_map(|s| s.why_missing(header)),
    }?;
    // Where it is included from: the diagnostic's `--> FILE:LINE:COL`.
    let at = rendered
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))
        .map(|at| {
            let at = at.rsplit_once(':').map_or(at, |(a, _)| a);
            format!(
                " (included at {})",
                root.map_or(at.to_string(), |r| relative(Path::new(at), r))
            )
        })
        .unwrap_or_default();
    Some(format!("{why}{at}"))
}

/// A header present on one side only.
fn side(in_old: bool, in_new: bool) -> Option<Outcome> {
    match (in_old, in_new) {
        (true, false) => Some(Outcome::OnlyOld),
        (false, true) => Some(Outcome::OnlyNew),
        _ => None,
    }
}

fn is_header(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "h")
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
