//! Drawing a [`Diagnostic`] the way rustc and cargo do: `error: message`, `--> file:line:col`,
//! the offending line with the token underlined, then `= note:` / `= help:` lines.
//!
//! annotate-snippets rather than miette: it is rustc's own renderer (the output users of
//! cargo already read), it takes plain strings and spans (no trait objects or derive macros
//! on our error types), its plain mode has no escape codes (stable snapshots), and it adds
//! two small dependencies where miette brings a dozen.

use super::{Diagnostic, Severity};
use crate::source::SourceMap;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// With or without ANSI colours; the caller decides (see `cli`'s `--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    #[default]
    Plain,
    Color,
}

pub(super) fn render(d: &Diagnostic, sm: &SourceMap, style: Style) -> String {
    let level = match d.severity {
        Severity::Note => Level::NOTE,
        Severity::Warning => Level::WARNING,
        Severity::Error => Level::ERROR,
    };
    // Declared before the group, which borrows them.
    let (line_text, path);
    let mut group: Group = Group::with_title(level.primary_title(d.message.as_str()));
    match d.loc {
        Some(loc) if !sm.file(loc.file).synthetic => {
            let pos = sm.position(loc);
            line_text = sm.file(loc.file).line_text(pos.line).to_string();
            path = pos.path.display().to_string();
            let start = byte_column(&line_text, pos.column);
            let end = start + token_len(&line_text[start..]);
            group = group.element(
                Snippet::source(line_text.as_str())
                    .line_start(pos.line as usize)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            );
        }
        Some(loc) => {
            // A virtual file (`-D` on the command line, predefined macros): no line to show.
            path = sm.position(loc).to_string();
            group = group.element(Level::NOTE.message(format!("in {path}")));
        }
        None => {}
    }
    for n in &d.notes {
        group = group.element(match n.strip_prefix("help: ") {
            Some(help) => Level::HELP.message(help),
            None => Level::NOTE.message(n.as_str()),
        });
    }
    let renderer = match style {
        Style::Plain => Renderer::plain(),
        Style::Color => Renderer::styled(),
    };
    let mut out = renderer.render(&[group]);
    out.push('\n');
    out
}

/// The byte offset of 1-based character column `column` in `line` (clamped to its end).
fn byte_column(line: &str, column: u32) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i)
}

/// How much to underline: a whole identifier or number, else one character.
fn token_len(rest: &str) -> usize {
    let word = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if word > 0 {
        word
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    }
}
