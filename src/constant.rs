//! The unit of output: one named constant of a header and its value, or why it has none.

use crate::evaluate::{EvalError, Value};
use crate::source::{Loc, SourceMap};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConstKind {
    Define,
    Enumerator,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Constant {
    pub name: String,
    pub kind: ConstKind,
    /// The name in its `#define`, or the enumerator's name.
    pub loc: Loc,
    /// Replacement text as written (defines) or the initializer (enumerators; `None` if
    /// implicit).
    pub text: Option<String>,
    /// The enum's tag, for enumerators of a tagged enum.
    pub enum_tag: Option<String>,
    pub value: Result<Value, Skipped>,
}

/// Why a constant has no value, and where the evaluator stopped.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    pub error: EvalError,
    pub loc: Option<Loc>,
}

/// The stable JSON form of a [`Constant`] (`dump --format json`).
#[derive(Debug, serde::Serialize)]
pub struct ConstantJson<'a> {
    pub name: &'a str,
    pub kind: ConstKind,
    pub file: String,
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i128>,
    /// The value in decimal text when JavaScript's numbers cannot hold it exactly (above
    /// 2^53 - 1 in magnitude).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsigned: Option<bool>,
    /// The C type of the value (`int`, `unsigned long`, …).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<&'static str>,
    pub text: Option<&'a str>,
    #[serde(rename = "enum")]
    pub enum_tag: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// For request numbers built with `_IOC`: their fields (filled by the caller, who has
    /// the unit's `_IOC` layout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ioctl: Option<crate::ioctl::Ioctl>,
}

/// The largest magnitude a JSON reader using doubles (JavaScript) holds exactly: 2^53 - 1.
pub const MAX_SAFE_INTEGER: i128 = (1 << 53) - 1;

/// `value` as text when a double cannot hold it exactly, else `None`.
pub fn exact_text(value: i128) -> Option<String> {
    (value.abs() > MAX_SAFE_INTEGER).then(|| value.to_string())
}

impl Constant {
    pub fn to_json<'a>(&'a self, sm: &SourceMap) -> ConstantJson<'a> {
        let pos = sm.position(self.loc);
        let (value, unsigned, ty, skipped) = match &self.value {
            Ok(v) => (Some(v.value), Some(!v.ty.signed), Some(v.ty.c_name()), None),
            Err(s) => (None, None, None, Some(s.reason(sm, self.loc))),
        };
        ConstantJson {
            name: &self.name,
            kind: self.kind,
            file: pos.path.display().to_string(),
            line: pos.line,
            value,
            value_text: value.and_then(exact_text),
            unsigned,
            ty,
            text: self.text.as_deref(),
            enum_tag: self.enum_tag.as_deref(),
            skipped,
            ioctl: None,
        }
    }
}

impl Skipped {
    /// The reason, with the position where evaluation stopped when that is not on the
    /// constant's own line (`at`).
    pub fn reason(&self, sm: &SourceMap, at: Loc) -> String {
        match self.loc {
            Some(loc)
                if !sm.file(loc.file).synthetic
                    && (loc.file != at.file || sm.line(loc) != sm.line(at)) =>
            {
                let p = sm.position(loc);
                format!("{} (at {}:{})", self.error, p.path.display(), p.line)
            }
            _ => self.error.to_string(),
        }
    }
}
