//! Rendering chunks of tokens as C text for lang-c, remembering where each token went so
//! that any lang-c span maps back to tokens (and so to positions in the user's header).
//!
//! Two rewrites work around lang-c's grammar, both recorded so nothing is lost:
//! - `struct`/`union`/`enum` followed by `__attribute__((…))`: lang-c misparses or rejects
//!   attributes in that place, so they are left out of the text and kept per keyword;
//! - `__int128`, `unsigned __int128`: unknown to lang-c, rendered as placeholder typedef
//!   names that the type conversion maps back to 128-bit integers.

use super::attrs::{self, Attrs};
use super::chunk::{Chunk, is_attribute_keyword};
use crate::scan::{Token, TokenKind, spelling};
use crate::source::SourceMap;
use std::collections::HashMap;
use std::ops::Range;

/// Typedef-name placeholders for `__int128` and `unsigned __int128`.
pub const INT128: &str = "__deftab_int128";
pub const UINT128: &str = "__deftab_uint128";

/// Type names gcc knows without a declaration (lang-c itself knows `__builtin_va_list`).
pub const BUILTIN_TYPEDEFS: &[&str] = &[INT128, UINT128, "__int128_t", "__uint128_t"];

pub struct Rendered {
    pub text: String,
    /// Length of the typedef prelude at the start of `text`.
    pub prelude_len: usize,
    /// Text offset of each rendered piece, ascending.
    starts: Vec<u32>,
    /// The translation-unit tokens each piece stands for (one, or two for `unsigned __int128`).
    pieces: Vec<Range<usize>>,
    /// Text offset where each chunk begins (the prelude belongs to the first).
    chunk_starts: Vec<u32>,
    /// Attributes taken out after a `struct`/`union`/`enum` keyword, by keyword token index.
    pub keyword_attrs: HashMap<usize, Attrs>,
}

impl Rendered {
    /// Renders `chunks` of `tokens`, after a prelude declaring `typedef_names` (names lang-c
    /// must treat as types although their declarations are not part of this text).
    pub fn new<'a>(
        sm: &SourceMap,
        tokens: &[Token],
        chunks: &[Chunk],
        typedef_names: impl Iterator<Item = &'a str>,
    ) -> Rendered {
        let mut text = String::new();
        for name in BUILTIN_TYPEDEFS.iter().copied().chain(typedef_names) {
            text.push_str("typedef int ");
            text.push_str(name);
            text.push_str(";\n");
        }
        let mut r = Rendered {
            prelude_len: text.len(),
            text,
            starts: Vec::new(),
            pieces: Vec::new(),
            chunk_starts: Vec::with_capacity(chunks.len()),
            keyword_attrs: HashMap::new(),
        };
        for (n, c) in chunks.iter().enumerate() {
            r.chunk_starts
                .push(if n == 0 { 0 } else { r.text.len() as u32 });
            r.render_chunk(sm, tokens, c.start..c.end);
            r.text.push('\n');
        }
        r
    }

    fn render_chunk(&mut self, sm: &SourceMap, tokens: &[Token], range: Range<usize>) {
        let mut i = range.start;
        while i < range.end {
            let s = spelling(sm, &tokens[i]);
            let next = tokens[i + 1..range.end].first().map(|t| sm.text(t.span));
            let (piece, len): (&str, usize) = match (&*s, next) {
                ("struct" | "union" | "enum", Some(n)) if is_attribute_keyword(n) => {
                    let end = attribute_groups_end(sm, tokens, i + 1, range.end);
                    self.keyword_attrs
                        .insert(i, attrs::from_tokens(sm, &tokens[i + 1..end]));
                    self.push(&s, i..i + 1);
                    i = end;
                    continue;
                }
                ("unsigned", Some("__int128")) => (UINT128, 2),
                ("signed" | "__signed" | "__signed__", Some("__int128")) => (INT128, 2),
                ("__int128", _) => (INT128, 1),
                _ => (&s, 1),
            };
            self.push(piece, i..i + len);
            i += len;
        }
    }

    fn push(&mut self, piece: &str, tokens: Range<usize>) {
        // lang-c reads `__attribute__((` and `))` as single tokens: keep parentheses together.
        let glued = matches!(
            (self.text.as_bytes().last(), piece),
            (Some(b'('), "(") | (Some(b')'), ")")
        );
        if !self.text.ends_with('\n') && !glued {
            self.text.push(' ');
        }
        self.starts.push(self.text.len() as u32);
        self.pieces.push(tokens);
        self.text.push_str(piece);
    }

    /// Index (into the rendered chunks) of the chunk holding text `offset`.
    pub fn chunk_at(&self, offset: usize) -> usize {
        self.chunk_starts
            .partition_point(|&s| s as usize <= offset)
            .saturating_sub(1)
    }

    /// The translation-unit token index of the first piece starting at or after `offset`.
    pub fn token_at(&self, offset: usize) -> Option<usize> {
        let p = self.starts.partition_point(|&s| (s as usize) < offset);
        self.pieces.get(p).map(|r| r.start)
    }

    /// The translation-unit index of the last rendered token.
    pub fn last_token(&self) -> Option<usize> {
        self.pieces.last().map(|r| r.start)
    }

    /// The translation-unit tokens a lang-c span `start..end` covers.
    pub fn tokens_in(&self, start: usize, end: usize) -> Range<usize> {
        let a = self.starts.partition_point(|&s| (s as usize) < start);
        let b = self.starts.partition_point(|&s| (s as usize) < end);
        if a >= b {
            return 0..0;
        }
        self.pieces[a].start..self.pieces[b - 1].end
    }
}

/// One past the last of the `__attribute__((…))` groups starting at `i`.
fn attribute_groups_end(sm: &SourceMap, tokens: &[Token], mut i: usize, end: usize) -> usize {
    while i < end && is_attribute_keyword(sm.text(tokens[i].span)) {
        let mut depth = 0usize;
        let mut k = i + 1;
        while k < end {
            if tokens[k].kind == TokenKind::Punct {
                match sm.text(tokens[k].span) {
                    "(" => depth += 1,
                    ")" => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            k += 1;
            if depth == 0 {
                break;
            }
        }
        i = k;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::chunk::split;
    use crate::scan::scan;

    #[test]
    fn maps_text_back_to_tokens_and_moves_keyword_attributes() {
        let src = "struct __attribute__((packed)) s { unsigned __int128 x; };\nint y;";
        let mut sm = SourceMap::new();
        let f = sm.add_virtual("t.h", src.to_string());
        let toks = scan(f, src).unwrap();
        let chunks = split(&sm, &toks);
        let r = Rendered::new(&sm, &toks, &chunks, ["T"].into_iter());
        let body = r
            .text
            .lines()
            .skip(BUILTIN_TYPEDEFS.len() + 1)
            .collect::<Vec<_>>();
        assert_eq!(body, vec!["struct s { __deftab_uint128 x ; } ;", "int y ;"]);
        assert!(r.text.contains("typedef int T;"));
        assert!(r.keyword_attrs[&0].packed);
        let x_at = r.text.rfind("__deftab_uint128").unwrap();
        // `unsigned __int128` are tokens 9 and 10 (struct, __attribute__, (, (, packed, ), ), s, {).
        assert_eq!(r.tokens_in(x_at, x_at + 18), 9..12);
        assert_eq!(r.token_at(x_at), Some(9));
        assert_eq!(r.chunk_at(0), 0);
        assert_eq!(r.chunk_at(r.text.find("int y").unwrap()), 1);
    }
}
