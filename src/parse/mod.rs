//! Parsing declarations with lang-c: enums, typedefs, structs and unions.
//!
//! Input: the preprocessed tokens of one translation unit. Output: [`Declarations`], with
//! every position mapped back to the header the user wrote (token origins), and every
//! expression (enumerator initializers, array lengths, bit-field widths, `aligned(N)`) kept
//! as tokens for `evaluate`: this stage evaluates nothing.

mod attrs;
mod cache;
mod chunk;
mod collect;
mod driver;
mod enums;
mod fast;
mod records;
mod text;
mod types;

use crate::ctype::{CType, RecordKind};
use crate::diag::Diagnostic;
use crate::scan::Token;
use crate::source::{Loc, SourceMap};
pub use cache::Cache;
use rustc_hash::FxHashMap;

/// An expression as tokens (already macro-expanded), for the evaluator.
pub type Expr = Vec<Token>;

/// The maps use a fast hash: they are probed for every identifier that might name a type.
#[derive(Clone, Debug, Default)]
pub struct Declarations {
    /// Enums in source order (tagged and anonymous).
    pub enums: Vec<EnumDecl>,
    /// Typedef name → type (the last definition wins, as in C).
    pub typedefs: FxHashMap<String, CType>,
    /// Typedefs declared with `__attribute__((aligned(N)))` (`__aligned_u64`): name → N's
    /// tokens (`vec![]` for plain `aligned`). The alignment belongs to the typedef name, not
    /// to the type it names.
    pub aligned_typedefs: FxHashMap<String, Expr>,
    /// Complete struct/union definitions by kind and tag (anonymous ones get a synthetic
    /// tag, see [`RecordDecl::tag`]).
    pub records: FxHashMap<(RecordKind, String), RecordDecl>,
    /// Declarations lang-c could not parse (reported, then skipped), and other problems.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumDecl {
    /// `None` for `enum { … }`.
    pub tag: Option<String>,
    /// The tag [`CType::Enum`] uses for this enum: the tag, or `<anon@FILE:LINE:COL>` (the
    /// `enum` keyword's position) for anonymous ones (`typedef enum { … } foo_t;`).
    pub type_tag: String,
    /// Position of the `enum` keyword.
    pub loc: Loc,
    pub members: Vec<Enumerator>,
    /// `__attribute__((packed))` (gcc then picks the smallest fitting type).
    pub packed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Enumerator {
    pub name: String,
    /// Origin of the member's name token (for X-macro members: the invocation site).
    pub loc: Loc,
    /// The initializer after `=`, if any.
    pub init: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    pub kind: RecordKind,
    /// The tag; anonymous records are named `<anon@FILE:LINE:COL>` (plus `#INDEX` when
    /// written by a macro, see `Collector::anon_record_tag`).
    pub tag: String,
    pub loc: Loc,
    pub fields: Vec<Field>,
    pub packed: bool,
    /// `__attribute__((aligned(N)))` on the record; `Some(vec![])` for plain `aligned`.
    pub aligned: Option<Expr>,
    /// One past the closing brace, as an index into the unit's tokens: the `#pragma pack`
    /// in effect there applies (see [`crate::preprocess::Output::pack_pragmas`]).
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// `None` for anonymous struct/union members and unnamed bit-fields.
    pub name: Option<String>,
    pub ty: CType,
    pub bit_width: Option<Expr>,
    pub packed: bool,
    pub aligned: Option<Expr>,
    pub loc: Loc,
}

/// How to read types that depend on the target.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Whether plain `char` is signed (x86: yes; arm, powerpc, s390, riscv: no).
    pub char_signed: bool,
    /// Hand every declaration to lang-c, even the simple typedefs and enums read directly
    /// otherwise (slower; for cross-checking).
    pub lang_c_only: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            char_signed: true,
            lang_c_only: false,
        }
    }
}

/// Parses the declarations of a preprocessed translation unit (plain `char` signed, as on
/// x86; see [`parse_with`]).
pub fn parse(sm: &SourceMap, tokens: &[Token]) -> Declarations {
    parse_with(sm, tokens, Options::default())
}

/// Parses the declarations of a preprocessed translation unit.
pub fn parse_with(sm: &SourceMap, tokens: &[Token], options: Options) -> Declarations {
    driver::run(sm, tokens, options, &mut Cache::default())
}

/// [`parse_with`], reusing declarations `cache` read in earlier units of the same
/// [`SourceMap`] (a shared header's declarations come back as the same tokens).
pub fn parse_cached(
    sm: &SourceMap,
    tokens: &[Token],
    options: Options,
    cache: &mut Cache,
) -> Declarations {
    driver::run(sm, tokens, options, cache)
}

#[cfg(test)]
mod tests;
