//! What `deftab diff` compares: the pairs of headers (two files, two directories, or the
//! copies of a kernel tree that drifted from their originals), the preprocessor options of
//! each side, a fresh pair of sessions per pair, and the manifest's tables built from each
//! side. Nothing here prints: notes and errors are returned to the caller.

use crate::drift::kbuild::{self, Stubs};
use crate::drift::pair_diff::{self, Outcome, PairDiff};
use crate::drift::{Pair, pairs, tables};
use crate::generate::{self, Config, ManifestFile};
use crate::header::Session;
use crate::preprocess::{CmdMacro, Options};
use crate::target::Target;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// (old, new) preprocessor options for a pair, given its new side's path.
type SideOptions = Box<dyn Fn(&Path) -> (Options, Options)>;

/// One pair to compare: (old, new, and its outcome when known without reading it: a
/// header on one side only).
pub type PlannedPair = (PathBuf, PathBuf, Option<Outcome>);

/// What to compare, and the preprocessor options of each side of a pair.
pub struct Plan {
    /// `--copies`: the generated-header stand-ins of each architecture.
    stubs: Rc<BTreeMap<String, Stubs>>,
    pub pairs: Vec<PlannedPair>,
    /// Stripped from the paths shown (`--copies`).
    pub root: Option<PathBuf>,
    /// (old, new) options for the pair whose new side is at this path.
    options: SideOptions,
    /// The manifest's tables are built again with the NEW side in place of the OLD one:
    /// the file or directory, or every drifted copy by its original.
    redirects: Vec<(PathBuf, PathBuf)>,
    /// Whether the pairs are a tree's copies (`--copies`): only headers are read.
    copies: bool,
    /// What the caller may want to say (`note:`): copies left out, missing stand-ins.
    pub notes: Vec<String>,
}

/// One pair, compared, with the sessions that read its two sides (for their source maps).
pub struct ComparedPair {
    pub diff: PairDiff,
    pub old: Session,
    pub new: Session,
}

impl Plan {
    /// Two headers, read with the same options.
    pub fn files(old: &Path, new: &Path, base: Options) -> Plan {
        Plan {
            stubs: Rc::default(),
            pairs: vec![(old.to_path_buf(), new.to_path_buf(), None)],
            root: None,
            options: Box::new(move |_| (base.clone(), base.clone())),
            redirects: vec![(old.to_path_buf(), new.to_path_buf())],
            copies: false,
            notes: vec![],
        }
    }

    /// Every header under two directories; each directory is the include root of its side.
    pub fn directories(o: &Path, n: &Path, base: Options) -> Result<Plan, String> {
        let listed = pair_diff::directory_pairs(o, n)
            .map_err(|e| format!("reading {} and {}: {e}", o.display(), n.display()))?;
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
        Ok(Plan {
            stubs: Rc::default(),
            pairs,
            root: None,
            options: Box::new(options),
            redirects: vec![(o.to_path_buf(), n.to_path_buf())],
            copies: false,
            notes: vec![],
        })
    }

    /// The drifted copies of a tree (the manifest's `[[copies]]`, else the built-in list of a
    /// kernel tree).
    pub fn copies(
        manifest: Option<&ManifestFile>,
        cfg: &Config,
        target: &'static Target,
        base: Options,
    ) -> Result<Plan, String> {
        let listed = match manifest.map(|mf| generate::copies(mf, cfg)) {
            Some(Ok((root, list))) if !list.is_empty() => Some((root, pairs::from_manifest(&list))),
            Some(Err(e)) => return Err(e.to_string()),
            _ => None,
        };
        let builtin = listed.is_none();
        let mut tree_note = None;
        let (root, list): (PathBuf, Vec<Pair>) = match listed {
            Some(l) => l,
            None => {
                let root = cfg.root.clone().unwrap_or_else(|| PathBuf::from("."));
                if !root.join("include").is_dir() || !root.join("tools").is_dir() {
                    return Err(format!(
                        "{}: not a kernel source tree (no include/ and tools/)",
                        root.display()
                    ));
                }
                let tree = pairs::for_tree(&root)?;
                tree_note = tree.note(&root);
                (root, tree.pairs)
            }
        };
        let (drifted, mut notes) = pair_diff::drifted_copies(&root, &list, builtin);
        notes.extend(tree_note);
        let pairs: Vec<PlannedPair> = drifted
            .into_iter()
            .map(|p| (root.join(&p.copy), root.join(&p.original), None))
            .collect();
        let stubs = Rc::new(stand_ins(&pairs, &root, target, &mut notes));
        let redirects = pairs
            .iter()
            .map(|(o, n, _)| (o.clone(), n.clone()))
            .collect();
        Ok(Plan {
            options: copy_options(root.clone(), target, base, stubs.clone()),
            stubs,
            pairs,
            root: Some(root),
            redirects,
            copies: true,
            notes,
        })
    }

