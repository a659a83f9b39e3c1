//! Type names in casts, `sizeof` and `_Alignof` (C11 6.7.7): specifiers in any order, then
//! an abstract declarator (`*`, `[N]`, `(*)(…)`). Array lengths are kept as tokens; they are
//! evaluated only when a size is needed.

use super::ops::EXPR_MAX_DEPTH as MAX_DEPTH;
use super::{EvalError, Located};
use crate::ctype::specifiers::{BasicSpecifier, BasicSpecifiers, Keyword, is_qualifier, keyword};
use crate::ctype::{CType, IntType, RecordKind};
use crate::scan::{Token, TokenKind, spelling};
use crate::source::SourceMap;
use crate::target::Target;

/// Whether `word` begins a type name: a type keyword (qualifiers included) or a typedef
/// name.
pub fn starts_type(word: &str, typedefs: &rustc_hash::FxHashMap<String, CType>) -> bool {
    keyword(word).is_some_and(|k| k != Keyword::Attribute) || typedefs.contains_key(word)
}

pub struct TypeParser<'a> {
    pub sm: &'a SourceMap,
    pub target: &'a Target,
    pub typedefs: &'a rustc_hash::FxHashMap<String, CType>,
    pub toks: &'a [Token],
    pub pos: usize,
    pub depth: usize,
}

fn err(error: EvalError, at: Option<Token>) -> Located {
    Located {
        error,
        loc: at.map(|t| t.origin),
    }
}

/// Counts of the specifiers seen, to combine them in any order.
#[derive(Default)]
struct Specs {
    basic: BasicSpecifiers,
    other: Option<CType>,
}

