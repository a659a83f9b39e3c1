//! `--impact` as text (`templates/impact/report.txt`): one line per copy (the copy, its
//! verdict, a count), then what moves for each tables-changed copy, then a summary.

use super::{CopyImpact, Verdict};
use askama::Template;

#[derive(Template)]
#[template(path = "impact/report.txt")]
struct Report {
    rows: Vec<Row>,
    details: Vec<Detail>,
    summary: String,
}

struct Row {
    /// Padded to the longest copy.
    copy: String,
    /// Padded to the longest verdict.
    verdict: String,
    count: String,
}

struct Detail {
    copy: String,
    original: String,
    verdict: &'static str,
    lines: Vec<String>,
}

/// The text report of `copies`.
pub fn text(copies: &[CopyImpact]) -> String {
    let width = copies.iter().map(|c| c.copy.len()).max().unwrap_or(0);
    let vwidth = copies
        .iter()
        .map(|c| c.verdict.as_str().len())
        .max()
        .unwrap_or(0);
    let rows = copies
        .iter()
        .map(|c| Row {
            copy: format!("{:width$}", c.copy),
            verdict: match c.count().is_empty() {
                true => c.verdict.as_str().to_string(),
                false => format!("{:vwidth$}", c.verdict.as_str()),
            },
            count: c.count(),
        })
        .collect();
    let details = copies
        .iter()
        .filter(|c| c.verdict == Verdict::TablesChanged)
        .map(|c| Detail {
            copy: c.copy.clone(),
            original: c.original.clone(),
            verdict: c.verdict.as_str(),
            lines: detail_lines(c),
        })
        .collect();
    Report {
        rows,
        details,
        summary: summary(copies),
    }
    .render()
    .expect("the template only writes strings")
        + "\n"
}

/// What moves for one copy: generated tables, hand-kept tables, near misses.
pub fn detail_lines(c: &CopyImpact) -> Vec<String> {
    let mut out = table_lines(c);
    out.extend(hand_lines(c));
    out.extend(near_lines(c));
    out
}

/// The generated tables that move, each with its entry changes.
pub fn table_lines(c: &CopyImpact) -> Vec<String> {
    let mut out = vec![];
    for t in &c.tables {
        match &t.error {
            Some(e) => out.push(format!(
                "  {}: table {}: cannot be built from the original: {e}",
                t.file, t.table
            )),
            None => out.push(format!("  {}: table {}", t.file, t.table)),
        }
        out.extend(t.lines.iter().map(|l| format!("    {l}")));
    }
    out
}

/// The hand-kept tables that go stale, each with its findings.
pub fn hand_lines(c: &CopyImpact) -> Vec<String> {
    let mut out = vec![];
    for h in &c.hand_tables {
        out.push(format!(
            "  {}:{}: hand-kept table {} goes stale",
            h.file, h.line, h.table
        ));
        out.extend(h.findings.iter().map(|f| format!("    {f}")));
    }
    out
}

/// The near misses, each with why the table's pattern misses it.
pub fn near_lines(c: &CopyImpact) -> Vec<String> {
    c.near_misses
        .iter()
        .map(|n| {
            let value = n
                .value
                .as_ref()
                .map(|v| format!(" = {v}"))
                .unwrap_or_default();
            format!(
                "  near miss: {}{value} ({}) is not in {}: table {}: {}",
                n.name, n.at, n.file, n.table, n.reason
            )
        })
        .collect()
}

/// `12 drifted copies: 3 tables-changed, 4 constants-changed, …`.
fn summary(copies: &[CopyImpact]) -> String {
    if copies.is_empty() {
        return "no drifted copy".into();
    }
    let kinds = [
        Verdict::TablesChanged,
        Verdict::ConstantsChanged,
        Verdict::NoConstantChanged,
        Verdict::NotAHeader,
    ];
    let parts: Vec<String> = kinds
        .iter()
        .map(|k| (k, copies.iter().filter(|c| c.verdict == *k).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    let copies_word = match copies.len() {
        1 => "drifted copy",
        _ => "drifted copies",
    };
    format!("{} {copies_word}: {}", copies.len(), parts.join(", "))
}
