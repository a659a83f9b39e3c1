//! Errors of `generate`: a position in the manifest (line:col, the line, a caret, a hint),
//! or a file that could not be read or written.

use std::fmt;
use std::ops::Range;

/// Something wrong at a place in the manifest: a bad key or value, an unknown `$name`, a
/// table that cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The manifest line, for the caret display.
    pub source_line: String,
    pub message: String,
    /// `did you mean …?` and the like.
    pub hint: Option<String>,
}

impl ManifestError {
    /// An error at the start of `span` in `text`, with a `did you mean` hint for an unknown
    /// key or variant close to an expected one.
    pub fn new(file: &str, text: &str, span: Range<usize>, message: &str) -> ManifestError {
        let start = span.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        ManifestError {
            file: file.to_string(),
            line: text[..start].matches('\n').count() + 1,
            column: text[line_start..start].chars().count() + 1,
            source_line: text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
            message: message.to_string(),
            hint: near_miss(message),
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> ManifestError {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        writeln!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        let pad: String = self
            .source_line
            .chars()
            .take(self.column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(f, "{:>5} | {}\n      | {pad}^", self.line, self.source_line)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  = help: {h}")?;
        }
        Ok(())
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" (or variant): the closest
/// expected name, when one is close.
fn near_miss(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (got, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let near = crate::near::near_matches(got, &names);
    near.first().map(|n| format!("did you mean `{n}`?"))
}

/// Why `generate` failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("{0}")]
    Manifest(Box<ManifestError>),
    /// A file that could not be read or written, and why.
    #[error("{0}")]
    Io(String),
}

impl From<ManifestError> for GenerateError {
    fn from(e: ManifestError) -> GenerateError {
        GenerateError::Manifest(Box::new(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_caret_and_hint() {
        let text = "a = 1\n  shpe = \"x\"\n";
        let e = ManifestError::new(
            "m.toml",
            text,
            8..12,
            "unknown field `shpe`, expected one of `name`, `shape`",
        );
        assert_eq!(
            e.to_string(),
            "m.toml:2:3: unknown field `shpe`, expected one of `name`, `shape`\n    2 |   shpe = \"x\"\n      |   ^\n  = help: did you mean `shape`?"
        );
        let far = ManifestError::new("m", text, 0..1, "unknown field `zzzzzz`, expected `name`");
        assert_eq!(far.hint, None);
    }
}