impl TypeParser<'_> {
    fn peek(&self) -> Option<Token> {
        self.toks.get(self.pos).copied()
    }
    fn peek_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.peek().map(|t| spelling(self.sm, &t))
    }
    fn is_punct(&self, p: &str) -> bool {
        self.peek()
            .is_some_and(|t| t.kind == TokenKind::Punct && spelling(self.sm, &t) == p)
    }
    /// Skips a balanced `( … )` starting at the cursor (which must be `(`).
    fn skip_parens(&mut self) -> Result<(), Located> {
        let open = self.peek();
        let mut level = 0usize;
        while let Some(t) = self.peek() {
            self.pos += 1;
            if t.kind == TokenKind::Punct {
                match &*spelling(self.sm, &t) {
                    "(" => level += 1,
                    ")" => {
                        level -= 1;
                        if level == 0 {
                            return Ok(());
                        }
                    }
                    _ => {}
                }
            }
        }
        Err(err(EvalError::Syntax("unbalanced `(`".into()), open))
    }

    /// A whole type name: specifiers, then an abstract declarator.
    pub fn type_name(&mut self) -> Result<CType, Located> {
        let base = self.specifiers()?;
        self.abstract_declarator(base)
    }

    fn specifiers(&mut self) -> Result<CType, Located> {
        let first = self.peek();
        let mut s = Specs::default();
        let mut any = false;
        while let Some(t) = self.peek() {
            if t.kind != TokenKind::Ident {
                break;
            }
            let w = spelling(self.sm, &t).into_owned();
            match keyword(&w) {
                Some(Keyword::Basic(b)) => s.basic.add(b),
                Some(Keyword::Qualifier | Keyword::Atomic) => {}
                Some(Keyword::Attribute) => {
                    self.pos += 1;
                    if self.is_punct("(") {
                        self.skip_parens()?;
                    }
                    continue;
                }
                Some(Keyword::Tag) => {
                    self.pos += 1;
                    let tag = self
                        .peek()
                        .filter(|t| t.kind == TokenKind::Ident)
                        .ok_or_else(|| {
                            err(
                                EvalError::Unsupported(format!("anonymous {w} in a type name")),
                                self.peek().or(Some(t)),
                            )
                        })?;
                    let tag = spelling(self.sm, &tag).into_owned();
                    self.set_other(
                        &mut s,
                        match w.as_str() {
                            "struct" => CType::Record(RecordKind::Struct, tag),
                            "union" => CType::Record(RecordKind::Union, tag),
                            _ => CType::Enum(tag),
                        },
                        t,
                    )?;
                }
                Some(Keyword::Unsupported) => {
                    return Err(err(
                        EvalError::Unsupported(format!("`{w}` in a type name")),
                        Some(t),
                    ));
                }
                None if self.typedefs.contains_key(&w) && s.other.is_none() && !has_basic(&s) => {
                    s.other = Some(CType::Typedef(w));
                }
                None => break,
            }
            any = true;
            self.pos += 1;
        }
        if !any {
            return Err(err(EvalError::Syntax("expected a type name".into()), first));
        }
        combine(&s, self.target).ok_or_else(|| {
            err(
                EvalError::Syntax("invalid combination of type specifiers".into()),
                first,
            )
        })
    }

    fn set_other(&self, s: &mut Specs, ty: CType, at: Token) -> Result<(), Located> {
        if s.other.is_some() || has_basic(s) {
            return Err(err(
                EvalError::Syntax("two or more data types in a type name".into()),
                Some(at),
            ));
        }
        s.other = Some(ty);
        Ok(())
    }

    /// `*`s (with qualifiers), then an optional parenthesized declarator, then array and
    /// function suffixes.
    pub fn abstract_declarator(&mut self, mut ty: CType) -> Result<CType, Located> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(EvalError::TooDeep(MAX_DEPTH), self.peek()));
        }
        while self.is_punct("*") {
            self.pos += 1;
            ty = CType::Pointer(Box::new(ty));
            while let Some(w) = self.peek_text() {
                if is_qualifier(&w) || keyword(&w) == Some(Keyword::Atomic) {
                    self.pos += 1;
                } else {
                    break;
                }
            }
        }
        // `( abstract-declarator )` versus a function suffix `( params )`.
        let mut inner: Option<(usize, usize)> = None;
        if self.is_punct("(") {
            let next = self
                .toks
                .get(self.pos + 1)
                .map(|t| spelling(self.sm, t).into_owned());
            if matches!(next.as_deref(), Some("*" | "(" | "[")) {
                let start = self.pos + 1;
                self.skip_parens()?;
                inner = Some((start, self.pos - 1));
            }
        }
        ty = self.suffixes(ty)?;
        if let Some((start, end)) = inner {
            let mut sub = TypeParser {
                sm: self.sm,
                target: self.target,
                typedefs: self.typedefs,
                toks: &self.toks[..end],
                pos: start,
                depth: self.depth,
            };
            ty = sub.abstract_declarator(ty)?;
            if sub.pos != end {
                return Err(err(
                    EvalError::Syntax("unexpected token in declarator".into()),
                    sub.peek(),
                ));
            }
        }
        self.depth -= 1;
        Ok(ty)
    }

    /// `[N]` and `(params)` suffixes; `int [2][3]` is an array of 2 arrays of 3.
    fn suffixes(&mut self, ty: CType) -> Result<CType, Located> {
        enum Suffix {
            Array(Option<Vec<Token>>),
            Function,
        }
        let mut list = Vec::new();
        loop {
            if self.is_punct("[") {
                let open = self.peek();
                self.pos += 1;
                let start = self.pos;
                let mut level = 0usize;
                loop {
                    let Some(t) = self.peek() else {
                        return Err(err(EvalError::Syntax("unbalanced `[`".into()), open));
                    };
                    if t.kind == TokenKind::Punct {
                        match &*spelling(self.sm, &t) {
                            "[" | "(" => level += 1,
                            ")" => level = level.saturating_sub(1),
                            "]" if level == 0 => break,
                            "]" => level -= 1,
                            _ => {}
                        }
                    }
                    self.pos += 1;
                }
                let len = &self.toks[start..self.pos];
                self.pos += 1;
                list.push(Suffix::Array((!len.is_empty()).then(|| len.to_vec())));
            } else if self.is_punct("(") {
                self.skip_parens()?;
                list.push(Suffix::Function);
            } else {
                break;
            }
        }
        let mut ty = ty;
        for s in list.into_iter().rev() {
            ty = match s {
                Suffix::Array(len) => CType::Array(Box::new(ty), len),
                Suffix::Function => CType::Function,
            };
        }
        Ok(ty)
    }
}

fn has_basic(s: &Specs) -> bool {
    !s.basic.is_empty()
}

/// The type a set of specifiers names, or `None` for an invalid combination.
fn combine(s: &Specs, target: &Target) -> Option<CType> {
    if let Some(other) = &s.other {
        return (!has_basic(s)).then(|| other.clone());
    }
    if s.basic.is_complex() {
        return None; // complex values are never integer constants
    }
    s.basic.real_type(target.model.char_signed)
}

/// An integer type spelled as words (`long unsigned int`), as in gcc's `__WCHAR_TYPE__`.
pub fn int_type_from_words(words: &str, target: &Target) -> Option<IntType> {
    use BasicSpecifier as B;
    let mut s = Specs::default();
    for w in words.split_whitespace() {
        match keyword(w) {
            Some(Keyword::Basic(
                b @ (B::Signed | B::Unsigned | B::Short | B::Long | B::Char | B::Int),
            )) => s.basic.add(b),
            _ => return None,
        }
    }
    match combine(&s, target)? {
        CType::Int(t) => Some(t),
        _ => None,
    }
}
