//! The findings model: one [`TableReport`] per table found, with its [`Disagreement`]s.
//!
//! Independent of how tables are found and matched: anything that compares a hand-kept
//! list with constants (perf's arrays here, other projects' lists elsewhere) fills these
//! and reuses the renderers and the exit status.

use serde::Serialize;

/// What is wrong with one entry of a table. New kinds are added here (with their message
/// in [`Kind::describe`]); the JSON spelling is the lowercase variant name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A constant of the header that the table lacks (past its end, or never named).
    Missing,
    /// The table names another constant at this index than the header does.
    Wrong,
    /// An entry of the table that no constant of the header has.
    Extra,
    /// An empty slot inside the table where the header has a constant.
    Hole,
    /// A name list's fallback value differs from the header's value.
    Value,
    /// A name list's entry the headers do not define (a note unless `--strict`).
    Unknown,
    /// A `#sorted` or `#value_indexed` name list whose order or indexes break.
    Order,
}

impl Kind {
    /// The JSON and text spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Missing => "missing",
            Kind::Wrong => "wrong",
            Kind::Extra => "extra",
            Kind::Hole => "hole",
            Kind::Value => "value",
            Kind::Unknown => "unknown",
            Kind::Order => "order",
        }
    }

    /// A finding of this kind does not make the run fail unless asked (`--strict`).
    pub fn is_note(self) -> bool {
        self == Kind::Unknown
    }
}

/// One disagreement between a table and the header, for the targets listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub kind: Kind,
    /// The header's name for the value (missing, wrong, hole), or the name the table's
    /// entry implies (extra).
    pub name: Option<String>,
    /// The constant's value.
    pub value: Option<i128>,
    /// Where in the table: the array index (`None` for a switch).
    pub index: Option<i128>,
    /// The table's string (wrong, extra).
    pub has: Option<String>,
    /// The targets where this holds, in the order they were checked.
    pub targets: Vec<String>,
    /// Where the header defines the constant (`include/uapi/linux/bpf.h:980`); text only.
    #[serde(skip)]
    pub at: Option<String>,
    /// The line of the table's entry, when the finding is about one (name lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Disagreement {
    pub fn new(kind: Kind) -> Disagreement {
        Disagreement {
            kind,
            name: None,
            value: None,
            index: None,
            has: None,
            targets: Vec::new(),
            at: None,
            line: None,
        }
    }

    /// The same finding apart from the targets (and where the constant is, which differs
    /// between the targets' header layouts).
    pub fn same_as(&self, other: &Disagreement) -> bool {
        (
            self.kind, &self.name, self.value, self.index, &self.has, self.line,
        ) == (
            other.kind,
            &other.name,
            other.value,
            other.index,
            &other.has,
            other.line,
        )
    }

    /// The message of one text line, without file, line and table.
    pub fn message(&self) -> String {
        let name = self.name.as_deref().unwrap_or("?");
        let at = |value: Option<i128>| match (value, &self.at) {
            (Some(v), Some(at)) => format!(" (= {v}, {at})"),
            (Some(v), None) => format!(" (= {v})"),
            (None, Some(at)) => format!(" ({at})"),
            (None, None) => String::new(),
        };
        let index = self.index.map(|i| format!(" at [{i}]")).unwrap_or_default();
        let has = self.has.as_deref().unwrap_or("");
        match self.kind {
            Kind::Missing => format!("missing {name}{}", at(self.value)),
            Kind::Hole => format!("hole{index}: no entry for {name}{}", at(self.value)),
            Kind::Wrong => format!(
                "wrong name{index}: has \"{has}\", the header says {name}{}",
                at(self.value)
            ),
            Kind::Extra => match &self.name {
                Some(n) => format!("extra entry{index}: \"{has}\" ({n} is not a constant)"),
                None => format!("extra entry{index}: \"{has}\" has no constant"),
            },
            Kind::Value => format!(
                "value: {name} has the fallback {has}, the header says {}{}",
                self.value.map(|v| v.to_string()).unwrap_or_default(),
                self.at
                    .as_ref()
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default()
            ),
            Kind::Unknown => format!("unknown: {name} is not defined by the headers"),
            Kind::Order => format!("order: {name}{} {has}", at(self.value)),
        }
    }
}

