//! `--format github|sarif`: the findings of `generate --check`, `verify`, `check-headers`
//! and `diff` as CI shows them (GitHub Actions annotations, SARIF for code scanning).

use super::output::print;
use super::status::Failure;
use crate::findings::{Finding, github, sarif};
use clap::ValueEnum;

/// The output of a command that finds things.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum FindingsFormat {
    /// The command's own report.
    #[default]
    Text,
    /// GitHub Actions workflow commands (`::error file=F,line=N,title=T::message`), one
    /// per finding, for annotations on the pull request.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

/// `--format` of `diff` and `lint`: the command's own report (text or JSON), or its
/// findings as CI shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// The command's own report, for people.
    Text,
    /// The report as JSON.
    Json,
    /// GitHub Actions workflow commands, one annotation per finding, at its line.
    Github,
    /// SARIF 2.1.0, the same findings for code-scanning dashboards.
    Sarif,
}

impl ReportFormat {
    /// The findings format, for github and sarif.
    pub fn findings(self) -> Option<FindingsFormat> {
        match self {
            ReportFormat::Text | ReportFormat::Json => None,
            ReportFormat::Github => Some(FindingsFormat::Github),
            ReportFormat::Sarif => Some(FindingsFormat::Sarif),
        }
    }
}

/// Prints `findings` as `format` (GitHub or SARIF; `text` prints nothing here).
pub fn print_findings(format: FindingsFormat, findings: &[Finding]) -> Result<(), Failure> {
    match format {
        FindingsFormat::Text => Ok(()),
        FindingsFormat::Github => print(&github(findings)),
        FindingsFormat::Sarif => print(&sarif(findings, env!("DEFTAB_VERSION"))),
    }
}