    /// Reads and compares one pair, in fresh sessions: each pair may search its own
    /// include directories.
    pub fn compare(&self, pair: PlannedPair, target: &'static Target) -> ComparedPair {
        let (o, n, fixed) = pair;
        let (old_options, new_options) = (self.options)(&n);
        let (mut old, mut new) = (
            Session::new(target, old_options),
            Session::new(target, new_options),
        );
        let outcome = match fixed {
            Some(outcome) => outcome,
            None if self.copies && !is_header(&n) => Outcome::NotAHeader,
            None => match pair_diff::compare(&mut old, &mut new, &o, &n) {
                Outcome::Failed(e) => unavailable(&self.stubs, &n, self.root.as_deref(), &e)
                    .map_or(Outcome::Failed(e), Outcome::Unavailable),
                outcome => outcome,
            },
        };
        let diff = PairDiff {
            old: o,
            new: n,
            outcome,
        };
        ComparedPair { diff, old, new }
    }

    /// The headers the new side reads in place of the old ones, in the order of the pairs.
    pub fn redirects(&self) -> &[(PathBuf, PathBuf)] {
        &self.redirects
    }

    /// The manifest's tables built with `redirects` (none: the old headers), or why not.
    pub fn build_with(
        &self,
        mf: &ManifestFile,
        cfg: &Config,
        redirects: &[(PathBuf, PathBuf)],
    ) -> Result<Vec<generate::Output>, String> {
        let cfg = Config {
            root: cfg.root.clone().or_else(|| self.root.clone()),
            redirects: redirects.to_vec(),
            ..cfg.clone()
        };
        generate::build(mf, &cfg).map_err(|e| e.to_string())
    }

    /// The manifest's tables from the old headers and from the new ones (`cfg` with the
    /// plan's redirects), compared; else why each side that cannot be built fails.
    pub fn tables(
        &self,
        mf: &ManifestFile,
        cfg: &Config,
    ) -> Result<Vec<tables::TableDiff>, Vec<String>> {
        let new_cfg = Config {
            root: cfg.root.clone().or_else(|| self.root.clone()),
            redirects: self.redirects.clone(),
            ..cfg.clone()
        };
        let old_cfg = Config {
            redirects: vec![],
            ..new_cfg.clone()
        };
        let build = |cfg: &Config, side: &str| {
            generate::build(mf, cfg)
                .map_err(|e| format!("the tables cannot be built from the {side} headers: {e}"))
        };
        match (build(&old_cfg, "old"), build(&new_cfg, "new")) {
            (Ok(o), Ok(n)) => Ok(tables::diff_tables(&o, &n)),
            (o, n) => Err([o.err(), n.err()].into_iter().flatten().collect()),
        }
    }
}

/// The stand-ins of generated headers, for the target's architecture and every one a
/// drifted pair lives under; a note for each that cannot be written.
fn stand_ins(
    pairs: &[PlannedPair],
    root: &Path,
    target: &Target,
    notes: &mut Vec<String>,
) -> BTreeMap<String, Stubs> {
    let mut arches: Vec<String> = drifted_arches(pairs, root);
    arches.push(target.kernel_arch.to_string());
    arches.sort();
    arches.dedup();
    let mut stubs = BTreeMap::new();
    for a in arches {
        match Stubs::new(root, &a) {
            Ok(s) => {
                stubs.insert(a, s);
            }
            Err(e) => notes.push(format!(
                "cannot write stand-ins for the generated headers of {a}: {e}"
            )),
        }
    }
    stubs
}

/// The options of a copy and its original: each side's include directories, and the
/// macros the kernel build defines for the original.
fn copy_options(
    tree: PathBuf,
    target: &'static Target,
    base: Options,
    stubs: Rc<BTreeMap<String, Stubs>>,
) -> SideOptions {
    Box::new(move |original: &Path| {
        let rel = relative(original, &tree);
        let arch = pair_diff::arch_of(&rel).unwrap_or(target.kernel_arch);
        let (c, o) = pair_diff::copy_pair_dirs(&tree, &rel, arch, stubs.get(arch));
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
    })
}

fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The architectures (`arch/ARCH/…`) of the pairs' originals.
fn drifted_arches(pairs: &[PlannedPair], root: &Path) -> Vec<String> {
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
