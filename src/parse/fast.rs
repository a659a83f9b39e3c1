//! Reading the commonest declaration shapes without lang-c: simple typedefs
//! (`typedef unsigned int __u32;`, `typedef __u32 a, *b, c[4];`), plain enum definitions
//! (`[typedef] enum [tag] { A, B = expr, … } [name];`) and struct/union definitions with
//! plain members (`record.rs`). They are nearly all of the uapi text, and lang-c (~15 MB/s)
//! would dominate a whole-tree run. Anything else, including parentheses in declarators and
//! unknown type names, goes to lang-c, so the result is the same either way (the sweep test
//! compares both).

use super::attrs::{self, Attrs};
use super::chunk::is_attribute_keyword;
use super::types::typedef_type;
use super::{EnumDecl, Enumerator, Expr, RecordDecl};
use crate::ctype::specifiers::{BasicSpecifiers, is_qualifier};
use crate::ctype::{CType, RecordKind};
use crate::scan::{Token, TokenKind};
use crate::source::SourceMap;

mod record;

pub enum Fast {
    /// Typedef name, type, `aligned(N)`.
    Typedefs(Vec<(String, CType, Option<Expr>)>),
    /// An enum definition (with the index of its `enum` keyword), maybe typedef'd.
    Enum {
        keyword: usize,
        decl: EnumDecl,
        typedef: Option<String>,
    },
    /// A struct/union definition: the records it defines, innermost first (the order lang-c's
    /// reading inserts them in), and the typedef names it declares.
    Records {
        records: Vec<RecordDecl>,
        typedefs: Vec<(String, CType, Option<Expr>)>,
    },
    /// The shape fits but names a type lang-c has not declared yet: parse what is pending.
    NeedsTypedef,
}

pub struct Reader<'a> {
    pub sm: &'a SourceMap,
    pub tokens: &'a [Token],
    pub char_signed: bool,
}

