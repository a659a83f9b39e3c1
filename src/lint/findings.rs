//! Lint reports as [`Finding`]s for CI (`deftab lint --format github|sarif`): one per
//! disagreement, at the table's line (a name list's entry line), one rule per kind. A note
//! (a name the headers do not define) is a SARIF note unless `--strict` makes it count.

use super::report::{Kind, TableReport};
use crate::findings::{Finding, Level, Rule};

pub static MISSING: Rule = Rule {
    id: "lint/missing",
    description: "A hand-kept table lacks a constant its header defines.",
    level: Level::Error,
};
pub static WRONG: Rule = Rule {
    id: "lint/wrong",
    description: "A hand-kept table names another constant at an index than the header does.",
    level: Level::Error,
};
pub static EXTRA: Rule = Rule {
    id: "lint/extra",
    description: "A hand-kept table has an entry no constant of its header has.",
    level: Level::Warning,
};
pub static HOLE: Rule = Rule {
    id: "lint/hole",
    description: "A hand-kept table has an empty slot where its header has a constant.",
    level: Level::Error,
};
pub static VALUE: Rule = Rule {
    id: "lint/value",
    description: "A name list's fallback value differs from the header's value.",
    level: Level::Error,
};
pub static UNKNOWN: Rule = Rule {
    id: "lint/unknown",
    description: "A name list's entry is not defined by the headers it names.",
    level: Level::Note,
};
pub static ORDER: Rule = Rule {
    id: "lint/order",
    description: "A sorted or value-indexed name list is out of order on some target.",
    level: Level::Error,
};

fn rule(kind: Kind) -> &'static Rule {
    match kind {
        Kind::Missing => &MISSING,
        Kind::Wrong => &WRONG,
        Kind::Extra => &EXTRA,
        Kind::Hole => &HOLE,
        Kind::Value => &VALUE,
        Kind::Unknown => &UNKNOWN,
        Kind::Order => &ORDER,
    }
}

/// Every finding of `reports`, in their order; `all_targets` are the targets checked (a
/// finding on only some of them names those), `strict` makes notes warnings.
pub fn findings(reports: &[TableReport], all_targets: &[String], strict: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for report in reports {
        for (finding, flat) in report.findings.iter().zip(report.flat(all_targets)) {
            let rule = rule(finding.kind);
            let level = match rule.level {
                Level::Note if strict => Level::Warning,
                level => level,
            };
            let title = format!("{} {}", flat.kind, report.table);
            let f = Finding::new(rule, title, flat.message).at(flat.file, Some(flat.line));
            out.push(f.level(level));
        }
    }
    out
}
