//! The `_Pragma` operator (C99 6.10.9): `_Pragma ( string-literal )` is destringized and
//! executed as a `#pragma` line, then removed, wherever it appears, in a file or a macro's
//! expansion (glibc's `__glibc_macro_warning` puts one before `RES_AAONLY`'s value).

use super::unit::{UnitPreprocessor, is_punct};
use crate::diag::Diagnostic;
use crate::scan::{self, Token, TokenKind};

impl UnitPreprocessor<'_> {
    /// Executes the `_Pragma` whose name is `name` (already read). Returns the tokens to
    /// give back when it is not followed by `( string-literal )` (an error, as in gcc; the
    /// tokens then stay in the output).
    pub(super) fn pragma_operator(&mut self, name: &Token) -> Result<Option<Token>, Diagnostic> {
        let mut read = Vec::with_capacity(3);
        for want in ["(", "\"", ")"] {
            let Some(t) = self.next_raw()? else {
                break;
            };
            read.push(t);
            let ok = match want {
                "\"" => t.kind == TokenKind::Str,
                p => is_punct(self.sm, &t, p),
            };
            if !ok {
                break;
            }
        }
        if read.len() == 3 && is_punct(self.sm, &read[2], ")") {
            let text = destringize(&scan::spelling(self.sm, &read[1]));
            let words = self.pragma_tokens(&text, name);
            self.pragma(&words, name.origin);
            return Ok(None);
        }
        self.out.diagnostics.push(Diagnostic::error(
            name.origin,
            "_Pragma takes a parenthesized string literal",
        ));
        // Given back in reverse: `lookahead` is a stack.
        self.expansion.lookahead.extend(read.into_iter().rev());
        Ok(Some(*name))
    }

    /// The pragma text as tokens in the scratch file, at the operator's position.
    fn pragma_tokens(&mut self, text: &str, name: &Token) -> Vec<Token> {
        let text = text.replace(['\n', '\r'], " ");
        let span = self.sm.append_scratch(self.scratch.file, &text);
        let mut tokens = scan::scan(self.scratch.file, &text).unwrap_or_default();
        for t in &mut tokens {
            t.span.start += span.start;
            t.span.end += span.start;
            t.origin = name.origin;
        }
        tokens
    }
}

/// 6.10.9: the encoding prefix and the quotes removed, `\"` and `\\` unescaped.
fn destringize(literal: &str) -> String {
    let inner = literal
        .find('"')
        .map_or(literal, |q| &literal[q + 1..])
        .strip_suffix('"')
        .unwrap_or_default();
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(e @ ('"' | '\\')) => out.push(e),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::destringize;

    #[test]
    fn destringize_removes_prefix_quotes_and_escapes() {
        assert_eq!(destringize(r#""pack(push, 1)""#), "pack(push, 1)");
        assert_eq!(
            destringize(r#"L"GCC warning \"x\\y\"""#),
            r#"GCC warning "x\y""#
        );
        assert_eq!(destringize(r#""a\nb""#), r"a\nb");
    }
}