impl Reader<'_> {
    fn text(&self, i: usize) -> &str {
        self.sm.text(self.tokens[i].span)
    }

    /// The spelling of a punctuator at `i`, `""` for other tokens: the bracket scans look
    /// at every token, and most are names and numbers.
    fn punct(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        if t.kind == TokenKind::Punct {
            self.sm.text(t.span)
        } else {
            ""
        }
    }

    /// Reads tokens `start..end` (a chunk ending in `;`) if they have a simple shape.
    pub fn read(
        &self,
        start: usize,
        end: usize,
        is_typedef: &dyn Fn(&str) -> bool,
    ) -> Option<Fast> {
        if end <= start + 2 || self.text(end - 1) != ";" {
            return None;
        }
        let mut i = start;
        if self.text(i) == "__extension__" {
            i += 1;
        }
        let typedef = self.text(i) == "typedef";
        if typedef {
            i += 1;
        }
        if i < end && self.text(i) == "enum" {
            return self.enum_def(i, end - 1, typedef);
        }
        if i < end && matches!(self.text(i), "struct" | "union") && self.has_body(i, end) {
            return self.record_def(i, end - 1, typedef, is_typedef);
        }
        if !typedef {
            return None;
        }
        self.simple_typedef(i, end - 1, is_typedef)
    }

    /// `SPECIFIERS DECLARATOR, …` up to `end` (the `;`).
    fn simple_typedef(
        &self,
        mut i: usize,
        end: usize,
        is_typedef: &dyn Fn(&str) -> bool,
    ) -> Option<Fast> {
        let mut basic = BasicSpecifiers::default();
        let mut named: Option<CType> = None;
        let mut unknown_name = false;
        // Specifiers: everything up to the token before the first declarator's name.
        while i < end {
            let w = self.text(i);
            if basic.add_word(w) || is_qualifier(w) {
                i += 1;
            } else if matches!(w, "struct" | "union" | "enum")
                && named.is_none()
                && basic.is_empty()
            {
                let tag = self.ident(i + 1)?;
                named = Some(match w {
                    "struct" => CType::Record(RecordKind::Struct, tag.to_string()),
                    "union" => CType::Record(RecordKind::Union, tag.to_string()),
                    _ => CType::Enum(tag.to_string()),
                });
                i += 2;
            } else if named.is_none()
                && basic.is_empty()
                && self.ident(i).is_some()
                && self.next_is_declarator(i + 1, end)
            {
                unknown_name = !is_typedef(w);
                named = Some(typedef_type(w));
                i += 1;
            } else {
                break;
            }
        }
        let base = match named {
            Some(t) => t,
            // lang-c reads `_Complex` (with a warning) and reports invalid combinations.
            None if !basic.is_empty() && !basic.is_complex() => {
                basic.real_type(self.char_signed)?
            }
            None => return None,
        };
        let out = self.typedef_declarators(base, i, end)?;
        if unknown_name {
            return Some(Fast::NeedsTypedef);
        }
        Some(Fast::Typedefs(out))
    }

    /// Typedef declarators `*…NAME[…]… [attributes]`, comma-separated, from `i` to `end`
    /// (the `;`), declaring names for `base`.
    pub(super) fn typedef_declarators(
        &self,
        mut base: CType,
        mut i: usize,
        end: usize,
    ) -> Option<Vec<(String, CType, Option<Expr>)>> {
        let mut out = Vec::new();
        loop {
            // The last declarator takes the base type itself (no copy of a typedef's name).
            let last = self.item_end(i, end) == end;
            let mut ty = if last {
                std::mem::replace(&mut base, CType::Void)
            } else {
                base.clone()
            };
            while i < end && self.text(i) == "*" {
                ty = CType::Pointer(Box::new(ty));
                i += 1;
            }
            let name = self.ident(i)?;
            i += 1;
            let mut dims = Vec::new();
            while i < end && self.text(i) == "[" {
                let close = self.matching(i, "[", "]", end)?;
                dims.push((close > i + 1).then(|| self.tokens[i + 1..close].to_vec()));
                i = close + 1;
            }
            for len in dims.into_iter().rev() {
                ty = CType::Array(Box::new(ty), len);
            }
            let mut a = Attrs::default();
            if i < end && is_attribute_keyword(self.text(i)) {
                let groups_end = self.attribute_groups_end(i, end)?;
                a = attrs::from_tokens(self.sm, &self.tokens[i..groups_end]);
                i = groups_end;
            }
            out.push((name.to_string(), ty, a.aligned));
            if i == end {
                break;
            }
            if last || self.text(i) != "," {
                return None;
            }
            i += 1;
        }
        Some(out)
    }

    /// Whether tokens from `i` look like a declarator start (`*`s then a name).
    fn next_is_declarator(&self, mut i: usize, end: usize) -> bool {
        while i < end && self.text(i) == "*" {
            i += 1;
        }
        i < end && self.ident(i).is_some()
    }

    /// `enum [tag] { … } [name]` from `kw` (the keyword) to `end` (the `;`).
    fn enum_def(&self, kw: usize, end: usize, typedef: bool) -> Option<Fast> {
        let mut i = kw + 1;
        let tag = self.ident(i).map(str::to_string);
        if tag.is_some() {
            i += 1;
        }
        if i >= end || self.text(i) != "{" {
            return None;
        }
        let close = self.matching(i, "{", "}", end)?;
        let typedef_name = match (typedef, close + 1 == end) {
            (false, true) => None,
            (true, false) if close + 2 == end => Some(self.ident(close + 1)?.to_string()),
            _ => return None,
        };
        let loc = self.tokens[kw].origin;
        let type_tag = tag
            .clone()
            .unwrap_or_else(|| format!("<anon@{}>", self.sm.position(loc)));
        let mut members = Vec::new();
        let mut j = i + 1;
        while j < close {
            let name = self.ident(j)?;
            let item_end = self.item_end(j, close);
            let init = match item_end - j {
                1 => None,
                n if n > 2 && self.text(j + 1) == "=" => {
                    Some(self.tokens[j + 2..item_end].to_vec())
                }
                _ => return None,
            };
            members.push(Enumerator {
                name: name.to_string(),
                loc: self.tokens[j].origin,
                init,
            });
            j = item_end + 1;
        }
        if members.is_empty() {
            return None;
        }
        Some(Fast::Enum {
            keyword: kw,
            decl: EnumDecl {
                tag,
                type_tag,
                loc,
                members,
                packed: false,
            },
            typedef: typedef_name,
        })
    }

    /// The identifier at `i`, unless it is a keyword lang-c would read differently.
    fn ident(&self, i: usize) -> Option<&str> {
        let t = self.tokens.get(i)?;
        if t.kind != TokenKind::Ident || t.has(Token::SPLICED) {
            return None;
        }
        let w = self.sm.text(t.span);
        (!is_reserved(w)).then_some(w)
    }

    /// Index of the depth-0 `,` ending the item at `i`, or `close`.
    fn item_end(&self, mut i: usize, close: usize) -> usize {
        let mut depth = 0usize;
        while i < close {
            match self.punct(i) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth = depth.saturating_sub(1),
                "," if depth == 0 => return i,
                _ => {}
            }
            i += 1;
        }
        close
    }

    fn matching(&self, open: usize, o: &str, c: &str, end: usize) -> Option<usize> {
        let mut depth = 0usize;
        for k in open..end {
            let w = self.punct(k);
            if w == o {
                depth += 1;
            } else if w == c {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
        }
        None
    }

    fn attribute_groups_end(&self, mut i: usize, end: usize) -> Option<usize> {
        while i < end && is_attribute_keyword(self.text(i)) {
            if self.text(i + 1) != "(" {
                return None;
            }
            i = self.matching(i + 1, "(", ")", end)? + 1;
        }
        Some(i)
    }
}

/// C and GNU keywords (an identifier that is one of these is not a name).
fn is_reserved(w: &str) -> bool {
    matches!(
        w,
        "auto"
            | "break"
            | "case"
            | "char"
            | "const"
            | "continue"
            | "default"
            | "do"
            | "double"
            | "else"
            | "enum"
            | "extern"
            | "float"
            | "for"
            | "goto"
            | "if"
            | "inline"
            | "int"
            | "long"
            | "register"
            | "restrict"
            | "return"
            | "short"
            | "signed"
            | "sizeof"
            | "static"
            | "struct"
            | "switch"
            | "typedef"
            | "union"
            | "unsigned"
            | "void"
            | "volatile"
            | "while"
            | "_Alignas"
            | "_Alignof"
            | "_Atomic"
            | "_Bool"
            | "_Complex"
            | "_Generic"
            | "_Imaginary"
            | "_Noreturn"
            | "_Static_assert"
            | "_Thread_local"
    ) || w.starts_with("__")
        && !w.ends_with("_t")
        && matches!(
            w.trim_start_matches('_').trim_end_matches('_'),
            "attribute"
                | "extension"
                | "signed"
                | "const"
                | "volatile"
                | "inline"
                | "restrict"
                | "typeof"
                | "asm"
                | "int128"
                | "alignof"
                | "complex"
                | "real"
                | "imag"
                | "builtin_va_list"
                | "label"
                | "thread"
        )
}
