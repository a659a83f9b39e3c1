//! Findings as CI systems show them: one [`Finding`] per problem (a stale table, a
//! constant deftab and the compiler disagree on, a drifted copy), rendered as GitHub Actions
//! workflow commands ([`github`]) or as SARIF 2.1.0 ([`sarif`]) for code-scanning
//! dashboards.
//!
//! A leaf module: it knows nothing of headers or tables. Each command turns its own report
//! into findings (`verify::VerifyReport::findings`, `generate::write::findings`, …) and names its
//! [`Rule`]s; a new command plugs in the same way.

mod github;
mod sarif;

pub use github::github;
pub use sarif::{SARIF_SCHEMA, sarif};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Note,
}

/// A kind of finding, listed once in SARIF's `rules` and named by each result.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// A stable identifier: `command/what` (`verify/mismatch`).
    pub id: &'static str,
    /// One sentence on what the rule reports.
    pub description: &'static str,
    /// The level of its findings unless a finding says otherwise.
    pub level: Level,
}

/// One problem, at a place in a file when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static Rule,
    pub level: Level,
    /// As the command shows it (relative to the working directory, or absolute).
    pub file: Option<String>,
    /// 1-based.
    pub line: Option<u32>,
    /// A short heading (GitHub shows it above the message).
    pub title: String,
    pub message: String,
}

impl Finding {
    /// A finding of `rule` at its default level.
    pub fn new(rule: &'static Rule, title: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            rule,
            level: rule.level,
            file: None,
            line: None,
            title: title.into(),
            message: message.into(),
        }
    }

    /// At `file`, line `line` (0 or `None`: the whole file).
    pub fn at(mut self, file: impl Into<String>, line: Option<u32>) -> Self {
        self.file = Some(file.into());
        self.line = line.filter(|&l| l > 0);
        self
    }

    pub fn level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }
}

#[cfg(test)]
mod tests;
