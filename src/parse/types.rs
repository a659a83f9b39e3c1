//! Declaration specifiers and declarators → [`CType`]. Struct, union and enum bodies met on
//! the way are collected (see `records.rs`, `enums.rs`).

use super::attrs::Attrs;
use super::collect::{Collector, Spec};
use super::text::{INT128, UINT128};
use crate::ctype::{CType, FloatKind, IntRank, IntType};
use lang_c::ast::{ArraySize, Declarator, DeclaratorKind, DerivedDeclarator, TypeSpecifier};

/// How often each basic type keyword appeared (`long long` counts two).
#[derive(Default)]
pub struct Basic {
    void: bool,
    bool_: bool,
    char: bool,
    short: bool,
    int: bool,
    long: u8,
    signed: bool,
    unsigned: bool,
    float: bool,
    double: bool,
    complex: bool,
}

impl Basic {
    /// Counts a basic type keyword as spelled in C (GNU spellings too); false for others.
    pub fn add(&mut self, word: &str) -> bool {
        match word {
            "void" => self.void = true,
            "_Bool" => self.bool_ = true,
            "char" => self.char = true,
            "short" => self.short = true,
            "int" => self.int = true,
            "long" => self.long += 1,
            "signed" | "__signed" | "__signed__" => self.signed = true,
            "unsigned" => self.unsigned = true,
            "float" => self.float = true,
            "double" => self.double = true,
            _ => return false,
        }
        true
    }

    pub fn is_empty(&self) -> bool {
        !(self.void
            || self.bool_
            || self.char
            || self.short
            || self.int
            || self.long > 0
            || self.signed
            || self.unsigned
            || self.float
            || self.double
            || self.complex)
    }

    pub fn ctype(&self, char_signed: bool) -> CType {
        let b = self;
        let int = |rank, signed| CType::Int(IntType { rank, signed });
        if b.void {
            CType::Void
        } else if b.bool_ {
            int(IntRank::Bool, false)
        } else if b.float {
            CType::Float(FloatKind::Float)
        } else if b.double {
            CType::Float(if b.long > 0 {
                FloatKind::LongDouble
            } else {
                FloatKind::Double
            })
        } else if b.char {
            int(IntRank::Char, b.signed || (!b.unsigned && char_signed))
        } else {
            let rank = match (b.short, b.long) {
                (true, _) => IntRank::Short,
                (false, 0) => IntRank::Int,
                (false, 1) => IntRank::Long,
                _ => IntRank::LongLong,
            };
            int(rank, !b.unsigned)
        }
    }
}

