//! `enum` specifiers: definitions are collected in source order.

use super::attrs::Attrs;
use super::collect::Collector;
use super::{EnumDecl, Enumerator};
use crate::ctype::CType;
use lang_c::ast::EnumType;
use lang_c::span::Node;

impl Collector<'_> {
    /// Collects an enum definition (if this is one) and returns its type.
    pub fn enum_type(&mut self, node: &Node<EnumType>, trailing: &Attrs) -> CType {
        let keyword = self.token_index(node.span.start);
        let loc = self.loc(node.span.start);
        let tag = node.node.identifier.as_ref().map(|i| i.node.name.clone());
        let type_tag = tag.clone().unwrap_or_else(|| self.anon_tag(loc));
        if node.node.enumerators.is_empty() {
            return CType::Enum(type_tag);
        }
        let mut attrs = keyword
            .and_then(|k| self.r.keyword_attrs.get(&k))
            .cloned()
            .unwrap_or_default();
        attrs.merge(trailing);
        let members = node
            .node
            .enumerators
            .iter()
            .map(|e| Enumerator {
                name: e.node.identifier.node.name.clone(),
                loc: self.loc(e.node.identifier.span.start),
                init: e.node.expression.as_ref().map(|x| self.expr(x.span)),
            })
            .collect();
        let key = keyword.unwrap_or(usize::MAX);
        self.enums.push((
            key,
            EnumDecl {
                tag,
                type_tag: type_tag.clone(),
                loc,
                members,
                packed: attrs.packed,
            },
        ));
        CType::Enum(type_tag)
    }
}
