//! What a translation unit declares — enums, typedefs, structs and unions — as data: the
//! vocabulary shared by `parse`, which fills it, and `evaluate` and `layout`, which read it.
//! It sits below all three so that the evaluator (which the preprocessor calls for `#if`)
//! never imports the parser.

use crate::ctype::{CType, RecordKind};
use crate::diag::Diagnostic;
use crate::scan::Token;
use crate::source::Loc;
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
