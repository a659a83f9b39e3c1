//! The C constant-expression parser: recursive descent that evaluates while it parses (no
//! tree), carrying an `eval` flag so unevaluated operands (`0 && x`, `sizeof(x)`) still get
//! their types but never fail for division by zero.

use super::arith::Arith;
use super::ops::{BinOp, EXPR_MAX_DEPTH as MAX_DEPTH, PrecedenceClimbing, is_forbidden_punct};
use super::typename::{TypeParser, starts_type};
use super::{EvalError, Evaluator, Located, Value};
use crate::ctype::literal::{self, CharPrefix, Number};
use crate::ctype::{CType, FloatKind, IntRank, IntType};
use crate::scan::{Token, TokenKind, spelling};
use std::borrow::Cow;

/// A value during evaluation. Only `Int` is a final result; the others exist so casts
/// (`(int)1.5`), `sizeof("ab")` and the like work.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Operand {
    Int(Value),
    Float(f64, FloatKind),
    Pointer,
    /// A string literal: its array size in bytes.
    Str(u64),
}

/// What a parsing step gives: an operand (or type, or value), or an error with its position.
type Parsed<T> = Result<T, Located>;

pub struct Parser<'e, 'a> {
    pub ev: &'e Evaluator<'a>,
    pub ar: Arith<'a>,
    pub toks: &'e [Token],
    pub pos: usize,
    pub depth: usize,
}

fn int(value: i128, ty: IntType) -> Operand {
    Operand::Int(Value { value, ty })
}

