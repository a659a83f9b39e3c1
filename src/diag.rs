//! Diagnostics: what went wrong, where in the header, and what might fix it.
//!
//! Every stage reports through [`Diagnostic`]; positions are [`Loc`]s in the files the user
//! wrote (never in preprocessed text). Rendering resolves them through the source map.

mod render;

pub use render::Style;

use crate::source::{Loc, SourceMap};

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

    /// Adds a `help:` line: what might fix the problem.
    pub fn with_help(self, help: impl Into<String>) -> Diagnostic {
        self.with_note(format!("help: {}", help.into()))
    }

    /// The message, `--> path:line:col`, the offending line with the token underlined, then
    /// the notes; without colours.
    pub fn render(&self, sm: &SourceMap) -> String {
        render::render(self, sm, Style::Plain)
    }

    /// As [`Diagnostic::render`], in the given style.
    pub fn render_styled(&self, sm: &SourceMap, style: Style) -> String {
        render::render(self, sm, style)
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
            "error: division by zero in #if\n --> x.h:2:7\n  |\n2 | #if 1 / 0\n  |       ^\n  |\n  = help: check the divisor\n"
        );
    }

    #[test]
    fn underlines_a_whole_word_expands_tabs_and_skips_synthetic_files() {
        let mut sm = SourceMap::new();
        let f = sm.add_virtual("y.h", "int\tx = FOO_BAR + 1;\n".into());
        let d = Diagnostic::warning(Loc { file: f, offset: 8 }, "unknown").with_note("see y.h");
        assert_eq!(
            d.render(&sm),
            "warning: unknown\n --> y.h:1:9\n  |\n1 | int    x = FOO_BAR + 1;\n  |            ^^^^^^^\n  |\n  = note: see y.h\n"
        );
        let colored = d.render_styled(&sm, Style::Color);
        assert!(colored.contains("\x1b["), "{colored:?}");
        let cmd = sm.new_scratch();
        let d = Diagnostic::error(
            Loc {
                file: cmd,
                offset: 0,
            },
            "bad -D",
        );
        assert!(!d.render(&sm).contains(" | "), "{}", d.render(&sm));
    }
}
