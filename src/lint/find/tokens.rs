//! The file's tokens in an owned form the finders can also invent (macro expansion), and
//! the function-like macros the file defines.

use crate::diag::Diagnostic;
use crate::scan::{self, TokenKind};
use crate::source::{FileId, SourceMap};
use std::collections::HashMap;

/// A token: its kind, spelling and line; `directive` marks a `#` that starts a directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tok {
    pub kind: TokenKind,
    pub text: String,
    pub line: u32,
    /// First token of its line.
    pub bol: bool,
}

impl Tok {
    pub fn is(&self, text: &str) -> bool {
        self.text == text && matches!(self.kind, TokenKind::Punct | TokenKind::Ident)
    }

    /// A `#` that starts a directive.
    pub fn is_directive(&self) -> bool {
        self.bol && self.kind == TokenKind::Punct && (self.text == "#" || self.text == "%:")
    }

    /// The contents of a plain string literal (`"ABC"` → `ABC`), `None` for other tokens
    /// and prefixed literals.
    pub fn string(&self) -> Option<String> {
        if self.kind != TokenKind::Str || !self.text.starts_with('"') {
            return None;
        }
        let inner = &self.text[1..self.text.len().saturating_sub(1).max(1)];
        Some(unescape(inner))
    }
}

/// Simple escapes only: names in tables are plain.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Scans the file.
pub fn read(sm: &SourceMap, file: FileId) -> Result<Vec<Tok>, Diagnostic> {
    let f = sm.file(file);
    let raw =
        scan::scan(file, &f.text).map_err(|e| Diagnostic::error(e.at, "unterminated comment"))?;
    Ok(raw
        .iter()
        .map(|t| Tok {
            kind: t.kind,
            text: scan::spelling(sm, t).into_owned(),
            line: sm.line(t.origin),
            bol: t.at_bol(),
        })
        .collect())
}

/// The end (exclusive) of the directive line starting at `i`.
pub fn line_end(toks: &[Tok], i: usize) -> usize {
    let mut j = i + 1;
    while j < toks.len() && !toks[j].bol {
        j += 1;
    }
    j
}

/// A function-like macro the file defines.
#[derive(Clone, Debug)]
pub struct LocalMacro {
    pub params: Vec<String>,
    pub body: Vec<Tok>,
}

/// Every `#define NAME(params) body` of the file (the last one wins).
pub fn local_macros(toks: &[Tok]) -> HashMap<String, LocalMacro> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < toks.len() {
        if !toks[i].is_directive() {
            i += 1;
            continue;
        }
        let end = line_end(toks, i);
        let line = &toks[i + 1..end];
        if let [kw, name, paren, rest @ ..] = line
            && kw.text == "define"
            && paren.text == "("
            && !rest.is_empty()
        {
            // A function-like macro: `(` right after the name (same line, no space is
            // not known here; perf writes them without one).
            if let Some(close) = rest.iter().position(|t| t.is(")")) {
                let params = rest[..close]
                    .iter()
                    .filter(|t| t.kind == TokenKind::Ident)
                    .map(|t| t.text.clone())
                    .collect();
                out.insert(
                    name.text.clone(),
                    LocalMacro {
                        params,
                        body: rest[close + 1..].to_vec(),
                    },
                );
            }
        }
        i = end;
    }
    out
}

/// The index of the bracket closing the one at `open` (`(`/`)`, `[`/`]`, `{`/`}`),
/// skipping directives.
pub fn closing(toks: &[Tok], open: usize) -> Option<usize> {
    let (o, c) = match toks[open].text.as_str() {
        "(" => ("(", ")"),
        "[" => ("[", "]"),
        "{" => ("{", "}"),
        _ => return None,
    };
    let mut depth = 0usize;
    let mut i = open;
    while i < toks.len() {
        let t = &toks[i];
        if t.is_directive() {
            i = line_end(toks, i);
            continue;
        }
        if t.is(o) {
            depth += 1;
        } else if t.is(c) {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

/// The condition of an `#if`-family directive line (`toks` after the `#`), as an entry
/// condition: `#ifdef X` is `defined X`.
pub fn condition_of(line: &[Tok]) -> Vec<Tok> {
    let Some((kw, rest)) = line.split_first() else {
        return vec![];
    };
    let word = |text: &str| Tok {
        kind: TokenKind::Ident,
        text: text.to_string(),
        line: kw.line,
        bol: false,
    };
    match kw.text.as_str() {
        "ifdef" => [vec![word("defined")], rest.to_vec()].concat(),
        "ifndef" => {
            let not = Tok {
                kind: TokenKind::Punct,
                text: "!".to_string(),
                ..word("")
            };
            [vec![not, word("defined")], rest.to_vec()].concat()
        }
        _ => rest.to_vec(),
    }
}

/// The `#if`s open at a point of the file, for the entries read there.
#[derive(Default)]
pub struct CondStack {
    pub open: Vec<super::Cond>,
}

impl CondStack {
    /// Applies the directive line `line` (after the `#`).
    pub fn directive(&mut self, line: &[Tok]) {
        let Some(kw) = line.first() else { return };
        match kw.text.as_str() {
            "if" | "ifdef" | "ifndef" => self.open.push(super::Cond {
                expr: condition_of(line),
                negated: false,
            }),
            "elif" => {
                // Approximation: the entry depends on this condition alone.
                if let Some(top) = self.open.last_mut() {
                    *top = super::Cond {
                        expr: condition_of(line),
                        negated: false,
                    };
                }
            }
            "else" => {
                if let Some(top) = self.open.last_mut() {
                    top.negated = !top.negated;
                }
            }
            "endif" => {
                self.open.pop();
            }
            _ => {}
        }
    }
}

/// The `asm-generic/` headers `#include <…>`d by name (a `uapi/` in front dropped).
pub fn generic_includes(toks: &[Tok]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !(t.is_directive() && toks.get(i + 1).is_some_and(|n| n.is("include"))) {
            continue;
        }
        let line = t.line;
        let name: String = toks[i + 2..]
            .iter()
            .take_while(|x| x.line == line && !x.bol)
            .map(|x| x.text.as_str())
            .collect();
        let name = name.trim_start_matches('<').trim_end_matches('>');
        let name = name.strip_prefix("uapi/").unwrap_or(name);
        if name.starts_with("asm-generic/") {
            out.push(name.to_string());
        }
    }
    out
}
