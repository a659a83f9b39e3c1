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

/// Include directories for both sides of one `--copies` pair (copy side, original side).
/// A uapi header includes only what user space sees: the system's installed uapi headers
/// (the tree's raw uapi directories still include kernel-internal headers that
/// `make headers_install` strips). Another header sees the tree's uapi then internal
/// directories of the architecture in its path (`arch/arm64/…`, else `arch`); the copy side
/// searches `tools/` first and falls back to the originals for what `tools/` does not copy.
pub fn copy_pair_dirs(root: &Path, original: &str, arch: &str) -> (Vec<PathBuf>, Vec<PathBuf>) {
    if original.contains("uapi/") {
        return (vec![], vec![]);
    }
    let arch = original
        .strip_prefix("arch/")
        .and_then(|r| r.split('/').next())
        .unwrap_or(arch);
    let layout = |prefix: &str| -> Vec<String> {
        vec![
            format!("{prefix}arch/{arch}/include/uapi"),
            format!("{prefix}include/uapi"),
            format!("{prefix}arch/{arch}/include"),
            format!("{prefix}include"),
        ]
    };
    let originals = existing(root, &layout(""));
    let mut copies = existing(root, &["tools/perf/trace/beauty/include".to_string()]);
    copies.extend(existing(root, &layout("tools/")));
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