/// One table found in a C file and what checking it found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TableReport {
    /// The C file, as named on the command line.
    pub file: String,
    /// The line of the table's name in its declaration.
    pub line: u32,
    pub table: String,
    /// What it was matched to: `enum bpf_cmd`, `#define KEYCTL_*`; `None`: not matched.
    pub constants: Option<String>,
    /// How many entries the table has (the most over the targets).
    pub entries: usize,
    pub findings: Vec<Disagreement>,
    /// Why the table could not be matched (`constants` is then `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unmatched: Option<String>,
    /// What could not be resolved while checking it (a designator naming no known
    /// constant, an `#if` that could not be decided): the check is partial.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
}

impl TableReport {
    pub fn new(file: &str, line: u32, table: &str) -> TableReport {
        TableReport {
            file: file.to_string(),
            line,
            table: table.to_string(),
            constants: None,
            entries: 0,
            findings: Vec::new(),
            unmatched: None,
            unresolved: Vec::new(),
        }
    }

    /// Adds `finding` for `target`: to the same finding of another target when there is
    /// one, so each disagreement is one finding with the list of targets it holds for.
    pub fn add(&mut self, mut finding: Disagreement, target: &str) {
        if let Some(f) = self.findings.iter_mut().find(|f| f.same_as(&finding)) {
            if !f.targets.iter().any(|t| t == target) {
                f.targets.push(target.to_string());
            }
            return;
        }
        finding.targets = vec![target.to_string()];
        self.findings.push(finding);
    }

    /// Notes something unresolved, once.
    pub fn note_unresolved(&mut self, what: String) {
        if !self.unresolved.contains(&what) {
            self.unresolved.push(what);
        }
    }

    /// Findings sorted the way they are shown: by index (switch findings after), then
    /// kind and name.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (a.index.is_none(), a.index, a.value, a.kind, &a.name).cmp(&(
                b.index.is_none(),
                b.index,
                b.value,
                b.kind,
                &b.name,
            ))
        });
    }

    /// Findings by the line of their entry (name lists; findings without one last), then
    /// kind and name.
    pub fn sort_by_line(&mut self) {
        self.findings.sort_by(|a, b| {
            (a.line.is_none(), a.line, a.kind, &a.name).cmp(&(
                b.line.is_none(),
                b.line,
                b.kind,
                &b.name,
            ))
        });
    }

    /// Each finding as (file, line, kind, message), for output formats that know nothing
    /// of tables (CI annotations); `all_targets` as in [`crate::lint::render::text`].
    pub fn flat<'a>(
        &'a self,
        all_targets: &'a [String],
    ) -> impl Iterator<Item = FlatDisagreement> + 'a {
        self.findings.iter().map(move |f| FlatDisagreement {
            file: self.file.clone(),
            line: f.line.unwrap_or(self.line),
            kind: f.kind.as_str(),
            message: format!(
                "table {}{}: {}{}",
                self.table,
                self.constants
                    .as_ref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default(),
                f.message(),
                targets_suffix(&f.targets, all_targets)
            ),
        })
    }
}

/// A finding reduced to what any report format can show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlatDisagreement {
    pub file: String,
    pub line: u32,
    pub kind: &'static str,
    pub message: String,
}

/// ` [mips, alpha]` when a finding holds for some of the targets checked, else nothing.
pub fn targets_suffix(targets: &[String], all_targets: &[String]) -> String {
    if all_targets.len() <= 1 || all_targets.iter().all(|t| targets.contains(t)) {
        String::new()
    } else {
        format!(" [{}]", targets.join(", "))
    }
}

/// Whether any table has a finding (exit status 1); notes ([`Kind::is_note`]) count only
/// when `strict`.
pub fn has_findings(reports: &[TableReport], strict: bool) -> bool {
    reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| strict || !f.kind.is_note())
}

/// The findings of `new` that `old` does not have (the same table, the same finding on
/// any target): what a header change made stale. Tables left with none are dropped.
pub fn since(old: &[TableReport], new: &[TableReport]) -> Vec<TableReport> {
    new.iter()
        .filter_map(|n| {
            let before = old
                .iter()
                .find(|o| (&o.file, o.line, &o.table) == (&n.file, n.line, &n.table));
            let mut r = n.clone();
            r.findings
                .retain(|f| !before.is_some_and(|b| b.findings.iter().any(|g| g.same_as(f))));
            r.unmatched = None;
            r.unresolved.clear();
            (!r.findings.is_empty()).then_some(r)
        })
        .collect()
}