impl<'e, 'a> Parser<'e, 'a> {
    pub(super) fn peek(&self) -> Option<Token> {
        self.toks.get(self.pos).copied()
    }
    pub(super) fn text(&self, t: Token) -> Cow<'a, str> {
        spelling(self.ev.sm, &t)
    }
    pub(super) fn is_punct(&self, p: &str) -> bool {
        self.peek()
            .is_some_and(|t| t.kind == TokenKind::Punct && self.text(t) == p)
    }
    fn is_punct_at(&self, i: usize, p: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|&t| t.kind == TokenKind::Punct && self.text(t) == p)
    }
    fn err<T>(&self, error: EvalError, at: Option<Token>) -> Parsed<T> {
        Err(Located {
            error,
            loc: at.map(|t| t.origin),
        })
    }
    /// The token at the cursor, or the last one (for "expected … at end" errors).
    fn here(&self) -> Option<Token> {
        self.peek().or(self.toks.last().copied())
    }
    pub(super) fn syntax<T>(&self, msg: String) -> Parsed<T> {
        self.err(EvalError::Syntax(msg), self.here())
    }
    pub(super) fn expect(&mut self, p: &str) -> Parsed<()> {
        if self.is_punct(p) {
            self.pos += 1;
            return Ok(());
        }
        match self.peek() {
            Some(t) => {
                let s = self.text(t);
                self.syntax(format!("expected `{p}` before `{s}`"))
            }
            None => self.syntax(format!("expected `{p}` at the end of the expression")),
        }
    }
    pub(super) fn enter(&mut self) -> Parsed<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(EvalError::TooDeep(MAX_DEPTH), self.here());
        }
        Ok(())
    }
    pub(super) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// The whole token list as one expression.
    pub fn full(&mut self) -> Parsed<Value> {
        if self.toks.is_empty() {
            return self.err(EvalError::Empty, None);
        }
        let first = self.peek();
        let v = self.comma(true)?;
        if let Some(t) = self.peek() {
            let s = self.text(t);
            let msg = if s == ")" {
                "unbalanced `)`".to_string()
            } else {
                format!("unexpected `{s}` after the expression")
            };
            return self.syntax(msg);
        }
        match v {
            Operand::Int(v) => Ok(v),
            Operand::Float(..) => {
                self.err(EvalError::NotInteger("floating-point value".into()), first)
            }
            Operand::Pointer => self.err(EvalError::NotInteger("pointer".into()), first),
            Operand::Str(_) => self.err(EvalError::NotInteger("string literal".into()), first),
        }
    }

    fn comma(&mut self, eval: bool) -> Parsed<Operand> {
        let mut v = self.conditional(eval)?;
        while let Some(t) = self.peek().filter(|_| self.is_punct(",")) {
            if eval {
                return self.err(
                    EvalError::NotInteger("comma operator in a constant expression".into()),
                    Some(t),
                );
            }
            self.pos += 1;
            v = self.conditional(eval)?;
        }
        Ok(v)
    }

    pub(super) fn conditional(&mut self, eval: bool) -> Parsed<Operand> {
        let at = self.peek();
        let c = self.binary(0, eval)?;
        if let Some(t) = self.peek()
            && t.kind == TokenKind::Punct
            && is_forbidden_punct(&self.text(t))
        {
            let s = self.text(t);
            return self.err(
                EvalError::Syntax(format!("`{s}` is not allowed in a constant expression")),
                Some(t),
            );
        }
        if !self.is_punct("?") {
            return Ok(c);
        }
        self.enter()?;
        self.pos += 1;
        let truth = self.truth(c, at)?;
        // GNU `c ?: b`.
        let a = if self.is_punct(":") {
            c
        } else {
            self.comma(eval && truth)?
        };
        self.expect(":")?;
        let b = self.conditional(eval && !truth)?;
        self.leave();
        self.common_operand(a, b, truth, at)
    }

    /// The result of `?:`: both branches converted to their common type.
    fn common_operand(
        &self,
        a: Operand,
        b: Operand,
        first: bool,
        at: Option<Token>,
    ) -> Parsed<Operand> {
        Ok(match (a, b) {
            (Operand::Int(x), Operand::Int(y)) => {
                let ty = self.ar.common(x.ty, y.ty);
                let v = if first { x } else { y };
                Operand::Int(self.ar.convert(v, ty))
            }
            (Operand::Float(..) | Operand::Int(_), Operand::Float(..) | Operand::Int(_)) => {
                let kind = float_kind(a).max_kind(float_kind(b));
                Operand::Float(to_f64(if first { a } else { b }), kind)
            }
            _ => return self.err(EvalError::NotInteger("pointer".into()), at),
        })
    }

    /// A cast expression: `(type-name) cast-expression`, or a unary expression.
    pub(super) fn cast(&mut self, eval: bool) -> Parsed<Operand> {
        if self.is_punct("(") && self.type_follows(self.pos + 1) {
            let open = self.peek();
            self.pos += 1;
            let ty = self.type_name()?;
            self.expect(")")?;
            if self.is_punct("{") {
                return self.err(EvalError::NotInteger("compound literal".into()), open);
            }
            if self.peek().is_none() {
                return self.err(EvalError::NotInteger("type name".into()), open);
            }
            if matches!(self.ev.resolve(&ty), CType::Int(_) | CType::Enum(_))
                && let Some(offset) = self.offsetof_idiom_value()
            {
                let size_t = self.ev.target.model.size_t;
                let v = Operand::Int(Value {
                    value: self.ar.wrap(offset?, size_t),
                    ty: size_t,
                });
                return self.convert(v, &ty, open);
            }
            self.enter()?;
            let v = self.cast(eval)?;
            self.leave();
            return self.convert(v, &ty, open);
        }
        self.unary(eval)
    }

    /// Whether a type name starts at token `i`.
    pub(super) fn type_follows(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|&t| {
            t.kind == TokenKind::Ident && starts_type(&self.text(t), &self.ev.decls.typedefs)
        })
    }

    pub(super) fn type_name(&mut self) -> Parsed<CType> {
        let base = self.typeof_specifier()?;
        let mut tp = TypeParser {
            sm: self.ev.sm,
            target: self.ev.target,
            typedefs: &self.ev.decls.typedefs,
            toks: self.toks,
            pos: self.pos,
            depth: self.depth,
        };
        let ty = match base {
            Some(base) => tp.abstract_declarator(base)?,
            None => tp.type_name()?,
        };
        self.pos = tp.pos;
        Ok(ty)
    }

    /// GNU `__typeof__(expression)` or `__typeof__(type-name)` as a whole specifier (the
    /// kernel's `__ALIGN_KERNEL` casts with it): the type, or `None` when the type name does
    /// not start with it. The expression is not evaluated, as in `sizeof`.
    fn typeof_specifier(&mut self) -> Parsed<Option<CType>> {
        let Some(t) = self.peek() else {
            return Ok(None);
        };
        if t.kind != TokenKind::Ident
            || !matches!(&*self.text(t), "__typeof__" | "__typeof" | "typeof")
            || !self.is_punct_at(self.pos + 1, "(")
        {
            return Ok(None);
        }
        self.pos += 2;
        self.enter()?;
        let ty = if self.type_follows(self.pos) {
            self.type_name()?
        } else {
            match self.comma(false)? {
                Operand::Int(v) => CType::Int(v.ty),
                Operand::Float(_, kind) => CType::Float(kind),
                Operand::Pointer => CType::Pointer(Box::new(CType::Void)),
                Operand::Str(_) => {
                    return self.err(
                        EvalError::NotInteger("`__typeof__` of a string literal".into()),
                        Some(t),
                    );
                }
            }
        };
        self.leave();
        self.expect(")")?;
        Ok(Some(ty))
    }

    /// `(ty) v`.
    fn convert(&self, v: Operand, ty: &CType, at: Option<Token>) -> Parsed<Operand> {
        let not_int = |m: &str| self.err(EvalError::NotInteger(m.to_string()), at);
        let resolved = self.ev.resolve(ty);
        let target_int = match resolved {
            CType::Int(t) => *t,
            CType::Enum(tag) => self.ev.enum_type(tag, self.depth).map_err(|e| Located {
                error: e,
                loc: at.map(|t| t.origin),
            })?,
            CType::Float(k) => {
                return match v {
                    Operand::Int(_) | Operand::Float(..) => Ok(Operand::Float(to_f64(v), *k)),
                    _ => not_int("pointer converted to a floating type"),
                };
            }
            CType::Pointer(_) => return Ok(Operand::Pointer),
            CType::Void => return not_int("void expression"),
            CType::Typedef(name) => {
                return self.err(EvalError::UnknownIdentifier(name.clone()), at);
            }
            CType::Array(..) | CType::Function | CType::Record(..) => {
                return self.err(EvalError::Syntax("cast to a non-scalar type".into()), at);
            }
        };
        if target_int.rank == IntRank::Int128 && !target_int.signed {
            return self.err(EvalError::Unsupported("unsigned __int128".into()), at);
        }
        match v {
            Operand::Int(x) => Ok(Operand::Int(self.ar.convert(x, target_int))),
            Operand::Float(f, _) => {
                if target_int.rank == IntRank::Bool {
                    return Ok(int(i128::from(f != 0.0), target_int));
                }
                // gcc saturates out-of-range values (and NaN becomes 0).
                let (lo, hi) = self.ar.range(target_int);
                let t = f.trunc();
                let v = if t.is_nan() {
                    0
                } else if t <= lo as f64 {
                    lo
                } else if t >= hi as f64 {
                    hi
                } else {
                    t as i128
                };
                Ok(int(v, target_int))
            }
            Operand::Pointer | Operand::Str(_) => self.err(
                EvalError::Unsupported("pointer converted to an integer".into()),
                at,
            ),
        }
    }

    fn unary(&mut self, eval: bool) -> Parsed<Operand> {
        let Some(t) = self.peek() else {
            return self.syntax("expected an expression at the end".into());
        };
        let s = self.text(t);
        match t.kind {
            TokenKind::Punct => match &*s {
                "+" | "-" | "~" | "!" => {
                    self.pos += 1;
                    self.enter()?;
                    let v = self.cast(eval)?;
                    self.leave();
                    self.unary_op(&s, v, t)
                }
                "(" => {
                    self.pos += 1;
                    self.enter()?;
                    if self.is_punct(")") {
                        return self.syntax("expected an expression before `)`".into());
                    }
                    let v = self.comma(eval)?;
                    if self.peek().is_none() {
                        return self.err(EvalError::Syntax("unbalanced `(`".into()), Some(t));
                    }
                    self.expect(")")?;
                    self.leave();
                    self.postfix(v)
                }
                // Only a cast to an integer type makes `&((T *)0)->m` an integer (see
                // `cast`); here it is an address.
                "&" if self.offsetof_idiom().is_some() => self.err(
                    EvalError::NotInteger(
                        "address of a member (`&((T *)0)->m` not cast to an integer type)".into(),
                    ),
                    Some(t),
                ),
                "&" | "*" => self.err(
                    EvalError::NotInteger(
                        if &*s == "&" {
                            "address-of"
                        } else {
                            "dereference"
                        }
                        .into(),
                    ),
                    Some(t),
                ),
                _ => self.err(
                    EvalError::Syntax(format!("expected an expression before `{s}`")),
                    Some(t),
                ),
            },
            TokenKind::Number => {
                self.pos += 1;
                let v = self.number(&s, t)?;
                self.postfix(v)
            }
            TokenKind::Char => {
                self.pos += 1;
                let v = self.char_constant(&s, t)?;
                self.postfix(v)
            }
            TokenKind::Str => {
                // Adjacent literals concatenate; the widest prefix decides the element size.
                let (mut unit, mut chars) = (1u64, 0u64);
                while let Some(t) = self.peek().filter(|t| t.kind == TokenKind::Str) {
                    let (u, n) = self.string_chars(&self.text(t));
                    unit = unit.max(u);
                    chars += n;
                    self.pos += 1;
                }
                self.postfix(Operand::Str((chars + 1) * unit))
            }
            TokenKind::Ident => self.identifier(t, &s, eval),
            TokenKind::Unterminated | TokenKind::Other => self.err(
                EvalError::Syntax(format!("stray `{s}` in expression")),
                Some(t),
            ),
        }
    }

    /// Postfix operators are never part of an integer constant expression.
    fn postfix(&mut self, v: Operand) -> Parsed<Operand> {
        if let Some(t) = self.peek()
            && t.kind == TokenKind::Punct
            && matches!(&*self.text(t), "[" | "(" | "." | "->" | "++" | "--")
        {
            let s = self.text(t);
            return self.err(
                EvalError::NotInteger(format!("`{s}` in a constant expression")),
                Some(t),
            );
        }
        Ok(v)
    }

    fn unary_op(&self, op: &str, v: Operand, at: Token) -> Parsed<Operand> {
        Ok(match (op, v) {
            ("+", Operand::Int(x)) => Operand::Int(self.ar.plus(x)),
            ("-", Operand::Int(x)) => Operand::Int(self.ar.unary_minus(x)),
            ("~", Operand::Int(x)) => Operand::Int(self.ar.complement(x)),
            ("!", Operand::Int(x)) => int(i128::from(x.value == 0), IntType::INT),
            ("+", Operand::Float(..)) => v,
            ("-", Operand::Float(f, k)) => Operand::Float(-f, k),
            ("!", Operand::Float(f, _)) => int(i128::from(f == 0.0), IntType::INT),
            ("~", Operand::Float(..)) => {
                return self.err(
                    EvalError::Syntax("`~` on a floating value".into()),
                    Some(at),
                );
            }
            _ => return self.err(EvalError::NotInteger("pointer arithmetic".into()), Some(at)),
        })
    }

    fn number(&self, s: &str, t: Token) -> Parsed<Operand> {
        match literal::parse_number(s) {
            Ok(Number::Float(f)) => {
                let lower = s.to_ascii_lowercase();
                let hex = lower.starts_with("0x");
                let kind = if lower.ends_with('f') && !hex || lower.ends_with("f32") {
                    FloatKind::Float
                } else if lower.ends_with('l') {
                    FloatKind::LongDouble
                } else {
                    FloatKind::Double
                };
                Ok(Operand::Float(f, kind))
            }
            Ok(Number::Int(l)) => match self.ev.literal_type(&l) {
                Some(v) => Ok(Operand::Int(v)),
                None => self.err(
                    EvalError::TooLarge(format!(
                        "integer constant {s} is too large (needs __int128)"
                    )),
                    Some(t),
                ),
            },
            Err(e) => self.err(EvalError::Syntax(e.to_string()), Some(t)),
        }
    }

    fn char_constant(&self, s: &str, t: Token) -> Parsed<Operand> {
        let c = literal::parse_char(s)
            .or_else(|e| self.err(EvalError::Syntax(e.to_string()), Some(t)))?;
        let typed = |predef: &str, fallback: IntType| -> Operand {
            let ty = self.ev.predef_int_type(predef).unwrap_or(fallback);
            let bits = self.ar.bits(ty);
            int(self.ar.wrap(c.wide_value(bits) as i128, ty), ty)
        };
        Ok(match c.prefix {
            CharPrefix::Plain => int(
                c.plain_value(self.ev.target.model.char_signed),
                IntType::INT,
            ),
            CharPrefix::Wide => typed("__WCHAR_TYPE__", IntType::INT),
            CharPrefix::Utf16 => typed(
                "__CHAR16_TYPE__",
                IntType {
                    rank: IntRank::Short,
                    signed: false,
                },
            ),
            CharPrefix::Utf32 => typed("__CHAR32_TYPE__", IntType::UINT),
            CharPrefix::Utf8 => {
                return self.err(EvalError::UnknownIdentifier("u8".into()), Some(t));
            }
        })
    }

    fn identifier(&mut self, t: Token, s: &str, eval: bool) -> Parsed<Operand> {
        match s {
            "sizeof" => return self.size_or_align(t, None),
            "_Alignof" => return self.size_or_align(t, Some(false)),
            "__alignof__" | "__alignof" => return self.size_or_align(t, Some(true)),
            "__extension__" => {
                self.pos += 1;
                self.enter()?;
                let v = self.cast(eval)?;
                self.leave();
                return Ok(v);
            }
            "__builtin_constant_p" => {
                self.pos += 1;
                self.expect("(")?;
                let v = self.comma(false);
                self.expect(")")?;
                let constant = matches!(v, Ok(Operand::Int(_) | Operand::Float(..)));
                return Ok(int(i128::from(constant), IntType::INT));
            }
            "__builtin_offsetof" | "offsetof" => {
                let v = self.offsetof(t)?;
                return self.postfix(v);
            }
            _ => {}
        }
        if let Some(v) = self.ev.enum_values.get(s) {
            self.pos += 1;
            return self.postfix(Operand::Int(*v));
        }
        if starts_type(s, &self.ev.decls.typedefs) {
            return self.err(EvalError::NotInteger("type name".into()), Some(t));
        }
        if self.is_punct_at(self.pos + 1, "(") {
            if !eval {
                // gcc folds `__builtin_constant_p(x) ? ___constant_swab16(x) : __fswab16(x)`
                // (linux/swab.h): a call in an operand that is never evaluated is allowed.
                // Its return type is not known here; `int` is what the headers' small
                // unsigned return types promote to anyway.
                return self.skip_call();
            }
            return self.err(EvalError::NotInteger(format!("call to `{s}`")), Some(t));
        }
        self.err(EvalError::UnknownIdentifier(s.to_string()), Some(t))
    }

    /// `&((struct X *)0)->member`, the classic hand-written offsetof: the record it needs.
    fn offsetof_idiom(&self) -> Option<String> {
        let rest = self.toks.get(self.pos..)?;
        let arrow = rest
            .iter()
            .any(|t| t.kind == TokenKind::Punct && self.text(*t) == "->");
        let kw = rest.iter().position(|t| {
            t.kind == TokenKind::Ident && matches!(&*self.text(*t), "struct" | "union")
        })?;
        let tag = rest.get(kw + 1).filter(|t| t.kind == TokenKind::Ident)?;
        arrow.then(|| format!("{} {}", self.text(rest[kw]), self.text(*tag)))
    }

    /// Steps over `name ( … )` in an unevaluated operand.
    fn skip_call(&mut self) -> Parsed<Operand> {
        let name = self.peek();
        self.pos += 1;
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            self.pos += 1;
            if t.kind == TokenKind::Punct {
                match &*self.text(t) {
                    "(" => depth += 1,
                    ")" => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(int(0, IntType::INT));
                        }
                    }
                    _ => {}
                }
            }
        }
        self.err(EvalError::Syntax("unbalanced `(` in a call".into()), name)
    }

    /// `sizeof` (`align == None`), `_Alignof` (`Some(false)`) or `__alignof__`
    /// (`Some(true)`: gcc's preferred alignment, 8 for `long long` and `double` on i386).
    fn size_or_align(&mut self, kw: Token, align: Option<bool>) -> Parsed<Operand> {
        self.pos += 1;
        let size_t = self.ev.target.model.size_t;
        let r = if self.is_punct("(") && self.type_follows(self.pos + 1) {
            self.pos += 1;
            let ty = self.type_name()?;
            self.expect(")")?;
            if self.is_punct("{") {
                return self.err(EvalError::NotInteger("compound literal".into()), Some(kw));
            }
            self.ev.size_align(&ty, self.depth)
        } else {
            self.enter()?;
            let v = self.unary(false)?;
            self.leave();
            Ok(self.operand_size_align(v))
        };
        let (size, al) = r.or_else(|e| self.err(e, Some(kw)))?;
        let v = match align {
            None => size,
            Some(preferred) => {
                if preferred {
                    al.1
                } else {
                    al.0
                }
            }
        };
        Ok(int(i128::from(v), size_t))
    }

    /// A string literal's element size and element count (escapes decoded, no NUL).
    fn string_chars(&self, s: &str) -> (u64, u64) {
        let size_of = |predef: &str, fallback: u64| {
            self.ev
                .predef_int_type(predef)
                .map_or(fallback, |t| self.ev.target.int_size(t.rank))
        };
        let (unit, body, prefix) = if let Some(r) = s.strip_prefix("u8") {
            (1, r, "")
        } else if let Some(r) = s.strip_prefix('L') {
            (size_of("__WCHAR_TYPE__", 4), r, "L")
        } else if let Some(r) = s.strip_prefix('U') {
            (size_of("__CHAR32_TYPE__", 4), r, "U")
        } else if let Some(r) = s.strip_prefix('u') {
            (size_of("__CHAR16_TYPE__", 2), r, "u")
        } else {
            (1, s, "")
        };
        let inner = body
            .strip_prefix('"')
            .and_then(|b| b.strip_suffix('"'))
            .unwrap_or("");
        // Decode as a character constant of the same prefix: same escapes, same units
        // (bytes for narrow strings, code points for wide ones; UTF-16 surrogates aside).
        let n = literal::parse_char(&format!("{prefix}'{inner}'")).map_or(0, |c| c.chars.len());
        (unit, n as u64)
    }

    /// Size and (C11, preferred) alignments of an operand's type.
    fn operand_size_align(&self, v: Operand) -> (u64, (u64, u64)) {
        let ev = self.ev;
        match v {
            Operand::Int(x) => ev.scalar_size_align(&CType::Int(x.ty)),
            Operand::Float(_, k) => ev.scalar_size_align(&CType::Float(k)),
            Operand::Pointer => ev.scalar_size_align(&CType::Pointer(Box::new(CType::Void))),
            Operand::Str(n) => (n, (1, 1)),
        }
    }
}

