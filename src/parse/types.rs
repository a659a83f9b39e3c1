//! Declaration specifiers and declarators → [`CType`]. Struct, union and enum bodies met on
//! the way are collected (see `records.rs`, `enums.rs`).

use super::attrs::Attrs;
use super::collect::{Collector, Spec};
use super::text::{INT128, UINT128};
use crate::ctype::specifiers::{BasicSpecifier as B, BasicSpecifiers};
use crate::ctype::{CType, IntRank, IntType};
use lang_c::ast::{ArraySize, Declarator, DeclaratorKind, DerivedDeclarator, TypeSpecifier};

impl Collector<'_> {
    /// The type named by specifiers, and the attributes that apply to the declared entities
    /// (those right after a struct/union/enum body belong to that type instead).
    pub fn specifiers(&mut self, specs: &[Spec]) -> (CType, Attrs) {
        let mut basic = BasicSpecifiers::default();
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
                TypeSpecifier::Void => basic.add(B::Void),
                TypeSpecifier::Bool => basic.add(B::Bool),
                TypeSpecifier::Char => basic.add(B::Char),
                TypeSpecifier::Short => basic.add(B::Short),
                TypeSpecifier::Int => basic.add(B::Int),
                TypeSpecifier::Long => basic.add(B::Long),
                TypeSpecifier::Signed => basic.add(B::Signed),
                TypeSpecifier::Unsigned => basic.add(B::Unsigned),
                TypeSpecifier::Float => basic.add(B::Float),
                TypeSpecifier::Double => basic.add(B::Double),
                TypeSpecifier::Complex => basic.add(B::Complex),
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
                let at = first_offset.unwrap_or(0);
                if basic.is_complex() {
                    self.warn(
                        at,
                        "_Complex types are not supported: taken as the real type".into(),
                    );
                }
                // No specifier at all is C89's implicit int.
                basic.real_type(self.char_signed).unwrap_or_else(|| {
                    if !basic.is_empty() {
                        self.warn(
                            at,
                            "invalid combination of type specifiers: taken as int".into(),
                        );
                    }
                    CType::Int(IntType::INT)
                })
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
