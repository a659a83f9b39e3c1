//! Writing to stdout and stderr, the same way in every command: `--color`, `-q`/`-v`, and
//! `deftab … | head` ending quietly instead of with an error.

use super::status::Failure;
use crate::diag::{Diagnostic, Severity, Style};
use crate::source::SourceMap;
use clap::ValueEnum;
use std::io::{self, IsTerminal, Write};
use std::sync::OnceLock;

/// `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colours when the output is a terminal and NO_COLOR is unset or empty.
    #[default]
    Auto,
    Always,
    Never,
}

/// How much to say on stderr.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: errors only.
    Quiet,
    #[default]
    Normal,
    /// `-v`: also what is being read.
    Verbose,
}

#[derive(Clone, Copy, Debug, Default)]
struct Settings {
    color: ColorChoice,
    verbosity: Verbosity,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Sets the output options for the rest of the process (the first call wins).
pub fn init(color: ColorChoice, verbosity: Verbosity) {
    let _ = SETTINGS.set(Settings { color, verbosity });
}

fn settings() -> Settings {
    SETTINGS.get().copied().unwrap_or_default()
}

/// Whether to colour a stream that is (or is not) a terminal.
fn colored(is_terminal: bool) -> bool {
    match settings().color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Colours for stdout (check-headers' coloured "Warning", as the upstream script).
pub fn stdout_color() -> bool {
    colored(io::stdout().is_terminal())
}

fn stderr_style() -> Style {
    if colored(io::stderr().is_terminal()) {
        Style::Color
    } else {
        Style::Plain
    }
}

pub fn verbosity() -> Verbosity {
    settings().verbosity
}

/// Writes `text` to stdout. A closed pipe is not an error: the reader has what it wanted.
/// Any other failure is reported at once (`cannot write output`).
pub fn print(text: &str) -> Result<(), Failure> {
    print_parts([text])
}

/// [`print`] of the concatenation of `parts`, without building it.
pub fn print_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> Result<(), Failure> {
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let written = parts
        .into_iter()
        .try_for_each(|part| out.write_all(part.as_bytes()));
    match written.and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            error(&format!("cannot write output: {e}"));
            Err(Failure::Reported)
        }
    }
}

/// Stdout written piece by piece (a command that prints while it works), with
/// [`print_parts`]'s handling of failures: after the first one nothing more is written, and
/// [`StreamedStdout::finish`] reports it.
pub struct StreamedStdout {
    out: io::BufWriter<io::StdoutLock<'static>>,
    failed: Option<io::Error>,
}

impl StreamedStdout {
    pub fn new() -> StreamedStdout {
        StreamedStdout {
            out: io::BufWriter::with_capacity(1 << 16, io::stdout().lock()),
            failed: None,
        }
    }

    pub fn write(&mut self, text: &str) {
        if self.failed.is_none()
            && let Err(e) = self.out.write_all(text.as_bytes())
        {
            self.failed = Some(e);
        }
    }

    /// Flushes; a closed pipe is not an error, any other failure is reported.
    pub fn finish(mut self) -> Result<(), Failure> {
        let flushed = match self.failed.take() {
            Some(e) => Err(e),
            None => self.out.flush(),
        };
        match flushed {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => {
                error(&format!("cannot write output: {e}"));
                Err(Failure::Reported)
            }
        }
    }
}

/// Writes to stderr, ignoring failures (there is nowhere else to report them).
pub fn eprint(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// A diagnostic with its source line; warnings and notes are left out with `-q`.
pub fn diagnostic(d: &Diagnostic, sm: &SourceMap) {
    if let Some(text) = rendered_diagnostic(d, sm) {
        eprint(&text);
    }
}

/// What [`diagnostic`] would print (`None` when `-q` hides it), for a worker thread that
/// hands its output to the main thread.
pub fn rendered_diagnostic(d: &Diagnostic, sm: &SourceMap) -> Option<String> {
    (d.severity == Severity::Error || verbosity() > Verbosity::Quiet)
        .then(|| d.render_styled(sm, stderr_style()))
}

/// `error: message` for problems with no place in a header.
pub fn error(message: &str) {
    diagnostic(&Diagnostic::error(None, message), &SourceMap::new());
}

/// `warning: message`, unless `-q`.
pub fn warning(message: &str) {
    diagnostic(&Diagnostic::warning(None, message), &SourceMap::new());
}

/// `note: message`, unless `-q`.
pub fn note(message: &str) {
    if verbosity() > Verbosity::Quiet {
        let d = Diagnostic {
            severity: Severity::Note,
            message: message.to_string(),
            loc: None,
            notes: vec![],
        };
        eprint(&d.render_styled(&SourceMap::new(), stderr_style()));
    }
}

/// Progress and detail, with `-v` only.
pub fn verbose(message: &str) {
    if verbosity() == Verbosity::Verbose {
        eprint(&format!("{message}\n"));
    }
}
