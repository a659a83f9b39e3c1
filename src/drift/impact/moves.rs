//! The tables a sync moves: a manifest built from the copies and from the originals, each
//! entry change given to the pair whose copy or original defines the entry. A table that
//! cannot be built from an original is a move too (with why): that sync breaks it.

use super::TableMove;
use crate::drift::plan::Plan;
use crate::drift::tables::{self, EntryChange, TableDiff, TableOutcome};
use crate::generate::{Config, ManifestFile, Output};
use crate::select::Entry;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What one manifest's tables say: moves by pair index, and the tables built from the
/// originals (for the near misses).
#[derive(Default)]
pub(super) struct Found {
    pub moves: Vec<(usize, TableMove)>,
    pub built: Vec<Output>,
    pub notes: Vec<String>,
    pub errors: Vec<String>,
}

/// The moves of `mf`'s tables; `pairs`: (copy, original) relative to `root`, in the
/// plan's order.
pub(super) fn tables(
    plan: &Plan,
    mf: &ManifestFile,
    cfg: &Config,
    root: &Path,
    pairs: &[(String, String)],
) -> Found {
    let all = plan.redirects();
    let (old, new) = match (plan.build_with(mf, cfg, &[]), plan.build_with(mf, cfg, all)) {
        (Ok(old), Ok(new)) => (old, new),
        _ => return file_by_file(plan, mf, cfg, root, pairs),
    };
    let mut found = Found::default();
    let mut names = Names::new(root);
    for d in tables::diff_tables(&old, &new) {
        attribute(&d, &old, &new, root, pairs, &mut names, &mut found);
    }
    found.built = new;
    found
}

/// When the manifest cannot be built from the originals: each file alone, and for a file
/// that fails, the originals it reads that make it fail (each alone), left out.
fn file_by_file(
    plan: &Plan,
    mf: &ManifestFile,
    cfg: &Config,
    root: &Path,
    pairs: &[(String, String)],
) -> Found {
    let mut found = Found::default();
    let mut names = Names::new(root);
    let all = plan.redirects();
    for i in 0..mf.manifest.files.len() {
        let one = match only_file(mf, i) {
            Ok(one) => one,
            Err(e) => {
                found.errors.push(e);
                continue;
            }
        };
        let old = match plan.build_with(&one, cfg, &[]) {
            Ok(old) => old,
            Err(e) => {
                // Not the drift's doing: the copies themselves cannot make it.
                let path = &one.manifest.files[0].get_ref().path;
                found.notes.push(format!(
                    "{}: {path} cannot be built from the copies, its tables are not compared: {}",
                    mf.name,
                    first_line(&e)
                ));
                continue;
            }
        };
        let new = match plan.build_with(&one, cfg, all) {
            Ok(new) => new,
            Err(_) => {
                let read: Vec<String> = old
                    .iter()
                    .flat_map(|o| &o.tables)
                    .flat_map(|t| t.headers.iter().map(|h| normal(&h.path, root)))
                    .collect();
                let culprits: Vec<(usize, String)> = (0..all.len())
                    .filter(|&r| read.contains(&pairs[r].0) || read.contains(&pairs[r].1))
                    .filter_map(|r| {
                        plan.build_with(&one, cfg, &all[r..=r])
                            .err()
                            .map(|e| (r, e))
                    })
                    .collect();
                for (r, e) in &culprits {
                    for (o, t) in old
                        .iter()
                        .flat_map(|o| o.tables.iter().map(move |t| (o, t)))
                    {
                        found.moves.push((
                            *r,
                            TableMove {
                                file: o.path.clone(),
                                table: t.name.clone(),
                                error: Some(first_line(e)),
                                ..TableMove::default()
                            },
                        ));
                    }
                }
                let rest: Vec<(PathBuf, PathBuf)> = all
                    .iter()
                    .enumerate()
                    .filter(|(r, _)| !culprits.iter().any(|(c, _)| c == r))
                    .map(|(_, p)| p.clone())
                    .collect();
                match plan.build_with(&one, cfg, &rest) {
                    Ok(new) => new,
                    Err(e) => {
                        found.errors.push(format!(
                            "{}: the tables cannot be built from the originals: {e}",
                            mf.name
                        ));
                        continue;
                    }
                }
            }
        };
        for d in tables::diff_tables(&old, &new) {
            attribute(&d, &old, &new, root, pairs, &mut names, &mut found);
        }
        found.built.extend(new);
    }
    found
}

/// The error's first line and the position under it (`--> FILE:LINE:COL`), as one line.
fn first_line(e: &str) -> String {
    let first = e.lines().next().unwrap_or("").trim();
    match e.lines().find_map(|l| l.trim_start().strip_prefix("--> ")) {
        Some(at) => format!("{first} ({at})"),
        None => first.to_string(),
    }
}

/// The manifest with only its `i`-th `[[file]]`.
fn only_file(mf: &ManifestFile, i: usize) -> Result<ManifestFile, String> {
    let mut one = ManifestFile::load(&mf.name, &mf.text, &mf.base).map_err(|e| e.to_string())?;
    let file = one.manifest.files.swap_remove(i);
    one.manifest.files = vec![file];
    Ok(one)
}

