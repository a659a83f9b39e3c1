//! A table's notes: what a filter dropped, an alias removed, a header warned about. Each
//! has a [`NoteKind`], so a caller chooses notes by kind (the CLI hides the routine ones
//! unless `-v`), never by their wording; the text is what the user reads.

use serde::{Serialize, Serializer};
use std::fmt;

/// What a note is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoteKind {
    /// A warning of a header the table reads, rendered with its source line.
    HeaderWarning,
    /// A name dropped because another name has the same value (the table's `aliases`).
    Alias,
    /// An include, exclude or sentinel pattern that matched no name.
    UnusedPattern,
    /// A constant left out because it needs a record the target's headers do not define
    /// (`skip_undefined_records`).
    UndefinedRecord,
    /// A constant a pattern selected that is not an integer constant expression: skipped.
    NotInteger,
    /// A name list's `#From` or `#include` header that was not read, or a warning of its
    /// unit.
    ListHeader,
    /// A name list's `#From` header of another architecture, not read on this one.
    OtherArchitecture,
    /// A name list's entry the headers do not define: its fallback value is used.
    Fallback,
    /// A name list's entry without a value: left out.
    NoValue,
}

/// One note of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    /// As the user reads it (`file:line: NAME …`).
    pub text: String,
}

impl Note {
    pub fn new(kind: NoteKind, text: impl Into<String>) -> Note {
        Note {
            kind,
            text: text.into(),
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// As its text: the JSON of a table lists its notes as strings.
impl Serialize for Note {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}
