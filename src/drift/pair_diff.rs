//! Reading both sides of a drift through the pipeline: two headers, two directories, or
//! every copy of a kernel tree that check-headers finds out of sync.

use super::semantic::{Change, diff_constants};
use super::{Pair, check_headers};
use crate::header::{HeaderConstants, Session};
use crate::preprocess::Options;
use std::path::{Path, PathBuf};

/// Two versions of one header and what became of the comparison.
pub struct PairDiff {
    pub old: PathBuf,
    pub new: PathBuf,
    pub outcome: Outcome,
}

pub enum Outcome {
    Compared(Box<Compared>),
    /// Directory mode: the header exists on one side only.
    OnlyOld,
    OnlyNew,
    /// A copy that is not a C header (a syscall table, a `.c` or `.S` file).
    NotAHeader,
    /// One side could not be read; the rendered diagnostic.
    Failed(String),
    /// One side needs a header only a kernel build makes; why.
    Unavailable(String),
}

pub struct Compared {
    pub old: HeaderConstants,
    pub new: HeaderConstants,
    pub changes: Vec<Change>,
    /// Warnings and errors of both sides, rendered.
    pub diagnostics: Vec<String>,
    /// Whether one of them is an error (some constants may be missing).
    pub errors: bool,
}

/// Reads `old_path` with `old` and `new_path` with `new` and diffs their constants.
pub fn compare(old: &mut Session, new: &mut Session, old_path: &Path, new_path: &Path) -> Outcome {
    let read = |s: &mut Session, p: &Path| {
        s.constants(&p.to_string_lossy())
            .map_err(|d| d.render(&s.sm))
    };
    let (o, n) = match (read(old, old_path), read(new, new_path)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return Outcome::Failed(e),
    };
    let mut diagnostics: Vec<String> = o.diagnostics.iter().map(|d| d.render(&old.sm)).collect();
    diagnostics.extend(n.diagnostics.iter().map(|d| d.render(&new.sm)));
    let errors = o
        .diagnostics
        .iter()
        .chain(&n.diagnostics)
        .any(|d| d.is_error());
    let changes = diff_constants(&o.constants, &n.constants);
    Outcome::Compared(Box::new(Compared {
        old: o,
        new: n,
        changes,
        diagnostics,
        errors,
    }))
}

/// The `.h` files under two directories, matched by relative path, sorted.
pub fn directory_pairs(old: &Path, new: &Path) -> std::io::Result<Vec<(PathBuf, bool, bool)>> {
    let (a, b) = (headers_under(old)?, headers_under(new)?);
    let mut all: Vec<&PathBuf> = a.iter().chain(&b).collect();
    all.sort();
    all.dedup();
    Ok(all
        .into_iter()
        .map(|rel| (rel.clone(), a.contains(rel), b.contains(rel)))
        .collect())
}

fn headers_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(dir.join(&rel))? {
            let entry = entry?;
            let path = rel.join(entry.file_name());
            // file_type() does not follow symlinks: a link loop cannot make this spin.
            let ty = entry.file_type()?;
            if ty.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "h") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The architecture of a path in a kernel tree (`arch/arm64/…`, `tools/arch/arm64/…`).
pub fn arch_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("tools/").unwrap_or(path);
    rest.strip_prefix("arch/")?.split('/').next()
}

/// Include directories for both sides of one `--copies` pair (copy side, original side),
/// as the builds that use them search: a copy under `tools/` sees the tools layout (perf's
/// `-I`: `tools/include`, `tools/arch/ARCH/include/uapi`, `tools/include/uapi`,
/// `tools/arch/ARCH/include`); an original sees the kernel's (`arch/ARCH/include`, its generated
/// stand-ins, `include`, then the uapi ones), a uapi original only the uapi ones (and
/// what `headers_install` deletes, see [`super::kbuild`]). ARCH is
/// the one in the path (`arch/arm64/…`), else `arch`. A copy falls back to the originals'
/// directories for what `tools/` does not copy, so that only its own text is compared.
pub fn copy_pair_dirs(
    root: &Path,
    original: &str,
    arch: &str,
    stubs: Option<&super::kbuild::Stubs>,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let arch = arch_of(original).unwrap_or(arch);
    let a = |d: &str| d.replace("{a}", arch);
    let uapi = original.contains("uapi/");
    let generated = |f: fn(&super::kbuild::Stubs) -> &PathBuf| stubs.map(f).cloned();
    let mut originals = Vec::new();
    if !uapi {
        originals.extend(existing(root, &[a("arch/{a}/include")]));
        originals.extend(generated(|s| &s.kernel));
        originals.extend(existing(root, &["include".to_string()]));
    }
    originals.extend(existing(root, &[a("arch/{a}/include/uapi")]));
    originals.extend(generated(|s| &s.uapi));
    originals.extend(existing(root, &["include/uapi".to_string()]));
    if uapi {
        originals.extend(generated(|s| &s.installed));
    }
    let mut copies = existing(
        root,
        &[
            "tools/perf/trace/beauty/include".to_string(),
            "tools/include".to_string(),
            a("tools/arch/{a}/include/uapi"),
            "tools/include/uapi".to_string(),
            a("tools/arch/{a}/include"),
        ],
    );
    copies.extend(originals.iter().cloned());
    (copies, originals)
}

fn existing(root: &Path, dirs: &[String]) -> Vec<PathBuf> {
    dirs.iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
        .collect()
}

/// `base` with `dirs` searched after its own `-I` directories.
pub fn with_dirs(base: &Options, dirs: Vec<PathBuf>) -> Options {
    let mut o = base.clone();
    o.include_dirs.extend(dirs);
    o
}

/// The pairs of `list` that check-headers reports under `root`, with the messages it has on
/// the way; `kernel`: the built-in list, whose tree must have an `include/`.
pub fn drifted_copies(root: &Path, list: &[Pair], kernel: bool) -> (Vec<Pair>, Vec<String>) {
    let report = match kernel {
        true => check_headers(root, list),
        false => super::check_pairs(root, list),
    };
    let mut notes = report.notes;
    if report.missing_include {
        notes.push(format!(
            "{}: no include/ directory, not a kernel tree",
            root.display()
        ));
    }
    notes.extend(report.messages);
    (report.differing, notes)
}
