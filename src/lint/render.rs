//! The reports as text (one line per finding, then one per table not checked) and as JSON
//! (an array, one object per table: the schema other tools rely on).

use super::report::TableReport;
use std::fmt::Write as _;

/// One line per finding:
/// `FILE:LINE: table NAME (CONSTANTS): MESSAGE [TARGETS]` — the targets only when the
/// finding does not hold for all of `all_targets`. Then a line per table that was not
/// matched (`… table NAME: not checked: WHY`) and per partial check (`… unresolved: …`).
pub fn text(reports: &[TableReport], all_targets: &[String]) -> String {
    let mut out = String::new();
    for r in reports {
        for f in r.flat(all_targets) {
            let _ = writeln!(out, "{}:{}: {}", f.file, f.line, f.message);
        }
    }
    for r in reports {
        if let Some(why) = &r.unmatched {
            let _ = writeln!(
                out,
                "{}:{}: table {}: not checked: {why}",
                r.file, r.line, r.table
            );
        }
    }
    for r in reports.iter().filter(|r| !r.unresolved.is_empty()) {
        let _ = writeln!(
            out,
            "{}:{}: table {}: unresolved: {}",
            r.file,
            r.line,
            r.table,
            r.unresolved.join("; ")
        );
    }
    out
}

/// The pretty JSON array of every table (matched or not), ending in a newline.
pub fn json(reports: &[TableReport]) -> String {
    let mut out = serde_json::to_string_pretty(reports).expect("plain data serializes");
    out.push('\n');
    out
}

/// `N tables checked, M with findings, K not checked`, for stderr.
pub fn summary(reports: &[TableReport]) -> String {
    let checked = reports.iter().filter(|r| r.unmatched.is_none()).count();
    let stale = reports.iter().filter(|r| !r.findings.is_empty()).count();
    let unmatched = reports.len() - checked;
    format!("{checked} tables checked, {stale} with findings, {unmatched} not checked")
}
