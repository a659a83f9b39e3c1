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

/// Prints `findings` as `format` (GitHub or SARIF; `text` prints nothing here).
pub fn print_findings(format: FindingsFormat, findings: &[Finding]) -> Result<(), Failure> {
    match format {
        FindingsFormat::Text => Ok(()),
        FindingsFormat::Github => print(&github(findings)),
        FindingsFormat::Sarif => print(&sarif(findings, env!("DEFTAB_VERSION"))),
    }
}