/// Gives the changes of one table to the pairs whose files define the entries; what no
/// entry places (a table made on one side only, another shape) to the pairs whose copy or
/// original the table reads.
fn attribute(
    d: &TableDiff,
    old: &[Output],
    new: &[Output],
    root: &Path,
    pairs: &[(String, String)],
    names: &mut Names,
    found: &mut Found,
) {
    if !d.changed() {
        return;
    }
    let of_file = |f: &str| {
        let f = normal(f, root);
        pairs.iter().position(|(c, o)| *c == f || *o == f)
    };
    let mut by_pair: Vec<(usize, TableMove)> = vec![];
    let mut unplaced = false;
    let get = |i: usize, by_pair: &mut Vec<(usize, TableMove)>| -> usize {
        match by_pair.iter().position(|(p, _)| *p == i) {
            Some(k) => k,
            None => {
                by_pair.push((
                    i,
                    TableMove {
                        file: d.file.clone(),
                        table: d.table.clone(),
                        ..TableMove::default()
                    },
                ));
                by_pair.len() - 1
            }
        }
    };
    match &d.outcome {
        TableOutcome::Compared { changes, shape } => {
            unplaced |= shape.is_some();
            for c in changes {
                let entry = placed(c);
                let Some(i) = of_file(&entry.file) else {
                    unplaced = true;
                    continue;
                };
                let k = get(i, &mut by_pair);
                let m = &mut by_pair[k].1;
                let name = names.spelled(entry, root);
                match c {
                    EntryChange::Added { .. } => m.added.push(name),
                    EntryChange::Removed { .. } => m.removed.push(name),
                    _ => m.changed.push(name),
                }
                m.lines.push(tables::change_line(c));
            }
        }
        TableOutcome::OnlyOld | TableOutcome::OnlyNew => unplaced = true,
    }
    if unplaced {
        let read = headers_read(d, old, new, root);
        let readers: Vec<usize> = (0..pairs.len())
            .filter(|&i| read.contains(&pairs[i].0) || read.contains(&pairs[i].1))
            .collect();
        if readers.is_empty() {
            found.notes.push(format!(
                "{}: table {} changes in a way no drifted copy explains",
                d.file, d.table
            ));
        }
        let why = match &d.outcome {
            TableOutcome::OnlyOld => "only built from the copies",
            TableOutcome::OnlyNew => "only built from the originals",
            TableOutcome::Compared { .. } => "its shape changes",
        };
        for i in readers {
            let k = get(i, &mut by_pair);
            by_pair[k].1.lines.push(why.to_string());
        }
    }
    found.moves.extend(by_pair);
}

/// The entry that places a change: the new one, the old one for a removal.
fn placed(c: &EntryChange) -> &Entry {
    match c {
        EntryChange::Added { new }
        | EntryChange::Renumbered { new, .. }
        | EntryChange::Renamed { new, .. } => new,
        EntryChange::Removed { old } => old,
    }
}

/// The headers a table reads on either side, relative to `root`.
fn headers_read(d: &TableDiff, old: &[Output], new: &[Output], root: &Path) -> Vec<String> {
    old.iter()
        .chain(new)
        .filter(|o| o.path == d.file)
        .flat_map(|o| o.tables.iter().filter(|t| t.name == d.table))
        .flat_map(|t| t.headers.iter().map(|h| normal(&h.path, root)))
        .collect()
}

/// A path as the pairs spell it: relative to `root`, without `./`.
pub(super) fn normal(path: &str, root: &Path) -> String {
    let p = Path::new(path);
    let p = p.strip_prefix(root).unwrap_or(p);
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// The names of entries as their headers spell them, each file read once.
pub(super) struct Names {
    files: HashMap<PathBuf, Vec<String>>,
}

impl Names {
    pub fn new(_root: &Path) -> Names {
        Names {
            files: HashMap::new(),
        }
    }

    /// `#define NAME …`, `NAME = …,` or a `.tbl` line's name; else the table's C name.
    pub fn spelled(&mut self, e: &Entry, root: &Path) -> String {
        let path = root.join(normal(&e.file, root));
        let lines = self.files.entry(path.clone()).or_insert_with(|| {
            std::fs::read_to_string(&path)
                .map(|t| t.lines().map(str::to_string).collect())
                .unwrap_or_default()
        });
        let line = lines
            .get((e.line as usize).wrapping_sub(1))
            .map_or("", String::as_str);
        spelled_on(line, path.extension().is_some_and(|x| x == "tbl"))
            .unwrap_or_else(|| e.name.clone())
    }
}

/// Lines of files, each file read once.
#[derive(Default)]
pub(super) struct Lines {
    files: HashMap<PathBuf, Vec<String>>,
}

impl Lines {
    /// Line `n` (1-based) of `path`; empty when there is none.
    pub fn line(&mut self, path: &Path, n: u32) -> String {
        let lines = self.files.entry(path.to_path_buf()).or_insert_with(|| {
            std::fs::read_to_string(path)
                .map(|t| t.lines().map(str::to_string).collect())
                .unwrap_or_default()
        });
        lines
            .get((n as usize).wrapping_sub(1))
            .cloned()
            .unwrap_or_default()
    }
}

/// The constant a line defines.
fn spelled_on(line: &str, tbl: bool) -> Option<String> {
    let word = |s: &str| -> Option<String> {
        let end = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len());
        (end > 0).then(|| s[..end].to_string())
    };
    if tbl {
        return line.split_whitespace().nth(2).map(str::to_string);
    }
    let t = line.trim_start();
    match t.strip_prefix('#') {
        Some(rest) => word(rest.trim_start().strip_prefix("define")?.trim_start()),
        None => word(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_the_header_spells_them() {
        assert_eq!(
            spelled_on("#define VHOST_X _IOW(VHOST_VIRTIO, 0x84, int)", false).as_deref(),
            Some("VHOST_X")
        );
        assert_eq!(
            spelled_on("  # define  MSR_A 0x10", false).as_deref(),
            Some("MSR_A")
        );
        assert_eq!(
            spelled_on("\tFSCONFIG_SET_FLAG = 0,", false).as_deref(),
            Some("FSCONFIG_SET_FLAG")
        );
        assert_eq!(
            spelled_on("463\tcommon\tsetxattrat\tsys_setxattrat", true).as_deref(),
            Some("setxattrat")
        );
    }
}
