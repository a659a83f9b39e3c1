//! Diagnostics: what went wrong, where in the header, and what might fix it.
//!
//! Every stage reports through [`Diagnostic`]; positions are [`Loc`]s in the files the user
//! wrote (never in preprocessed text). Rendering resolves them through the source map.

use crate::source::{Loc, SourceMap};
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where; `None` for problems with no place in a file (a missing command-line header).
    pub loc: Option<Loc>,
    /// Extra lines: "included from …", "searched: …", "help: …".
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(loc: impl Into<Option<Loc>>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            loc: loc.into(),
            notes: vec![],
        }
    }

    pub fn warning(loc: impl Into<Option<Loc>>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
            loc: loc.into(),
            notes: vec![],
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col: error: message`, the offending line with a caret, then the notes.
    pub fn render(&self, sm: &SourceMap) -> String {
        let kind = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let mut out = String::new();
        match self.loc {
            Some(loc) => {
                let pos = sm.position(loc);
                let _ = writeln!(out, "{pos}: {kind}: {}", self.message);
                let file = sm.file(loc.file);
                if !file.synthetic {
                    let line = file.line_text(pos.line);
                    let caret_pad: String = line
                        .chars()
                        .take(pos.column as usize - 1)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    let _ = writeln!(out, "{:>5} | {line}", pos.line);
                    let _ = writeln!(out, "      | {caret_pad}^");
                }
            }
            None => {
                let _ = writeln!(out, "{kind}: {}", self.message);
            }
        }
        for n in &self.notes {
            let _ = writeln!(out, "  = {n}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_line_and_caret() {
        let mut sm = SourceMap::new();
        let f = sm.add_virtual("x.h", "#define A 1\n#if 1 / 0\n#endif\n".into());
        let d = Diagnostic::error(
            Loc {
                file: f,
                offset: 18,
            },
            "division by zero in #if",
        )
        .with_note("help: check the divisor");
        let r = d.render(&sm);
        assert_eq!(
            r,
            "x.h:2:7: error: division by zero in #if\n    2 | #if 1 / 0\n      |       ^\n  = help: check the divisor\n"
        );
    }
}
