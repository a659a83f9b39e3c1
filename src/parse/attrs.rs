//! The GNU attributes that change layout: `packed` and `aligned(N)`. Others are ignored.

use super::Expr;
use crate::scan::{Token, TokenKind};
use crate::source::SourceMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attrs {
    pub packed: bool,
    /// `aligned(N)` as N's tokens; `Some(vec![])` for plain `aligned` (the target maximum).
    pub aligned: Option<Expr>,
}

impl Attrs {
    /// Records one attribute by name (`packed` or `__packed__`); `args` are the tokens of
    /// its first argument, if any.
    pub fn add(&mut self, name: &str, args: Option<Expr>) {
        let bare = name
            .strip_prefix("__")
            .and_then(|n| n.strip_suffix("__"))
            .unwrap_or(name);
        match bare {
            "packed" => self.packed = true,
            // Several `aligned` on one entity: gcc keeps the largest; the evaluator decides,
            // so keep the last one written (the common case is a single one).
            "aligned" => self.aligned = Some(args.unwrap_or_default()),
            _ => {}
        }
    }

    pub fn merge(&mut self, other: &Attrs) {
        self.packed |= other.packed;
        if other.aligned.is_some() {
            self.aligned.clone_from(&other.aligned);
        }
    }
}

/// Reads `__attribute__((a, b(x), …)) __attribute__((…))…` from tokens.
pub fn from_tokens(sm: &SourceMap, toks: &[Token]) -> Attrs {
    let mut attrs = Attrs::default();
    let is = |t: &Token, s: &str| t.kind == TokenKind::Punct && sm.text(t.span) == s;
    // Depth 2 is the attribute list between `((` and `))`: items start there.
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if is(t, "(") {
            depth += 1;
        } else if is(t, ")") {
            depth = depth.saturating_sub(1);
        } else if depth == 2 && t.kind == TokenKind::Ident {
            let name = sm.text(t.span);
            let mut args = None;
            if toks.get(i + 1).is_some_and(|n| is(n, "(")) {
                let mut d = 0usize;
                let mut k = i + 1;
                while k < toks.len() {
                    if is(&toks[k], "(") {
                        d += 1;
                    } else if is(&toks[k], ")") {
                        d -= 1;
                        if d == 0 {
                            break;
                        }
                    }
                    k += 1;
                }
                let inner = &toks[i + 2..k.min(toks.len())];
                let first_arg_end = first_top_level_comma(sm, inner);
                args = Some(inner[..first_arg_end].to_vec());
                i = k + 1;
                attrs.add(name, args);
                continue;
            }
            attrs.add(name, args);
        }
        i += 1;
    }
    attrs
}

fn first_top_level_comma(sm: &SourceMap, toks: &[Token]) -> usize {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate() {
        match sm.text(t.span) {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            "," if depth == 0 => return i,
            _ => {}
        }
    }
    toks.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{render, scan};

    #[test]
    fn reads_packed_and_aligned_from_tokens() {
        let src = "__attribute__((__packed__, deprecated(\"x\"))) __attribute__((aligned(sizeof(long) * 2)))";
        let mut sm = SourceMap::new();
        let f = sm.add_virtual("t.h", src.to_string());
        let toks = scan(f, src).unwrap();
        let a = from_tokens(&sm, &toks);
        assert!(a.packed);
        assert_eq!(render(&sm, &a.aligned.unwrap()), "sizeof(long) * 2");

        let src = "__attribute__((aligned))";
        let f = sm.add_virtual("u.h", src.to_string());
        let toks = scan(f, src).unwrap();
        let a = from_tokens(&sm, &toks);
        assert_eq!(
            a,
            Attrs {
                packed: false,
                aligned: Some(vec![])
            }
        );
    }
}
