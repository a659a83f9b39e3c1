//! Splitting a translation unit into top-level declarations, so lang-c sees only the ones
//! that define something this stage collects (parsing everything would cost ~300 ms on the
//! whole uapi tree) and a syntax error costs one declaration, not the whole unit.

use crate::scan::{Token, TokenKind};
use crate::source::SourceMap;

/// One top-level declaration: tokens `start..end` of the translation unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub kind: ChunkKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChunkKind {
    /// Contains `typedef`, `enum` or a brace (a struct/union body or an initializer): for lang-c.
    Relevant,
    /// A prototype or variable without any of those: nothing to collect.
    Plain,
    /// A function definition (a `static inline` body): skipped. `defines_types` when its
    /// body holds an enum or record definition (function-scope, reported as ignored).
    Function { defines_types: bool },
}

/// Splits `tokens` at depth-0 `;` and after function bodies. Never fails: unbalanced
/// brackets only make a chunk longer (lang-c then reports it).
pub fn split(sm: &SourceMap, tokens: &[Token]) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut depth = 0usize; // (), [] and {} together: C declarations nest them properly
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.kind == TokenKind::Punct {
            match sm.text(t.span) {
                "(" | "[" | "<:" => depth += 1,
                ")" | "]" | ":>" => depth = depth.saturating_sub(1),
                "}" | "%>" => depth = depth.saturating_sub(1),
                ";" if depth == 0 => {
                    chunks.push(classify(sm, tokens, start, i + 1));
                    start = i + 1;
                }
                "{" | "<%" => {
                    if depth == 0 && is_function_body(sm, &tokens[start..i]) {
                        let end = matching_close(sm, tokens, i);
                        let defines_types = defines_types(sm, &tokens[i..end]);
                        chunks.push(Chunk {
                            start,
                            end,
                            kind: ChunkKind::Function { defines_types },
                        });
                        start = end;
                        i = end;
                        continue;
                    }
                    depth += 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    if start < tokens.len() {
        chunks.push(classify(sm, tokens, start, tokens.len()));
    }
    chunks
}

fn classify(sm: &SourceMap, tokens: &[Token], start: usize, end: usize) -> Chunk {
    let relevant = tokens[start..end].iter().any(|t| match t.kind {
        TokenKind::Ident => matches!(sm.text(t.span), "typedef" | "enum"),
        TokenKind::Punct => matches!(sm.text(t.span), "{" | "<%"),
        _ => false,
    });
    let kind = if relevant {
        ChunkKind::Relevant
    } else {
        ChunkKind::Plain
    };
    Chunk { start, end, kind }
}

/// Index one past the `}` matching the `{` at `open` (or the end of the tokens).
fn matching_close(sm: &SourceMap, tokens: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        if t.kind == TokenKind::Punct {
            match sm.text(t.span) {
                "{" | "<%" => depth += 1,
                "}" | "%>" => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        }
    }
    tokens.len()
}

/// Whether a depth-0 `{` preceded by `before` (the chunk so far) opens a function body:
/// not a struct/union/enum body (`struct [attrs] [tag] [attrs] {`) and not an initializer.
fn is_function_body(sm: &SourceMap, before: &[Token]) -> bool {
    let text = |t: &Token| sm.text(t.span);
    if before.iter().any(|t| text(t) == "=") {
        return false;
    }
    let mut j = before.len();
    j = skip_attributes_back(sm, before, j);
    if j > 0 && before[j - 1].kind == TokenKind::Ident && !is_tag_keyword(text(&before[j - 1])) {
        j -= 1;
        j = skip_attributes_back(sm, before, j);
    }
    !(j > 0 && is_tag_keyword(text(&before[j - 1])))
}

fn is_tag_keyword(s: &str) -> bool {
    matches!(s, "struct" | "union" | "enum")
}

/// Moves `end` back over any `__attribute__((…))` groups that end right before it.
fn skip_attributes_back(sm: &SourceMap, toks: &[Token], mut end: usize) -> usize {
    while end > 0 && sm.text(toks[end - 1].span) == ")" {
        let mut depth = 0usize;
        let mut k = end;
        let open = loop {
            if k == 0 {
                return end;
            }
            k -= 1;
            match sm.text(toks[k].span) {
                ")" => depth += 1,
                "(" => {
                    depth -= 1;
                    if depth == 0 {
                        break k;
                    }
                }
                _ => {}
            }
        };
        if open > 0 && is_attribute_keyword(sm.text(toks[open - 1].span)) {
            end = open - 1;
        } else {
            return end;
        }
    }
    end
}

pub fn is_attribute_keyword(s: &str) -> bool {
    matches!(s, "__attribute__" | "__attribute")
}

/// Whether tokens (a function body) define an enum or a struct/union.
fn defines_types(sm: &SourceMap, toks: &[Token]) -> bool {
    toks.iter().enumerate().any(|(i, t)| match sm.text(t.span) {
        "enum" => true,
        "struct" | "union" => {
            let rest = &toks[i + 1..];
            let after = usize::from(rest.first().is_some_and(|t| t.kind == TokenKind::Ident));
            rest.get(after).is_some_and(|t| sm.text(t.span) == "{")
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::scan;

    fn kinds(src: &str) -> Vec<(String, ChunkKind)> {
        let mut sm = SourceMap::new();
        let f = sm.add_virtual("t.h", src.to_string());
        let toks = scan(f, src).unwrap();
        split(&sm, &toks)
            .iter()
            .map(|c| (crate::scan::render(&sm, &toks[c.start..c.end]), c.kind))
            .collect()
    }

    #[test]
    fn splits_declarations_and_function_bodies() {
        use ChunkKind::*;
        let got = kinds(
            "typedef int a; int f(int); static inline int g(void) { struct s { int x; } v; return 0; }\n\
             struct __attribute__((packed)) t { int y; } __attribute__((aligned(4)));\n\
             int h(void) { return 1; } int arr[] = { 1, 2 }; enum { E } ; int tail",
        );
        assert_eq!(
            got,
            vec![
                ("typedef int a;".into(), Relevant),
                ("int f(int);".into(), Plain),
                (
                    "static inline int g(void) { struct s { int x; } v; return 0; }".into(),
                    Function {
                        defines_types: true
                    }
                ),
                (
                    "struct __attribute__((packed)) t { int y; } __attribute__((aligned(4)));"
                        .into(),
                    Relevant
                ),
                (
                    "int h(void) { return 1; }".into(),
                    Function {
                        defines_types: false
                    }
                ),
                ("int arr[] = { 1, 2 };".into(), Relevant),
                ("enum { E } ;".into(), Relevant),
                ("int tail".into(), Plain),
            ]
        );
    }

    #[test]
    fn anonymous_attributed_record_is_not_a_function() {
        let got = kinds("struct __attribute__((packed)) { int y; } v; union u { int z; } w;");
        assert!(
            got.iter().all(|(_, k)| *k == ChunkKind::Relevant),
            "{got:?}"
        );
        assert_eq!(got.len(), 2);
    }
}