impl Collector<'_> {
    /// The type named by specifiers, and the attributes that apply to the declared entities
    /// (those right after a struct/union/enum body belong to that type instead).
    pub fn specifiers(&mut self, specs: &[Spec]) -> (CType, Attrs) {
        let mut basic = Basic::default();
        let mut named: Option<CType> = None;
        let mut decl_attrs = Attrs::default();
        let mut first_offset = None;
        // Attributes right after a struct/union/enum body belong to that type.
        let mut after_body = false;
        for (i, spec) in specs.iter().enumerate() {
            let t = match spec {
                Spec::Type(t) => t,
                Spec::Attrs(exts) => {
                    if !after_body {
                        decl_attrs.merge(&self.attrs(exts));
                    }
                    continue;
                }
                Spec::Other => {
                    after_body = false;
                    continue;
                }
            };
            after_body = has_body(&t.node);
            first_offset.get_or_insert(t.span.start);
            match &t.node {
                TypeSpecifier::Void => basic.void = true,
                TypeSpecifier::Bool => basic.bool_ = true,
                TypeSpecifier::Char => basic.char = true,
                TypeSpecifier::Short => basic.short = true,
                TypeSpecifier::Int => basic.int = true,
                TypeSpecifier::Long => basic.long += 1,
                TypeSpecifier::Signed => basic.signed = true,
                TypeSpecifier::Unsigned => basic.unsigned = true,
                TypeSpecifier::Float => basic.float = true,
                TypeSpecifier::Double => basic.double = true,
                TypeSpecifier::Complex => basic.complex = true,
                TypeSpecifier::Struct(s) => {
                    let attrs = self.trailing_attrs(&specs[i + 1..]);
                    named = Some(self.record_type(s, &attrs));
                }
                TypeSpecifier::Enum(e) => {
                    let attrs = self.trailing_attrs(&specs[i + 1..]);
                    named = Some(self.enum_type(e, &attrs));
                }
                TypeSpecifier::TypedefName(id) => {
                    named = Some(typedef_type(&id.node.name));
                }
                TypeSpecifier::Atomic(tn) => {
                    let inner: Vec<Spec> = tn
                        .node
                        .specifiers
                        .iter()
                        .map(|s| Spec::from(&s.node))
                        .collect();
                    let (base, _) = self.specifiers(&inner);
                    named = Some(match &tn.node.declarator {
                        Some(d) => self.declarator(base, &d.node).1,
                        None => base,
                    });
                }
                TypeSpecifier::TypeOf(_) | TypeSpecifier::TS18661Float(_) => {
                    self.warn(
                        t.span.start,
                        "unsupported type (typeof or _FloatN): taken as int".into(),
                    );
                    named = Some(CType::Int(IntType::INT));
                }
            }
        }
        let ty = match named {
            Some(ty) => ty,
            None => {
                if basic.complex {
                    self.warn(
                        first_offset.unwrap_or(0),
                        "_Complex types are not supported: taken as the real type".into(),
                    );
                }
                basic.ctype(self.char_signed)
            }
        };
        (ty, decl_attrs)
    }

    /// Attributes directly following a struct/union/enum specifier.
    fn trailing_attrs(&self, rest: &[Spec]) -> Attrs {
        let mut a = Attrs::default();
        for s in rest {
            match s {
                Spec::Attrs(exts) => a.merge(&self.attrs(exts)),
                _ => break,
            }
        }
        a
    }

    /// Applies a declarator to `base`: its name (if any) and the declared type.
    pub fn declarator(&mut self, base: CType, d: &Declarator) -> (Option<String>, CType) {
        // lang-c lists the `*`s first, then the suffixes in source order; suffixes bind
        // tighter, and `x[2][3]` is an array of 2 arrays of 3, so apply them right to left.
        let split = d
            .derived
            .iter()
            .position(|x| {
                !matches!(
                    x.node,
                    DerivedDeclarator::Pointer(_) | DerivedDeclarator::Block(_)
                )
            })
            .unwrap_or(d.derived.len());
        let mut ty = base;
        for x in d.derived[..split]
            .iter()
            .chain(d.derived[split..].iter().rev())
        {
            ty = match &x.node {
                DerivedDeclarator::Pointer(_) | DerivedDeclarator::Block(_) => {
                    CType::Pointer(Box::new(ty))
                }
                DerivedDeclarator::Array(a) => {
                    let len = match &a.node.size {
                        ArraySize::VariableExpression(e) | ArraySize::StaticExpression(e) => {
                            Some(self.expr(e.span))
                        }
                        ArraySize::Unknown | ArraySize::VariableUnknown => None,
                    };
                    CType::Array(Box::new(ty), len)
                }
                DerivedDeclarator::Function(_) | DerivedDeclarator::KRFunction(_) => {
                    CType::Function
                }
            };
        }
        match &d.kind.node {
            DeclaratorKind::Abstract => (None, ty),
            DeclaratorKind::Identifier(id) => (Some(id.node.name.clone()), ty),
            DeclaratorKind::Declarator(inner) => self.declarator(ty, &inner.node),
        }
    }
}

fn has_body(t: &TypeSpecifier) -> bool {
    match t {
        TypeSpecifier::Struct(s) => s.node.declarations.is_some(),
        TypeSpecifier::Enum(e) => !e.node.enumerators.is_empty(),
        _ => false,
    }
}

/// A typedef name; the 128-bit placeholders and gcc's builtin 128-bit names are integers.
pub fn typedef_type(name: &str) -> CType {
    let int128 = |signed| {
        CType::Int(IntType {
            rank: IntRank::Int128,
            signed,
        })
    };
    match name {
        INT128 | "__int128_t" => int128(true),
        UINT128 | "__uint128_t" => int128(false),
        _ => CType::Typedef(name.to_string()),
    }
}
