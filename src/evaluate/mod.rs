//! Evaluating integer constant expressions exactly as a C11 compiler does for the target.
//!
//! One parser over tokens serves two modes:
//! - [`eval_pp_condition`]: `#if` arithmetic (C11 6.10.1): every integer is `intmax_t` or
//!   `uintmax_t`, leftover identifiers are 0, no casts or `sizeof`;
//! - [`Evaluator::eval`]: a macro's expansion or an enumerator's initializer, with C types:
//!   literal types and suffixes, usual arithmetic conversions, wrap-around, casts through
//!   typedefs, `sizeof`/`_Alignof`, character constants, enum constants.
//!
//! Struct layout is not computed here: `sizeof(struct …)` asks a [`Layouts`] hook.

use crate::ctype::{CType, IntType, RecordKind};
use crate::decl::Declarations;
use crate::diag::Diagnostic;
use crate::scan::Token;
use crate::source::{Loc, SourceMap};
use crate::target::Target;
use std::collections::HashMap;

mod arith;
mod fast;
mod offsetof;
mod ops;
pub use ops::EXPR_MAX_DEPTH;
mod parser;
mod pp;
mod sizes;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod testutil;
mod typename;

/// An integer value of a C integer type. Invariant: `value` is within the range of `ty`
/// for the target (so `-1` as `unsigned long` on LP64 is stored as `2^64 - 1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Value {
    pub value: i128,
    pub ty: IntType,
}

/// Why an expression has no integer value. Each is a reason shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EvalError {
    #[error("empty")]
    Empty,
    /// Not an integer constant expression (C11 6.6p6): a floating value, a pointer, a
    /// string, a call, a comma, an address.
    #[error("not an integer: {0}")]
    NotInteger(String),
    /// `enum TAG` used where the unit defines no such enum.
    #[error("enum {0} is not defined")]
    UndefinedEnum(String),
    /// A literal, an array or a record bigger than the target's types (or deftab's i128).
    #[error("{0}")]
    TooLarge(String),
    /// What C does not allow here: a negative array length, a bit-field wider than its
    /// type, a member of type void, a record containing itself, a shift by a negative
    /// count.
    #[error("{0}")]
    Invalid(String),
    /// What C allows but deftab does not evaluate (`__typeof__` in a type name, an
    /// anonymous record in a cast).
    #[error("not supported: {0}")]
    Unsupported(String),
    #[error("unknown identifier `{0}`")]
    UnknownIdentifier(String),
    #[error("needs the layout of {0}")]
    NeedsLayout(String),
    #[error("division by zero")]
    DivisionByZero,
    #[error("{0}")]
    Syntax(String),
    #[error("expression nested deeper than {0} levels")]
    TooDeep(usize),
    /// Not an expression at all: a function-like macro, a definition that does not survive
    /// to the end of the header, an enumerator after one without value.
    #[error("{0}")]
    NoValue(String),
    /// A `#define` repeating an earlier identical one (C11 6.10.3p2): the same constant,
    /// whose value is the earlier site's.
    #[error("identical redefinition")]
    IdenticalRedefinition,
    /// A macro whose expansion uses `__LINE__`, `__COUNTER__`, … (named): no fixed value.
    #[error("depends on where it is expanded: `{0}`")]
    PositionDependent(&'static str),
}

/// An [`EvalError`] at a position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub error: EvalError,
    pub loc: Option<Loc>,
}

/// Layouts of records, provided by a layout engine (`crate::layout`). The engine gets the
/// evaluator back to evaluate array lengths, bit widths and `aligned(N)` (which may use
/// `sizeof` again); `depth` is the nesting so far, to stop runaway recursion.
pub trait Layouts {
    /// Size and alignment in bytes of `struct tag` / `union tag`.
    fn size_align(
        &self,
        ev: &Evaluator,
        kind: RecordKind,
        tag: &str,
        depth: usize,
    ) -> Result<(u64, u64), EvalError>;

    /// Byte offset and type of the member `name` of the record (members of anonymous
    /// struct/union members included), for `__builtin_offsetof`.
    fn member(
        &self,
        ev: &Evaluator,
        kind: RecordKind,
        tag: &str,
        name: &str,
        depth: usize,
    ) -> Result<(u64, CType), EvalError>;
}

