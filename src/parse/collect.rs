//! Walking lang-c's syntax tree of one parsed piece of text and collecting its enums,
//! typedefs and records into [`Declarations`], in source order.

use super::attrs::Attrs;
use super::text::Rendered;
use super::{Declarations, Expr};
use crate::diag::Diagnostic;
use crate::scan::Token;
use crate::source::{FileId, Loc, SourceMap};
use lang_c::ast::{
    DeclarationSpecifier, Extension, ExternalDeclaration, SpecifierQualifier,
    StorageClassSpecifier, TypeSpecifier,
};
use lang_c::span::{Node, Span};

pub struct Collector<'a> {
    pub sm: &'a SourceMap,
    pub tokens: &'a [Token],
    pub r: &'a Rendered,
    pub out: &'a mut Declarations,
    /// Enums found, with the index of their `enum` keyword (to sort them in source order).
    pub enums: &'a mut Vec<(usize, super::EnumDecl)>,
    pub char_signed: bool,
}

/// A declaration specifier, whichever of lang-c's two lists it came from.
pub enum Spec<'x> {
    Type(&'x Node<TypeSpecifier>),
    Attrs(&'x [Node<Extension>]),
    Other,
}

impl<'x> From<&'x DeclarationSpecifier> for Spec<'x> {
    fn from(s: &'x DeclarationSpecifier) -> Spec<'x> {
        match s {
            DeclarationSpecifier::TypeSpecifier(t) => Spec::Type(t),
            DeclarationSpecifier::Extension(e) => Spec::Attrs(e),
            _ => Spec::Other,
        }
    }
}

impl<'x> From<&'x SpecifierQualifier> for Spec<'x> {
    fn from(s: &'x SpecifierQualifier) -> Spec<'x> {
        match s {
            SpecifierQualifier::TypeSpecifier(t) => Spec::Type(t),
            SpecifierQualifier::Extension(e) => Spec::Attrs(e),
            SpecifierQualifier::TypeQualifier(_) => Spec::Other,
        }
    }
}

impl Collector<'_> {
    /// Collects one top-level declaration of the parsed text.
    pub fn external(&mut self, ext: &Node<ExternalDeclaration>) {
        // The prelude only tells lang-c which names are types: nothing to collect.
        if ext.span.start < self.r.prelude_len {
            return;
        }
        if let ExternalDeclaration::Declaration(d) = &ext.node {
            self.declaration(&d.node);
        }
    }

    fn declaration(&mut self, d: &lang_c::ast::Declaration) {
        let specs: Vec<Spec> = d.specifiers.iter().map(|s| Spec::from(&s.node)).collect();
        let (base, decl_attrs) = self.specifiers(&specs);
        let is_typedef = d.specifiers.iter().any(|s| {
            matches!(
                &s.node,
                DeclarationSpecifier::StorageClass(c) if c.node == StorageClassSpecifier::Typedef
            )
        });
        if !is_typedef {
            return;
        }
        for init in &d.declarators {
            let decl = &init.node.declarator.node;
            let (name, ty) = self.declarator(base.clone(), decl);
            let Some(name) = name else { continue };
            let mut attrs = decl_attrs.clone();
            attrs.merge(&self.attrs(&decl.extensions));
            match attrs.aligned {
                Some(a) => self.out.aligned_typedefs.insert(name.clone(), a),
                None => self.out.aligned_typedefs.remove(&name),
            };
            self.out.typedefs.insert(name, ty);
        }
    }

    /// The tokens of a lang-c span (an expression) in the translation unit.
    pub fn expr(&self, span: Span) -> Expr {
        self.tokens[self.r.tokens_in(span.start, span.end)].to_vec()
    }

    /// Index of the token at a lang-c offset.
    pub fn token_index(&self, offset: usize) -> Option<usize> {
        self.r.token_at(offset)
    }

    /// Where the token at a lang-c offset stands in the user's header (lang-c nodes always
    /// start at a token; past the end, the last token stands in).
    pub fn loc(&self, offset: usize) -> Loc {
        let i = self.token_index(offset).or_else(|| self.r.last_token());
        match i.and_then(|i| self.tokens.get(i)) {
            Some(t) => t.origin,
            None => Loc {
                file: FileId(0),
                offset: 0,
            },
        }
    }

    /// `<anon@FILE:LINE:COL>` for an anonymous struct, union or enum at `loc`.
    pub fn anon_tag(&self, loc: Loc) -> String {
        format!("<anon@{}>", self.sm.position(loc))
    }

    /// See [`anon_record_tag`].
    pub fn anon_record_tag(&self, keyword: Option<usize>, loc: Loc) -> String {
        anon_record_tag(self.sm, self.tokens, keyword, loc)
    }

    /// `packed`/`aligned` among GNU attributes.
    pub fn attrs(&self, exts: &[Node<Extension>]) -> Attrs {
        let mut a = Attrs::default();
        for e in exts {
            if let Extension::Attribute(attr) = &e.node {
                let args = attr.arguments.first().map(|x| self.expr(x.span));
                a.add(&attr.name.node, args);
            }
        }
        a
    }

    pub fn warn(&mut self, offset: usize, message: String) {
        let loc = self.loc(offset);
        self.out.diagnostics.push(Diagnostic::warning(loc, message));
    }
}

/// The tag of an anonymous struct/union whose keyword is token `keyword` at `loc`:
/// `<anon@FILE:LINE:COL>`. Records from one macro expansion share their origin
/// (`__DECLARE_FLEX_ARRAY` nests two), so those also get the keyword's index in the unit:
/// `<anon@FILE:LINE:COL#INDEX>`.
pub fn anon_record_tag(
    sm: &SourceMap,
    tokens: &[Token],
    keyword: Option<usize>,
    loc: Loc,
) -> String {
    let expanded = keyword
        .and_then(|k| tokens.get(k))
        .is_some_and(|t| t.span.file != t.origin.file || t.span.start != t.origin.offset);
    match keyword {
        Some(k) if expanded => format!("<anon@{}#{k}>", sm.position(loc)),
        _ => format!("<anon@{}>", sm.position(loc)),
    }
}
