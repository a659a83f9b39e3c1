//! `struct`/`union` specifiers: definitions (and the records defined inside them) are
//! collected with their fields.

use super::attrs::Attrs;
use super::collect::{Collector, Spec};
use super::{Field, RecordDecl};
use crate::ctype::{CType, RecordKind};
use lang_c::ast::{StructDeclaration, StructKind, StructType};
use lang_c::span::Node;

impl Collector<'_> {
    /// Collects a struct/union definition (if this is one) and returns its type.
    pub fn record_type(&mut self, node: &Node<StructType>, trailing: &Attrs) -> CType {
        let kind = match node.node.kind.node {
            StructKind::Struct => RecordKind::Struct,
            StructKind::Union => RecordKind::Union,
        };
        let keyword = self.token_index(node.span.start);
        let loc = self.loc(node.span.start);
        let tag = match &node.node.identifier {
            Some(i) => i.node.name.clone(),
            None => self.anon_record_tag(keyword, loc),
        };
        let Some(decls) = &node.node.declarations else {
            return CType::Record(kind, tag);
        };
        let mut attrs = keyword
            .and_then(|k| self.r.keyword_attrs.get(&k))
            .cloned()
            .unwrap_or_default();
        attrs.merge(trailing);
        let mut fields = Vec::new();
        for d in decls {
            let StructDeclaration::Field(f) = &d.node else {
                continue; // _Static_assert
            };
            let specs: Vec<Spec> = f
                .node
                .specifiers
                .iter()
                .map(|s| Spec::from(&s.node))
                .collect();
            let (base, decl_attrs) = self.specifiers(&specs);
            let field_loc = self.loc(f.span.start);
            if f.node.declarators.is_empty() {
                // Only an anonymous struct/union is a member; `struct tag {…};` or
                // `enum {…};` inside a record declare nothing there (gcc warns).
                if matches!(&base, CType::Record(_, t) if t.starts_with("<anon@")) {
                    fields.push(Field {
                        name: None,
                        ty: base,
                        bit_width: None,
                        packed: decl_attrs.packed,
                        aligned: decl_attrs.aligned,
                        loc: field_loc,
                    });
                }
                continue;
            }
            for sd in &f.node.declarators {
                let mut fa = decl_attrs.clone();
                let (name, ty, loc) = match &sd.node.declarator {
                    Some(decl) => {
                        fa.merge(&self.attrs(&decl.node.extensions));
                        let (name, ty) = self.declarator(base.clone(), &decl.node);
                        (name, ty, self.loc(decl.span.start))
                    }
                    None => (None, base.clone(), self.loc(sd.span.start)),
                };
                fields.push(Field {
                    name,
                    ty,
                    bit_width: sd.node.bit_width.as_ref().map(|w| self.expr(w.span)),
                    packed: fa.packed,
                    aligned: fa.aligned,
                    loc,
                });
            }
        }
        self.out.records.insert(
            (kind, tag.clone()),
            RecordDecl {
                kind,
                tag: tag.clone(),
                loc,
                fields,
                packed: attrs.packed,
                aligned: attrs.aligned,
                end: self.r.tokens_in(node.span.start, node.span.end).end,
            },
        );
        CType::Record(kind, tag)
    }
}
