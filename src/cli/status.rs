//! What a command returns: how it came out (exit 0 or 1) or why it failed (exit 2).
//! [`exit_code`] turns that into the process's exit code, in one place for every command.

use super::output;
use crate::diag::Diagnostic;
use crate::source::SourceMap;

/// How a command that ran to its end came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Exit 0.
    Success,
    /// Exit 1: the check the command performs found differences.
    Differences,
}

/// Why a command failed: exit 2, after the message is on stderr.
#[derive(Debug)]
pub enum Failure {
    /// `error: MESSAGE`, for a problem with no place in a header.
    Message(String),
    /// Text rendered already (a diagnostic with its source lines), for stderr as it is.
    Rendered(String),
    /// Said on stderr already, as it happened (each header's diagnostics, a failed write).
    Reported,
}

/// What every command returns.
pub type CommandResult = Result<Status, Failure>;

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Message(message)
    }
}

impl Failure {
    /// A diagnostic with its source line (errors are never hidden by `-q`).
    pub fn diagnostic(d: &Diagnostic, sm: &SourceMap) -> Failure {
        Failure::Rendered(output::rendered_diagnostic(d, sm).unwrap_or_default())
    }

    /// `error: {e}`, written as it is rather than as a diagnostic: the text of an error
    /// that renders its own source lines.
    pub fn plain(e: impl std::fmt::Display) -> Failure {
        Failure::Rendered(format!("error: {e}\n"))
    }

    fn report(self) {
        match self {
            Failure::Message(m) => output::error(&m),
            Failure::Rendered(text) => output::eprint(&text),
            Failure::Reported => {}
        }
    }
}

/// Success.
pub const EXIT_OK: u8 = 0;
/// The command's check found differences.
pub const EXIT_DIFFERENCES: u8 = 1;
/// Usage or input error.
pub const EXIT_ERROR: u8 = 2;

/// The exit code of a command's outcome, after reporting a failure.
pub fn exit_code(outcome: CommandResult) -> u8 {
    match outcome {
        Ok(Status::Success) => EXIT_OK,
        Ok(Status::Differences) => EXIT_DIFFERENCES,
        Err(failure) => {
            failure.report();
            EXIT_ERROR
        }
    }
}
