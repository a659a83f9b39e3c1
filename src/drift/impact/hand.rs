//! The hand-kept tables a sync makes stale, as `deftab lint --diff` says
//! ([`lint::check_diff`]: the findings with the original that reading the copy in its
//! place does not give).
//!
//! Lint runs once with the originals; `check_diff` only for each drifted original that a
//! finding names (where the constant is, or a constant the sync removes), so a tree whose
//! hand-kept tables are stale for other reasons costs one run.

use super::{ConstantChange, HandTable};
use crate::drift::semantic::ChangeKind;
use crate::lint::{self, TableReport, manifest::LintManifest};
use crate::preprocess::Options;
use crate::target::{Target, kernel_tree};
use std::path::{Path, PathBuf};

/// For each pair (copy, original; relative to `root`), the hand-kept tables of `files`
/// its sync makes stale, as lint reads the tree for `target`.
pub fn stale(
    root: &Path,
    target: &'static Target,
    files: &[PathBuf],
    pairs: &[(String, String)],
    changes: &[Vec<ConstantChange>],
) -> Result<Vec<Vec<HandTable>>, String> {
    let mut out = vec![vec![]; pairs.len()];
    if files.is_empty() || pairs.is_empty() {
        return Ok(out);
    }
    let mut options = Options::default();
    options.read_kernel_tree(kernel_tree::roots(root, target).map_err(|e| e.to_string())?);
    let config = lint::Config {
        files: files.to_vec(),
        targets: vec![(target, options)],
        manifest: LintManifest::default(),
        substitute: None,
    };
    let now = lint::check(&config);
    if now.failed() {
        return Err(format!(
            "lint cannot read the hand-kept tables: {}",
            now.diagnostics
                .iter()
                .find(|d| d.is_error())
                .map_or(String::new(), |d| d.message.clone())
        ));
    }
    for (i, (copy, original)) in pairs.iter().enumerate() {
        if !named(&now.reports, root, original, &changes[i]) {
            continue;
        }
        let stale = lint::check_diff(&config, &root.join(copy), &root.join(original));
        for r in stale.reports {
            out[i].push(HandTable {
                file: super::moves::normal(&r.file, root),
                line: r.line,
                table: r.table.clone(),
                findings: r.findings.iter().map(|f| f.message()).collect(),
            });
        }
    }
    Ok(out)
}

/// Whether a finding names `original` (where its constant is) or a constant the sync
/// removes or renames away.
fn named(reports: &[TableReport], root: &Path, original: &str, changes: &[ConstantChange]) -> bool {
    let gone = |n: &str| {
        changes
            .iter()
            .any(|c| c.name == n && c.change == ChangeKind::Removed)
    };
    reports.iter().flat_map(|r| &r.findings).any(|f| {
        let at =
            f.at.as_deref()
                .map(|a| a.rsplit_once(':').map_or(a, |(p, _)| p));
        at.is_some_and(|a| super::moves::normal(a, root) == original)
            || f.name.as_deref().is_some_and(gone)
    })
}
