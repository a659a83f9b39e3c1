//! `explain`: how one constant got its value, step by step, each step with file:line.
//!
//! Entry point: [`explain`] reads a header in a [`Session`](crate::header::Session) and returns an [`Explanation`]:
//! every definition of the name in the unit (active, overridden, `#undef`'d, or in an `#if`
//! group that was skipped, with the condition), the macro expansion one invocation at a time
//! ([`crate::preprocess::Preprocessor::expand_steps`]), the target facts the value depends on
//! (`sizeof(long) = 8`), the value and its C type — or why there is none and what would fix
//! it. Whatever the session can evaluate shows up: a layout engine passed as [`Layouts`](crate::evaluate::Layouts)
//! turns "needs the layout of struct x" into a value and a `sizeof(struct x)` fact; a new
//! target is just another `Session`.
//!
//! Layout: `collect` (building an explanation), `search` (which headers under the include
//! directories define a name, by a text prefilter), `hints` (what would fix a skipped
//! constant), `render` (text and JSON).

mod collect;
mod hints;
mod render;
pub mod search;

pub use collect::explain;
pub use render::text;

use serde::Serialize;

/// A position shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    pub file: String,
    pub line: u32,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// What became of one `#define` of the name (or `#undef` of it), in unit order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The definition in force at the end of the header.
    Active,
    /// Replaced by a later `#define`.
    Overridden,
    /// An `#undef` of the name.
    Undef,
    /// In an `#if` group that was skipped.
    Inactive,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Definition {
    pub status: Status,
    pub at: Place,
    /// The directive as written (first line).
    pub text: String,
    /// For `inactive`: the condition that was false, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition_at: Option<Place>,
}

/// One macro invocation replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The macro expanded in this step.
    #[serde(rename = "macro")]
    pub macro_name: String,
    /// Its `#define`.
    pub defined_at: Place,
    /// The whole expression after the step.
    pub result: String,
}

/// An enumerator's place in its enum and how its value follows from earlier members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnumPlace {
    /// `enum bpf_cmd`, or `anonymous enum`.
    #[serde(rename = "enum")]
    pub enum_name: String,
    pub at: Place,
    /// 0-based position among the enum's members, and their number.
    pub position: usize,
    pub members: usize,
    /// From the nearest member with an initializer (or the first member) to this one.
    pub chain: Vec<ChainLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainLink {
    pub name: String,
    pub at: Place,
    /// `= EXPR` as written, or `None` for an implicit value (previous + 1, or 0 first).
    pub init: Option<String>,
    pub value: Option<String>,
}

/// A fact about the target the value depends on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub expr: String,
    pub value: String,
}

/// The value, or why there is none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Value {
        value: i128,
        hex: String,
        #[serde(rename = "type")]
        ty: String,
    },
    Skipped {
        reason: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<Place>,
    },
}

/// Everything `explain` says about one name in one header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub name: String,
    /// `define` or `enumerator`.
    pub kind: &'static str,
    /// The header read (as resolved).
    pub header: String,
    pub target: String,
    pub definitions: Vec<Definition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enumerator: Option<EnumPlace>,
    /// The expansion of the name, one macro at a time (empty for an enumerator).
    pub expansion: Vec<Step>,
    /// Set when the step-wise view ends elsewhere than C's expansion (which is what was
    /// evaluated, `evaluated` below).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expansion_note: Option<String>,
    /// The tokens evaluated, after full expansion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluated: Option<String>,
    pub facts: Vec<Fact>,
    pub outcome: Outcome,
    /// What would fix a skipped constant, or other help.
    pub hints: Vec<String>,
}
