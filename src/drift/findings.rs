//! Drift as [`Finding`]s for CI (`check-headers` and `diff` with `--format github|sarif`):
//! a copy that differs from its original, a constant that changed between two versions of
//! a header (at its line), an entry a generated table gains or loses.

use super::check::CheckReport;
use super::pair_diff::{Outcome, PairDiff};
use super::render::{change_line, shown};
use super::semantic::ChangeKind;
use super::tables::{self, EntryChange, TableDiff, TableOutcome};
use crate::findings::{Finding, Level, Rule};
use crate::source::SourceMap;
use std::path::Path;

pub static COPY_DIFFERS: Rule = Rule {
    id: "check-headers/copy-differs",
    description: "A copy of a kernel header under tools/ differs from its original.",
    level: Level::Warning,
};
pub static NOT_CHECKED: Rule = Rule {
    id: "check-headers/not-checked",
    description: "The copies could not be checked (the tree has no include/).",
    level: Level::Warning,
};
pub static CONSTANT_CHANGED: Rule = Rule {
    id: "diff/constant",
    description: "A constant was added, removed or changed between two versions of a header.",
    level: Level::Warning,
};
pub static CANNOT_COMPARE: Rule = Rule {
    id: "diff/cannot-compare",
    description: "A pair of headers could not be compared.",
    level: Level::Error,
};
pub static TABLE_CHANGED: Rule = Rule {
    id: "diff/table-entry",
    description: "A generated table gains, loses or renumbers an entry with the new headers.",
    level: Level::Warning,
};

/// A finding per differing copy (errors with `strict`, as the exit code then says).
pub fn check_findings(report: &CheckReport, root: &Path, strict: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    if report.missing_include {
        let message = format!("{} has no include/: nothing checked", root.display());
        out.push(Finding::new(&NOT_CHECKED, "check-headers skipped", message));
    }
    let level = if strict { Level::Error } else { Level::Warning };
    for p in &report.differing {
        let file = match root == Path::new(".") {
            true => p.copy.clone(),
            false => root.join(&p.copy).display().to_string(),
        };
        let message = format!(
            "{} differs from {} (diff -u {} {})",
            p.copy, p.original, p.copy, p.original
        );
        let f = Finding::new(&COPY_DIFFERS, "kernel ABI header differs", message);
        out.push(f.at(file, None).level(level));
    }
    out
}

/// A finding per changed constant of one pair (at its new line, or its old one when
/// removed), or one for a pair that could not be compared.
pub fn pair_findings(
    d: &PairDiff,
    old_sm: &SourceMap,
    new_sm: &SourceMap,
    root: Option<&Path>,
) -> Vec<Finding> {
    let c = match &d.outcome {
        Outcome::Compared(c) => c,
        Outcome::Failed(e) => {
            let first = e.lines().next().unwrap_or("");
            let f = Finding::new(&CANNOT_COMPARE, "cannot compare", first);
            return vec![f.at(shown(&d.new, root), None)];
        }
        Outcome::Unavailable(why) => {
            let f = Finding::new(&CANNOT_COMPARE, "cannot compare", why.as_str());
            return vec![f.at(shown(&d.new, root), None).level(Level::Note)];
        }
        Outcome::OnlyOld | Outcome::OnlyNew | Outcome::NotAHeader => return vec![],
    };
    let mut out = Vec::new();
    for ch in &c.changes {
        let (k, sm, title) = match (ch.kind, ch.new) {
            (ChangeKind::Removed, _) | (_, None) => (
                ch.old.map(|i| &c.old.constants[i]),
                old_sm,
                "constant removed",
            ),
            (ChangeKind::Added, Some(i)) => (Some(&c.new.constants[i]), new_sm, "constant added"),
            (ChangeKind::Changed, Some(i)) => {
                (Some(&c.new.constants[i]), new_sm, "constant changed")
            }
        };
        let Some(k) = k else { continue };
        let mut line = String::new();
        change_line(&mut line, c, ch, old_sm, new_sm, root);
        let pos = sm.position(k.loc);
        let f = Finding::new(&CONSTANT_CHANGED, title, line.trim_end());
        out.push(f.at(shown(&pos.path, root), Some(pos.line)));
    }
    out
}

/// A finding per entry a table of the manifest gains, loses, renumbers or renames (at the
/// entry's new line, or its old one when removed), and per table built on one side only.
pub fn table_findings(diffs: &[TableDiff], manifest: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in diffs {
        let title = format!("table {} ({})", d.table, d.file);
        let changes = match &d.outcome {
            TableOutcome::Compared { changes, shape } => {
                if let Some((a, b)) = shape {
                    let message = format!("{title} of {manifest} changes shape: {a:?} → {b:?}");
                    out.push(Finding::new(&TABLE_CHANGED, title.clone(), message));
                }
                changes
            }
            TableOutcome::OnlyOld | TableOutcome::OnlyNew => {
                let side = match d.outcome {
                    TableOutcome::OnlyOld => "old",
                    _ => "new",
                };
                let message =
                    format!("{title} of {manifest} is only built from the {side} headers");
                out.push(Finding::new(&TABLE_CHANGED, title, message));
                continue;
            }
        };
        for c in changes {
            let e = match c {
                EntryChange::Removed { old } => old,
                EntryChange::Added { new }
                | EntryChange::Renumbered { new, .. }
                | EntryChange::Renamed { new, .. } => new,
            };
            let f = Finding::new(&TABLE_CHANGED, title.clone(), tables::change_line(c));
            out.push(f.at(e.file.clone(), Some(e.line)));
        }
    }
    out
}

pub static SYNC_MOVES_TABLES: Rule = Rule {
    id: "check-headers/tables-changed",
    description: "Syncing a drifted copy with its original moves a table: a generated table \
                  changes, a hand-kept table goes stale, or a new constant escapes a table's \
                  pattern.",
    level: Level::Warning,
};
pub static SYNC_QUIET: Rule = Rule {
    id: "check-headers/quiet-drift",
    description: "A drifted copy whose sync moves no table (only constants, or nothing a \
                  table sees, changed).",
    level: Level::Note,
};

/// `--impact`'s findings: one per copy, at the copy (tables-changed: a warning, an error
/// with `strict`; the others notes), with what moves.
pub fn impact_findings(found: &super::impact::Impact, strict: bool) -> Vec<Finding> {
    use super::impact::{Verdict, text::detail_lines};
    found
        .copies
        .iter()
        .map(|c| {
            let shown = match found.root == Path::new(".") {
                true => c.copy.clone(),
                false => found.root.join(&c.copy).display().to_string(),
            };
            let head = format!("{}: {} (from {})", c.verdict.as_str(), c.copy, c.original);
            match c.verdict {
                Verdict::TablesChanged => {
                    let mut message = format!("{head}: {}", c.count());
                    for l in detail_lines(c) {
                        message.push('\n');
                        message += l.trim_start();
                    }
                    let level = if strict { Level::Error } else { Level::Warning };
                    Finding::new(
                        &SYNC_MOVES_TABLES,
                        "syncing this header moves a table",
                        message,
                    )
                    .at(shown, None)
                    .level(level)
                }
                _ => Finding::new(&SYNC_QUIET, "header drift that moves no table", head)
                    .at(shown, None),
            }
        })
        .collect()
}
