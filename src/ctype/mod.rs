//! C types, as far as constant expressions and struct layout need them, and the spellings
//! of C values (`literal`: integer, floating and character constants, the one reader of
//! integer text for every module).
//!
//! Produced by `parse` (typedefs, struct members) and by the evaluator's own type-name
//! parser (casts, `sizeof`); consumed by `evaluate` (conversions, `sizeof`) and, later, the
//! layout engine. Sizes are never stored here: they come from the [`crate::target::Target`].

use crate::scan::Token;

pub mod literal;
pub mod specifiers;

/// Integer conversion rank (C11 6.3.1.1), plus `_Bool`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntRank {
    Bool,
    Char,
    Short,
    Int,
    Long,
    LongLong,
    Int128,
}

/// An integer type: a rank and a signedness. Plain `char` is `Char` with the target's
/// default signedness already applied (gcc treats it as a distinct type, but for values
/// only its signedness matters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct IntType {
    pub rank: IntRank,
    pub signed: bool,
}

impl IntType {
    pub const INT: IntType = IntType {
        rank: IntRank::Int,
        signed: true,
    };
    pub const UINT: IntType = IntType {
        rank: IntRank::Int,
        signed: false,
    };
    pub const LONG: IntType = IntType {
        rank: IntRank::Long,
        signed: true,
    };
    pub const ULONG: IntType = IntType {
        rank: IntRank::Long,
        signed: false,
    };
    pub const LLONG: IntType = IntType {
        rank: IntRank::LongLong,
        signed: true,
    };
    pub const ULLONG: IntType = IntType {
        rank: IntRank::LongLong,
        signed: false,
    };

    /// The C spelling: `unsigned long`, `int`, …
    pub fn c_name(self) -> &'static str {
        use IntRank::*;
        match (self.rank, self.signed) {
            (Bool, _) => "_Bool",
            (Char, true) => "signed char",
            (Char, false) => "unsigned char",
            (Short, true) => "short",
            (Short, false) => "unsigned short",
            (Int, true) => "int",
            (Int, false) => "unsigned int",
            (Long, true) => "long",
            (Long, false) => "unsigned long",
            (LongLong, true) => "long long",
            (LongLong, false) => "unsigned long long",
            (Int128, true) => "__int128",
            (Int128, false) => "unsigned __int128",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FloatKind {
    Float,
    Double,
    LongDouble,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Struct,
    Union,
}

/// A C type. Typedef names are kept (not resolved) so messages can show them; resolve them
/// through the typedef table of [`crate::decl::Declarations`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CType {
    Void,
    Int(IntType),
    Float(FloatKind),
    Pointer(Box<CType>),
    /// The length as (macro-expanded) tokens, for the evaluator; `None`: flexible (`[]`).
    Array(Box<CType>, Option<Vec<Token>>),
    Function,
    /// `struct tag` / `union tag`; anonymous records get a synthetic tag from `parse`.
    Record(RecordKind, String),
    /// `enum tag` (anonymous: synthetic tag).
    Enum(String),
    Typedef(String),
}
