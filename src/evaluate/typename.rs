//! Type names in casts, `sizeof` and `_Alignof` (C11 6.7.7): specifiers in any order, then
//! an abstract declarator (`*`, `[N]`, `(*)(…)`). Array lengths are kept as tokens; they are
//! evaluated only when a size is needed.

use super::ops::EXPR_MAX_DEPTH as MAX_DEPTH;
use super::{EvalError, Located};
use crate::ctype::{CType, FloatKind, IntRank, IntType, RecordKind};
use crate::scan::{Token, TokenKind, spelling};
use crate::source::SourceMap;
use crate::target::Target;

/// Keywords that can only begin a type name (qualifiers included).
const TYPE_KEYWORDS: &[&str] = &[
    "void",
    "char",
    "short",
    "int",
    "long",
    "float",
    "double",
    "signed",
    "unsigned",
    "__signed__",
    "__signed",
    "_Bool",
    "_Complex",
    "__complex__",
    "__int128",
    "struct",
    "union",
    "enum",
    "const",
    "volatile",
    "restrict",
    "__const",
    "__const__",
    "__volatile",
    "__volatile__",
    "__restrict",
    "__restrict__",
    "_Atomic",
    "__typeof__",
    "__typeof",
    "typeof",
    "__float128",
    "_Float128",
    "_Float64",
    "_Float32",
];

/// Whether `word` begins a type name: a type keyword or a typedef name.
pub fn starts_type(word: &str, typedefs: &rustc_hash::FxHashMap<String, CType>) -> bool {
    TYPE_KEYWORDS.contains(&word) || typedefs.contains_key(word)
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
    signed: u8,
    unsigned: u8,
    short: u8,
    long: u8,
    char: u8,
    int: u8,
    bool_: u8,
    void: u8,
    float: u8,
    double: u8,
    int128: u8,
    complex: u8,
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
            let count = |c: &mut u8| *c += 1;
            match w.as_str() {
                "signed" | "__signed__" | "__signed" => count(&mut s.signed),
                "unsigned" => count(&mut s.unsigned),
                "short" => count(&mut s.short),
                "long" => count(&mut s.long),
                "char" => count(&mut s.char),
                "int" => count(&mut s.int),
                "_Bool" => count(&mut s.bool_),
                "void" => count(&mut s.void),
                "float" => count(&mut s.float),
                "double" => count(&mut s.double),
                "__int128" => count(&mut s.int128),
                "_Complex" | "__complex__" => count(&mut s.complex),
                "const" | "volatile" | "restrict" | "__const" | "__const__" | "__volatile"
                | "__volatile__" | "__restrict" | "__restrict__" | "_Atomic" => {}
                "__attribute__" | "__attribute" => {
                    self.pos += 1;
                    if self.is_punct("(") {
                        self.skip_parens()?;
                    }
                    continue;
                }
                "struct" | "union" | "enum" => {
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
                "__typeof__" | "__typeof" | "typeof" | "__float128" | "_Float128" | "_Float64"
                | "_Float32" => {
                    return Err(err(
                        EvalError::Unsupported(format!("`{w}` in a type name")),
                        Some(t),
                    ));
                }
                _ if self.typedefs.contains_key(&w) && s.other.is_none() && !has_basic(&s) => {
                    s.other = Some(CType::Typedef(w));
                }
                _ => break,
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
                if matches!(
                    &*w,
                    "const"
                        | "volatile"
                        | "restrict"
                        | "__const"
                        | "__volatile__"
                        | "__restrict"
                        | "__restrict__"
                        | "_Atomic"
                ) {
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

/// How many basic type specifiers (`int`, `unsigned`, `long`, …) there are, `_Complex` aside.
fn basic_count(s: &Specs) -> u8 {
    s.signed
        + s.unsigned
        + s.short
        + s.long
        + s.char
        + s.int
        + s.bool_
        + s.void
        + s.float
        + s.double
        + s.int128
}

fn has_basic(s: &Specs) -> bool {
    basic_count(s) + s.complex > 0
}

/// The type a set of specifiers names, or `None` for an invalid combination.
fn combine(s: &Specs, target: &Target) -> Option<CType> {
    if let Some(other) = &s.other {
        return (!has_basic(s)).then(|| other.clone());
    }
    if s.complex > 0 {
        return None; // complex values are never integer constants
    }
    let sign = s.signed + s.unsigned;
    if sign > 1 || s.short > 1 || s.long > 2 || s.char > 1 || s.int > 1 {
        return None;
    }
    let int = |rank| {
        Some(CType::Int(IntType {
            rank,
            signed: s.unsigned == 0,
        }))
    };
    let only = |n: u8| basic_count(s) == n;
    if s.void == 1 {
        return only(1).then_some(CType::Void);
    }
    if s.bool_ == 1 {
        return only(1).then_some(CType::Int(IntType {
            rank: IntRank::Bool,
            signed: false,
        }));
    }
    if s.float == 1 {
        return only(1).then_some(CType::Float(FloatKind::Float));
    }
    if s.double == 1 {
        return match s.long {
            0 if only(1) => Some(CType::Float(FloatKind::Double)),
            1 if only(2) => Some(CType::Float(FloatKind::LongDouble)),
            _ => None,
        };
    }
    if s.char == 1 {
        if !only(1 + sign) {
            return None;
        }
        return Some(CType::Int(if sign == 0 {
            target.char_type()
        } else {
            IntType {
                rank: IntRank::Char,
                signed: s.signed == 1,
            }
        }));
    }
    if s.int128 == 1 {
        return only(1 + sign).then(|| int(IntRank::Int128)).flatten();
    }
    let n = sign + s.int + s.short + s.long;
    if !only(n) || n == 0 || (s.short > 0 && s.long > 0) {
        return None;
    }
    match (s.short, s.long) {
        (1, _) => int(IntRank::Short),
        (_, 1) => int(IntRank::Long),
        (_, 2) => int(IntRank::LongLong),
        _ => int(IntRank::Int),
    }
}

/// An integer type spelled as words (`long unsigned int`), as in gcc's `__WCHAR_TYPE__`.
pub fn int_type_from_words(words: &str, target: &Target) -> Option<IntType> {
    let mut s = Specs::default();
    for w in words.split_whitespace() {
        match w {
            "signed" => s.signed += 1,
            "unsigned" => s.unsigned += 1,
            "short" => s.short += 1,
            "long" => s.long += 1,
            "char" => s.char += 1,
            "int" => s.int += 1,
            _ => return None,
        }
    }
    match combine(&s, target)? {
        CType::Int(t) => Some(t),
        _ => None,
    }
}
