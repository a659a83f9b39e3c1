//! Struct and union definitions without lang-c, in the shapes uapi headers use:
//! `[typedef] struct|union [attributes] [tag] { members } [attributes] [declarators];` with
//! members `specifiers declarator, …;`, a declarator being `*…name[N]… [attributes]` or a
//! bit-field `[name] : width`, and nested struct/union definitions. Anything else (function
//! pointers, parenthesised declarators, enum bodies, `_Static_assert`, names lang-c could read
//! differently, odd tokens in an expression) is left to lang-c, so the result is the same.

use super::super::attrs::{self, Attrs};
use super::super::chunk::is_attribute_keyword;
use super::super::collect::anon_record_tag;
use super::super::types::typedef_type;
use super::super::{Field, RecordDecl};
use super::{Fast, Reader, is_reserved};
use crate::ctype::specifiers::{BasicSpecifiers, is_qualifier};
use crate::ctype::{CType, RecordKind};
use crate::scan::{Token, TokenKind};

/// What reading one definition finds.
#[derive(Default)]
struct Found {
    /// Records in the order lang-c's reading inserts them (inner ones first).
    records: Vec<RecordDecl>,
    /// A type name nothing declared yet (lang-c must read the pending declarations first).
    unknown_name: bool,
}

impl Reader<'_> {
    /// Whether the `struct`/`union` keyword at `kw` starts a definition: `[attributes] [tag] {`.
    pub(super) fn has_body(&self, kw: usize, end: usize) -> bool {
        let mut i = kw + 1;
        if i < end && is_attribute_keyword(self.text(i)) {
            match self.attribute_groups_end(i, end) {
                Some(e) => i = e,
                None => return false,
            }
        }
        if self.ident(i).is_some() {
            i += 1;
        }
        i < end && self.text(i) == "{"
    }

    /// A struct/union definition from its keyword `kw` to `end` (the `;`), typedef'd or not.
    pub(super) fn record_def(
        &self,
        kw: usize,
        end: usize,
        typedef: bool,
        is_typedef: &dyn Fn(&str) -> bool,
    ) -> Option<Fast> {
        let mut found = Found::default();
        let (ty, i) = self.record(kw, end, is_typedef, &mut found)?;
        let typedefs = if typedef {
            if i == end {
                return None;
            }
            let list = self.typedef_declarators(ty, i, end)?;
            if list.iter().any(|(name, ..)| is_typedef(name)) {
                return None;
            }
            list
        } else {
            // `struct { … };` and `struct s { … } variable;` are rare: lang-c reads those.
            if i != end || matches!(&ty, CType::Record(_, t) if t.starts_with("<anon@")) {
                return None;
            }
            Vec::new()
        };
        if found.unknown_name {
            return Some(Fast::NeedsTypedef);
        }
        Some(Fast::Records {
            records: found.records,
            typedefs,
        })
    }

    /// `struct|union [attributes] [tag] [{ members } [attributes]]` from the keyword `kw`,
    /// before `end`: the type and the index after it.
    fn record(
        &self,
        kw: usize,
        end: usize,
        is_typedef: &dyn Fn(&str) -> bool,
        found: &mut Found,
    ) -> Option<(CType, usize)> {
        let kind = match self.text(kw) {
            "struct" => RecordKind::Struct,
            _ => RecordKind::Union,
        };
        let mut i = kw + 1;
        let mut attrs = None;
        if i < end && is_attribute_keyword(self.text(i)) {
            let e = self.attribute_groups_end(i, end)?;
            attrs = Some(self.attrs_in(i, e)?);
            i = e;
        }
        let tag = self.ident(i);
        if let Some(t) = tag {
            if is_typedef(t) {
                return None;
            }
            i += 1;
        }
        if i >= end || self.text(i) != "{" {
            // A reference to a tag.
            return match (tag, attrs) {
                (Some(t), None) => Some((CType::Record(kind, t.to_string()), i)),
                _ => None,
            };
        }
        let mut attrs = attrs.unwrap_or_default();
        let close = self.matching(i, "{", "}", end)?;
        let loc = self.tokens[kw].origin;
        let tag = match tag {
            Some(t) => t.to_string(),
            None => anon_record_tag(self.sm, self.tokens, Some(kw), loc),
        };
        let mut fields = Vec::new();
        let mut j = i + 1;
        while j < close {
            let semi = self.member_end(j, close)?;
            self.member(j, semi, is_typedef, found, &mut fields)?;
            j = semi + 1;
        }
        let mut after = close + 1;
        if after < end && is_attribute_keyword(self.text(after)) {
            let e = self.attribute_groups_end(after, end)?;
            attrs.merge(&self.attrs_in(after, e)?);
            after = e;
        }
        found.records.push(RecordDecl {
            kind,
            tag: tag.clone(),
            loc,
            fields,
            packed: attrs.packed,
            aligned: attrs.aligned,
            end: close + 1,
        });
        Some((CType::Record(kind, tag), after))
    }

    /// Index of the depth-0 `;` ending the member that starts at `i`, before `close`.
    fn member_end(&self, mut i: usize, close: usize) -> Option<usize> {
        let mut depth = 0usize;
        while i < close {
            match self.punct(i) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth = depth.checked_sub(1)?,
                ";" if depth == 0 => return Some(i),
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// One member declaration, tokens `start..semi`: its fields go to `fields`.
    fn member(
        &self,
        start: usize,
        semi: usize,
        is_typedef: &dyn Fn(&str) -> bool,
        found: &mut Found,
        fields: &mut Vec<Field>,
    ) -> Option<()> {
        let mut basic = BasicSpecifiers::default();
        let mut named: Option<CType> = None;
        let mut decl_attrs = Attrs::default();
        let mut i = start;
        while i < semi {
            let w = self.text(i);
            if is_attribute_keyword(w) {
                let e = self.attribute_groups_end(i, semi)?;
                decl_attrs.merge(&self.attrs_in(i, e)?);
                i = e;
            } else if is_qualifier(w) {
                i += 1;
            } else if basic.add_word(w) {
                if named.is_some() {
                    return None;
                }
                i += 1;
            } else if named.is_some() || !basic.is_empty() {
                break;
            } else if matches!(w, "struct" | "union") {
                let (ty, after) = self.record(i, semi, is_typedef, found)?;
                named = Some(ty);
                i = after;
            } else if w == "enum" {
                let tag = self.ident(i + 1)?;
                if is_typedef(tag) || self.text(i + 2) == "{" {
                    return None;
                }
                named = Some(CType::Enum(tag.to_string()));
                i += 2;
            } else if self.ident(i).is_some() && self.type_name_ends(i + 1, semi) {
                found.unknown_name |= !is_typedef(w);
                named = Some(typedef_type(w));
                i += 1;
            } else {
                break;
            }
        }
        let mut base = match named {
            Some(t) => t,
            // lang-c reads `_Complex` (with a warning) and reports invalid combinations.
            None if !basic.is_empty() && !basic.is_complex() => {
                basic.real_type(self.char_signed)?
            }
            None => return None,
        };
        if i == semi {
            // No declarator: only an anonymous struct/union is a member (as in records.rs).
            let CType::Record(_, tag) = &base else {
                return None;
            };
            if tag.starts_with("<anon@") {
                fields.push(Field {
                    name: None,
                    ty: base,
                    bit_width: None,
                    packed: decl_attrs.packed,
                    aligned: decl_attrs.aligned,
                    loc: self.tokens[start].origin,
                });
            }
            return Some(());
        }
        loop {
            // The last declarator takes the base type itself (no copy of a typedef's name).
            let last = self.item_end(i, semi) == semi;
            let ty = if last {
                std::mem::replace(&mut base, CType::Void)
            } else {
                base.clone()
            };
            let (field, next) = self.field(ty, &decl_attrs, i, semi, is_typedef)?;
            fields.push(field);
            if next == semi {
                return Some(());
            }
            if last || self.text(next) != "," {
                return None;
            }
            i = next + 1;
        }
    }

    /// One declarator of a member, from `i`: `*…name[N]… [attributes]`, `name : width` or
    /// `: width`; the field and the index after it.
    fn field(
        &self,
        base: CType,
        decl_attrs: &Attrs,
        start: usize,
        semi: usize,
        is_typedef: &dyn Fn(&str) -> bool,
    ) -> Option<(Field, usize)> {
        let mut i = start;
        let mut ty = base;
        let mut name = None;
        let mut attrs = decl_attrs.clone();
        if self.text(i) != ":" {
            while i < semi && self.text(i) == "*" {
                ty = CType::Pointer(Box::new(ty));
                i += 1;
            }
            let n = self.ident(i)?;
            if is_typedef(n) {
                return None;
            }
            name = Some(n.to_string());
            i += 1;
            let mut dims = Vec::new();
            while i < semi && self.text(i) == "[" {
                let close = self.matching(i, "[", "]", semi)?;
                dims.push(if close > i + 1 {
                    Some(self.expr(i + 1, close, is_typedef)?)
                } else {
                    None
                });
                i = close + 1;
            }
            for len in dims.into_iter().rev() {
                ty = CType::Array(Box::new(ty), len);
            }
        }
        let mut bit_width = None;
        if i < semi && self.text(i) == ":" {
            let e = self.item_end(i + 1, semi);
            bit_width = Some(self.expr(i + 1, e, is_typedef)?);
            i = e;
        } else if i < semi && is_attribute_keyword(self.text(i)) {
            let e = self.attribute_groups_end(i, semi)?;
            attrs.merge(&self.attrs_in(i, e)?);
            i = e;
        }
        let field = Field {
            name,
            ty,
            bit_width,
            packed: attrs.packed,
            aligned: attrs.aligned,
            loc: self.tokens[start].origin,
        };
        Some((field, i))
    }

    /// Whether a name before token `i` is a type name: a declarator (`*`s then a name) or a
    /// bit-field width follows, after any attributes.
    fn type_name_ends(&self, mut i: usize, semi: usize) -> bool {
        if i < semi && is_attribute_keyword(self.text(i)) {
            match self.attribute_groups_end(i, semi) {
                Some(e) => i = e,
                None => return false,
            }
        }
        (i < semi && self.text(i) == ":") || self.next_is_declarator(i, semi)
    }

    /// The attributes of tokens `start..end`, unless something in them could trip lang-c.
    fn attrs_in(&self, start: usize, end: usize) -> Option<Attrs> {
        let toks = &self.tokens[start..end];
        let odd = toks
            .iter()
            .any(|t| t.has(Token::SPLICED) || matches!(self.sm.text(t.span), "{" | "}" | ";"));
        (!odd).then(|| attrs::from_tokens(self.sm, toks))
    }

    /// Whether the typedef name at `k` is `sizeof(T)` or a cast `(T)` before an operand
    /// (elsewhere, as in `x[T]`, lang-c rejects it).
    fn is_type_operand(&self, k: usize, start: usize, end: usize) -> bool {
        if k < start + 1 || k + 1 >= end || self.text(k - 1) != "(" || self.text(k + 1) != ")" {
            return false;
        }
        let sizeof = k >= start + 2 && self.text(k - 2) == "sizeof";
        let operand = self
            .tokens
            .get(k + 2)
            .filter(|_| k + 2 < end)
            .is_some_and(|t| {
                matches!(t.kind, TokenKind::Ident | TokenKind::Number)
                    || matches!(self.sm.text(t.span), "(" | "-" | "~")
            });
        sizeof || operand
    }

    /// Tokens `start..end` as an expression (an array length or a bit-field width), if they
    /// are one lang-c reads as gcc does: no braces, no top-level comma, typedef names only in
    /// `sizeof(T)` and casts, no `(name) operand` with `name` not a type.
    fn expr(
        &self,
        start: usize,
        end: usize,
        is_typedef: &dyn Fn(&str) -> bool,
    ) -> Option<Vec<Token>> {
        if start >= end {
            return None;
        }
        let mut depth = 0usize;
        for k in start..end {
            let t = &self.tokens[k];
            if t.has(Token::SPLICED) {
                return None;
            }
            let w = self.text(k);
            match t.kind {
                TokenKind::Number => {}
                TokenKind::Ident => {
                    let keyword_ok = matches!(
                        w,
                        "sizeof"
                            | "struct"
                            | "union"
                            | "enum"
                            | "const"
                            | "void"
                            | "char"
                            | "short"
                            | "int"
                            | "long"
                            | "signed"
                            | "unsigned"
                    );
                    if is_reserved(w) && !keyword_ok {
                        return None;
                    }
                    let type_name = is_typedef(w);
                    if type_name && !self.is_type_operand(k, start, end) {
                        return None;
                    }
                    let parenthesised = k > start
                        && self.text(k - 1) == "("
                        && k + 2 < end
                        && self.text(k + 1) == ")";
                    if parenthesised
                        && !keyword_ok
                        && !type_name
                        && matches!(
                            self.tokens[k + 2].kind,
                            TokenKind::Ident | TokenKind::Number | TokenKind::Char
                        )
                    {
                        return None;
                    }
                }
                TokenKind::Punct => match w {
                    "(" | "[" => depth += 1,
                    ")" | "]" => depth = depth.checked_sub(1)?,
                    "," if depth == 0 => return None,
                    "{" | "}" | ";" | "=" | "<%" | "%>" | "<:" | ":>" | "#" | "##" => {
                        return None;
                    }
                    _ => {}
                },
                _ => return None,
            }
        }
        (depth == 0).then(|| self.tokens[start..end].to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::chunk::split;
    use super::*;
    use crate::scan::scan;
    use crate::source::SourceMap;

    /// How the direct reader takes each declaration of `src`: `R` read, `N` needs the
    /// pending declarations first, `-` left to lang-c.
    fn shapes(src: &str) -> String {
        let mut sm = SourceMap::new();
        let f = sm.add_virtual("t.h", src.to_string());
        let tokens = scan(f, src).unwrap();
        let reader = Reader {
            sm: &sm,
            tokens: &tokens,
            char_signed: true,
        };
        let known = |n: &str| n == "u32";
        split(&sm, &tokens)
            .iter()
            .map(|c| match reader.read(c.start, c.end, &known) {
                Some(Fast::Records { .. }) => 'R',
                Some(Fast::NeedsTypedef) => 'N',
                _ => '-',
            })
            .collect()
    }

    #[test]
    fn reads_common_records_and_leaves_the_rest_to_lang_c() {
        assert_eq!(
            shapes(
                "struct a { u32 x, *y[2]; unsigned b : 3, : 0; };\n\
                 typedef struct __attribute__((packed)) { union { int i; }; } t, *p;\n\
                 struct b { struct c { int d; } __attribute__((aligned(8))) e; } __attribute__((packed));\n\
                 struct f { other_t g; };\n\
                 struct g { u32 __attribute__((aligned(8))) a; u32 : 3; struct { } e; char b[sizeof(u32)]; };\n"
            ),
            "RRRNR"
        );
        // Function pointers, enum bodies, typedef names as member names,
        // anonymous or variable-declaring definitions, `_Static_assert`, odd lengths.
        assert_eq!(
            shapes(
                "struct a { int (*f)(void); }; struct b { enum { X } e; }; struct c { int u32; };\n\
                 struct d { }; struct { int x; }; struct e { int x; } v; struct f { int x; };\n\
                 struct g { _Static_assert(1, \"\"); int x; }; struct h { int a[1, 2]; };\n\
                 struct i { int a[(n) 1]; }; struct j { int a[u32]; }; struct k { int a[{1}]; };\n\
                 struct l { int a[(u32)]; }; struct m { int a[sizeof u32]; };\n"
            ),
            "---R--R-------"
        );
    }
}