/// The binary operators, by the loop both expression parsers share.
impl PrecedenceClimbing for Parser<'_, '_> {
    type Operand = Operand;
    type Error = Located;

    fn current(&self) -> Option<Token> {
        self.peek()
    }
    fn advance(&mut self) {
        self.pos += 1;
    }
    fn spelling_of(&self, t: Token) -> Cow<'_, str> {
        self.text(t)
    }
    fn operand(&mut self, eval: bool) -> Parsed<Operand> {
        self.cast(eval)
    }

    fn truth(&self, v: Operand, at: Option<Token>) -> Parsed<bool> {
        match v {
            Operand::Int(v) => Ok(v.value != 0),
            Operand::Float(f, _) => Ok(f != 0.0),
            Operand::Pointer | Operand::Str(_) => self.err(
                EvalError::NotInteger("pointer used as a condition".into()),
                at,
            ),
        }
    }

    fn apply(&self, op: BinOp, a: Operand, b: Operand, eval: bool, at: Token) -> Parsed<Operand> {
        use BinOp::*;
        match (a, b) {
            (Operand::Int(x), Operand::Int(y)) => self
                .ar
                .binary(op, x, y, eval)
                .map(Operand::Int)
                .or_else(|e| self.err(e, Some(at))),
            (Operand::Float(..) | Operand::Int(_), Operand::Float(..) | Operand::Int(_)) => {
                let (x, y) = (to_f64(a), to_f64(b));
                let kind = float_kind(a).max_kind(float_kind(b));
                let bool_ = |c: bool| Ok(int(i128::from(c), IntType::INT));
                match op {
                    Mul => Ok(Operand::Float(x * y, kind)),
                    Div => Ok(Operand::Float(x / y, kind)),
                    Add => Ok(Operand::Float(x + y, kind)),
                    Sub => Ok(Operand::Float(x - y, kind)),
                    Lt => bool_(x < y),
                    Gt => bool_(x > y),
                    Le => bool_(x <= y),
                    Ge => bool_(x >= y),
                    Eq => bool_(x == y),
                    Ne => bool_(x != y),
                    LogAnd => bool_(x != 0.0 && y != 0.0),
                    LogOr => bool_(x != 0.0 || y != 0.0),
                    Rem | Shl | Shr | BitAnd | BitXor | BitOr => {
                        let s = self.text(at);
                        self.err(
                            EvalError::Syntax(format!(
                                "invalid operands to binary `{s}` (floating)"
                            )),
                            Some(at),
                        )
                    }
                }
            }
            _ => self.err(EvalError::NotInteger("pointer arithmetic".into()), Some(at)),
        }
    }
}

fn to_f64(v: Operand) -> f64 {
    match v {
        Operand::Int(x) => x.value as f64,
        Operand::Float(f, _) => f,
        _ => 0.0,
    }
}

fn float_kind(v: Operand) -> Option<FloatKind> {
    match v {
        Operand::Float(_, k) => Some(k),
        _ => None,
    }
}

trait MaxKind {
    fn max_kind(self, other: Option<FloatKind>) -> FloatKind;
}
impl MaxKind for Option<FloatKind> {
    fn max_kind(self, other: Option<FloatKind>) -> FloatKind {
        let rank = |k: Option<FloatKind>| match k {
            None => 0,
            Some(FloatKind::Float) => 1,
            Some(FloatKind::Double) => 2,
            Some(FloatKind::LongDouble) => 3,
        };
        match rank(self).max(rank(other)) {
            1 => FloatKind::Float,
            3 => FloatKind::LongDouble,
            _ => FloatKind::Double,
        }
    }
}