/// `struct tag` / `union tag`, as messages name records.
pub fn record_name(kind: RecordKind, tag: &str) -> String {
    match kind {
        RecordKind::Struct => format!("struct {tag}"),
        RecordKind::Union => format!("union {tag}"),
    }
}

/// No layouts at all: every record needs one.
pub struct NoLayouts;
impl Layouts for NoLayouts {
    fn size_align(
        &self,
        _: &Evaluator,
        kind: RecordKind,
        tag: &str,
        _: usize,
    ) -> Result<(u64, u64), EvalError> {
        Err(EvalError::NeedsLayout(record_name(kind, tag)))
    }
    fn member(
        &self,
        _: &Evaluator,
        kind: RecordKind,
        tag: &str,
        _: &str,
        _: usize,
    ) -> Result<(u64, CType), EvalError> {
        Err(EvalError::NeedsLayout(record_name(kind, tag)))
    }
}

/// Evaluates `#if`/`#elif` expressions. The caller has already replaced `defined X` /
/// `defined(X)` and `__has_include(…)` with `1`/`0` and expanded macros.
/// An empty expression is reported without a position (the caller knows where the `#if`
/// is). The target decides the signedness of character constants.
pub fn eval_pp_condition(
    sm: &SourceMap,
    target: &Target,
    tokens: &[Token],
) -> Result<bool, Diagnostic> {
    pp::eval(sm, target, tokens)
}

/// Enumerator values by name (names borrowed from the declarations; looked up for every
/// identifier an expression names, hence the fast hash).
pub type EnumValues<'a> = HashMap<&'a str, Value, rustc_hash::FxBuildHasher>;

/// Evaluates C integer constant expressions for one translation unit.
pub struct Evaluator<'a> {
    pub sm: &'a SourceMap,
    pub target: &'a Target,
    pub decls: &'a Declarations,
    /// Enumerator values known so far (filled by the caller in declaration order).
    pub enum_values: EnumValues<'a>,
    pub layouts: &'a dyn Layouts,
}

impl Evaluator<'_> {
    /// Evaluates macro-expanded tokens.
    pub fn eval(&self, tokens: &[Token]) -> Result<Value, Located> {
        self.eval_at_depth(tokens, 0)
    }

    /// Evaluation nested inside another (an array length inside `sizeof`), so that a
    /// self-referencing typedef ends in [`EvalError::TooDeep`] instead of a stack overflow.
    pub fn eval_at_depth(&self, tokens: &[Token], depth: usize) -> Result<Value, Located> {
        match fast::eval(self, tokens, depth) {
            Some(v) => Ok(v),
            None => self.parse(tokens, depth),
        }
    }

    /// Evaluation by the parser, whatever the expression.
    fn parse(&self, tokens: &[Token], depth: usize) -> Result<Value, Located> {
        parser::Parser {
            ev: self,
            ar: self.arith(),
            toks: tokens,
            pos: 0,
            depth,
        }
        .full()
    }

    /// The direct path's value (`None`: left to the parser) and the parser's, for tests
    /// that compare them.
    #[cfg(test)]
    pub fn eval_both_ways(&self, tokens: &[Token]) -> (Option<Value>, Result<Value, Located>) {
        (fast::eval(self, tokens, 0), self.parse(tokens, 0))
    }

    fn arith(&self) -> arith::Arith<'_> {
        arith::Arith {
            target: self.target,
        }
    }

    /// Whether `v` is in the range of `ty` on the target.
    pub fn fits(&self, v: i128, ty: IntType) -> bool {
        self.arith().fits(v, ty)
    }

    /// Resolves typedefs to the underlying type.
    pub fn resolve<'t>(&'t self, ty: &'t CType) -> &'t CType {
        let mut ty = ty;
        let mut guard = 0;
        while let CType::Typedef(name) = ty {
            match self.decls.typedefs.get(name) {
                Some(t) if guard < 64 => ty = t,
                _ => break,
            }
            guard += 1;
        }
        ty
    }
}
