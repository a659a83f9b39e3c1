//! `#if` arithmetic (C11 6.10.1): every value is `intmax_t` or `uintmax_t` (64 bits on every
//! Linux target), identifiers left after macro expansion are 0. Semantics follow gcc's cpp
//! (libcpp/expr.cc) where C leaves room:
//! - a character constant is `uintmax_t` when its type is unsigned on the target (one plain
//!   `char` where `char` is unsigned, `L'x'` where `wchar_t` is), else `intmax_t`;
//! - signed overflow wraps (`INT64_MIN / -1` is `INT64_MIN`, `% -1` is 0);
//! - a shift by ≥ 64 gives 0 (or -1 for a negative value shifted right), a negative count
//!   shifts the other way;
//! - a decimal constant too large for `intmax_t` is `uintmax_t` (gcc warns).

use super::ops::{BinOp, MAX_DEPTH, PrecedenceClimbing, is_forbidden_punct};
use crate::ctype::literal::{self, CharPrefix, Number};
use crate::diag::Diagnostic;
use crate::scan::{Token, TokenKind, spelling};
use crate::source::SourceMap;
use crate::target::Target;

/// A `#if` value: 64 bits, signed or unsigned. `v` is in range for its signedness.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PpVal {
    v: i128,
    unsigned: bool,
}

impl PpVal {
    fn new(v: i128, unsigned: bool) -> PpVal {
        let v = if unsigned {
            i128::from(v as u64)
        } else {
            i128::from(v as i64)
        };
        PpVal { v, unsigned }
    }
    fn signed(v: i128) -> PpVal {
        PpVal::new(v, false)
    }
    fn is_true(self) -> bool {
        self.v != 0
    }
}

/// Evaluates `#if` tokens (macros expanded, `defined` replaced). Errors name the offending
/// token's position; an empty expression has no position (the caller knows the `#if`).
pub fn eval(sm: &SourceMap, target: &Target, tokens: &[Token]) -> Result<bool, Diagnostic> {
    if tokens.is_empty() {
        return Err(Diagnostic::error(None, "#if with no expression"));
    }
    let mut p = PpParser {
        sm,
        target,
        toks: tokens,
        pos: 0,
        depth: 0,
    };
    let v = p.comma(true)?;
    if let Some(t) = p.peek() {
        let s = p.text(t);
        let msg = if s == ")" {
            "missing '(' in expression".to_string()
        } else if s == ":" {
            "':' without preceding '?'".to_string()
        } else if (t.kind == TokenKind::Punct && is_forbidden_punct(&s))
            || matches!(
                t.kind,
                TokenKind::Str | TokenKind::Other | TokenKind::Unterminated
            )
        {
            format!("token \"{s}\" is not valid in preprocessor expressions")
        } else {
            format!("missing binary operator before token \"{s}\"")
        };
        return Err(Diagnostic::error(t.origin, msg));
    }
    Ok(v.is_true())
}

struct PpParser<'a> {
    sm: &'a SourceMap,
    target: &'a Target,
    toks: &'a [Token],
    pos: usize,
    depth: usize,
}

impl PpParser<'_> {
    fn peek(&self) -> Option<Token> {
        self.toks.get(self.pos).copied()
    }
    fn text(&self, t: Token) -> std::borrow::Cow<'_, str> {
        spelling(self.sm, &t)
    }
    fn peek_punct(&self, p: &str) -> bool {
        self.peek()
            .is_some_and(|t| t.kind == TokenKind::Punct && self.text(t) == p)
    }
    fn enter(&mut self, at: Token) -> Result<(), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Diagnostic::error(
                at.origin,
                format!("#if expression nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    /// `a , b` (gcc accepts it in `#if`; the value is `b`).
    fn comma(&mut self, eval: bool) -> Result<PpVal, Diagnostic> {
        let mut v = self.conditional(eval)?;
        while self.peek_punct(",") {
            let op = self.toks[self.pos];
            self.pos += 1;
            v = self.operand_after(op, |p| p.conditional(eval))?;
        }
        Ok(v)
    }

    fn conditional(&mut self, eval: bool) -> Result<PpVal, Diagnostic> {
        let c = self.binary(0, eval)?;
        if !self.peek_punct("?") {
            return Ok(c);
        }
        let q = self.toks[self.pos];
        self.enter(q)?;
        self.pos += 1;
        let a = self.operand_after(q, |p| p.comma(eval && c.is_true()))?;
        if !self.peek_punct(":") {
            return Err(Diagnostic::error(q.origin, "'?' without following ':'"));
        }
        let colon = self.toks[self.pos];
        self.pos += 1;
        let b = self.operand_after(colon, |p| p.conditional(eval && !c.is_true()))?;
        self.depth -= 1;
        let unsigned = a.unsigned || b.unsigned;
        let v = if c.is_true() { a.v } else { b.v };
        Ok(PpVal::new(v, unsigned))
    }

    /// Parses an operand that must follow operator `op`.
    fn operand_after(
        &mut self,
        op: Token,
        f: impl FnOnce(&mut Self) -> Result<PpVal, Diagnostic>,
    ) -> Result<PpVal, Diagnostic> {
        if self.peek().is_none() {
            let s = self.text(op).into_owned();
            return Err(Diagnostic::error(
                op.origin,
                format!("operator '{s}' has no right operand"),
            ));
        }
        f(self)
    }

    fn unary(&mut self, eval: bool) -> Result<PpVal, Diagnostic> {
        let Some(t) = self.peek() else {
            // Only reachable after an operator was consumed; operand_after reports it.
            return Err(Diagnostic::error(None, "missing expression in #if"));
        };
        let s = self.text(t).into_owned();
        match t.kind {
            TokenKind::Punct if matches!(s.as_str(), "+" | "-" | "~" | "!") => {
                self.enter(t)?;
                self.pos += 1;
                let v = self.operand_after(t, |p| p.unary(eval))?;
                self.depth -= 1;
                Ok(match s.as_str() {
                    "+" => v,
                    "-" => PpVal::new(v.v.wrapping_neg(), v.unsigned),
                    "~" => PpVal::new(!v.v, v.unsigned),
                    _ => PpVal::signed(i128::from(v.v == 0)),
                })
            }
            TokenKind::Punct if s == "(" => {
                self.enter(t)?;
                self.pos += 1;
                if self.peek_punct(")") {
                    return Err(Diagnostic::error(
                        t.origin,
                        "missing expression between '(' and ')'",
                    ));
                }
                if self.peek().is_none() {
                    return Err(Diagnostic::error(t.origin, "missing ')' in expression"));
                }
                let v = self.comma(eval)?;
                if !self.peek_punct(")") {
                    return Err(match self.peek() {
                        Some(n) => Diagnostic::error(
                            n.origin,
                            format!("missing ')' in expression, found \"{}\"", self.text(n)),
                        ),
                        None => Diagnostic::error(t.origin, "missing ')' in expression"),
                    });
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(v)
            }
            TokenKind::Punct if BinOp::from_punct(&s).is_some() || s == "?" || s == ":" => Err(
                Diagnostic::error(t.origin, format!("operator '{s}' has no left operand")),
            ),
            TokenKind::Punct if s == ")" => {
                Err(Diagnostic::error(t.origin, "missing expression before ')'"))
            }
            TokenKind::Punct if s == "," => Err(Diagnostic::error(
                t.origin,
                "operator ',' has no left operand",
            )),
            TokenKind::Ident => {
                self.pos += 1;
                Ok(PpVal::signed(0))
            }
            TokenKind::Number => {
                self.pos += 1;
                number(&s).map_err(|m| Diagnostic::error(t.origin, m))
            }
            TokenKind::Char => {
                self.pos += 1;
                char_constant(&s, self.target).map_err(|m| Diagnostic::error(t.origin, m))
            }
            TokenKind::Punct if is_forbidden_punct(&s) => Err(Diagnostic::error(
                t.origin,
                format!("token \"{s}\" is not valid in preprocessor expressions"),
            )),
            _ => Err(Diagnostic::error(
                t.origin,
                format!("token \"{s}\" is not valid in preprocessor expressions"),
            )),
        }
    }
}

/// The binary operators, by the loop both expression parsers share.
impl PrecedenceClimbing for PpParser<'_> {
    type Operand = PpVal;
    type Error = Diagnostic;

    fn current(&self) -> Option<Token> {
        self.peek()
    }
    fn advance(&mut self) {
        self.pos += 1;
    }
    fn spelling_of(&self, t: Token) -> std::borrow::Cow<'_, str> {
        self.text(t)
    }
    fn operand(&mut self, eval: bool) -> Result<PpVal, Diagnostic> {
        self.unary(eval)
    }
    fn truth(&self, v: PpVal, _at: Option<Token>) -> Result<bool, Diagnostic> {
        Ok(v.is_true())
    }
    fn apply(
        &self,
        op: BinOp,
        a: PpVal,
        b: PpVal,
        eval: bool,
        at: Token,
    ) -> Result<PpVal, Diagnostic> {
        apply(op, a, b, eval).map_err(|m| Diagnostic::error(at.origin, m))
    }
    /// A missing right operand is an error that names the operator (as gcc does).
    fn right_operand(&mut self, op: Token, prec: u8, eval: bool) -> Result<PpVal, Diagnostic> {
        self.operand_after(op, |p| p.binary(prec, eval))
    }
}

fn number(s: &str) -> Result<PpVal, String> {
    match literal::parse_number(s).map_err(|e| e.to_string())? {
        Number::Float(_) => Err("floating constant in preprocessor expression".into()),
        Number::Int(l) => {
            let v = l
                .value
                .filter(|&v| v <= u128::from(u64::MAX))
                .ok_or("integer constant is too large for its type")?;
            // Too large for intmax_t: uintmax_t (gcc: "so large that it is unsigned").
            let unsigned = l.unsigned || v > i64::MAX as u128;
            Ok(PpVal::new(v as i128, unsigned))
        }
    }
}

fn char_constant(s: &str, target: &Target) -> Result<PpVal, String> {
    let c = literal::parse_char(s).map_err(|e| e.to_string())?;
    let m = &target.model;
    Ok(match c.prefix {
        // A multi-character constant is `int`; one character has plain `char`'s signedness.
        CharPrefix::Plain if c.chars.len() == 1 => {
            PpVal::new(c.plain_value(m.char_signed), !m.char_signed)
        }
        CharPrefix::Plain => PpVal::signed(c.plain_value(m.char_signed)),
        // wchar_t is 32 bits on every Linux target (`int`, `long` or `unsigned int`);
        // char16_t and char32_t are unsigned.
        CharPrefix::Wide if m.wchar_t.signed => {
            PpVal::signed(i128::from(c.wide_value(32) as u32 as i32))
        }
        CharPrefix::Wide => PpVal::new(c.wide_value(32) as i128, true),
        CharPrefix::Utf16 => PpVal::new(c.wide_value(16) as i128, true),
        CharPrefix::Utf32 => PpVal::new(c.wide_value(32) as i128, true),
        CharPrefix::Utf8 => return Err("u8 character constants are C23, not gnu11".into()),
    })
}

/// One binary operation with cpp's semantics. `eval == false`: an operand of a
/// short-circuited operator, where division by zero is not an error.
fn apply(op: BinOp, a: PpVal, b: PpVal, eval: bool) -> Result<PpVal, String> {
    use BinOp::*;
    let unsigned = a.unsigned || b.unsigned;
    // Both operands converted to the common type (uintmax_t wins).
    let (x, y) = (PpVal::new(a.v, unsigned).v, PpVal::new(b.v, unsigned).v);
    let bool_val = |c: bool| Ok(PpVal::signed(i128::from(c)));
    match op {
        Mul => Ok(PpVal::new(x.wrapping_mul(y), unsigned)),
        Add => Ok(PpVal::new(x.wrapping_add(y), unsigned)),
        Sub => Ok(PpVal::new(x.wrapping_sub(y), unsigned)),
        Div | Rem => {
            if y == 0 {
                return if eval {
                    Err("division by zero in #if".into())
                } else {
                    Ok(PpVal::new(0, unsigned))
                };
            }
            // i128 holds INT64_MIN / -1 exactly; PpVal::new wraps it back like gcc.
            let r = if op == Div { x / y } else { x % y };
            Ok(PpVal::new(r, unsigned))
        }
        Shl | Shr => Ok(shift(op == Shl, a, b)),
        Lt => bool_val(x < y),
        Gt => bool_val(x > y),
        Le => bool_val(x <= y),
        Ge => bool_val(x >= y),
        Eq => bool_val(x == y),
        Ne => bool_val(x != y),
        BitAnd => Ok(PpVal::new(x & y, unsigned)),
        BitXor => Ok(PpVal::new(x ^ y, unsigned)),
        BitOr => Ok(PpVal::new(x | y, unsigned)),
        LogAnd => bool_val(a.is_true() && b.is_true()),
        LogOr => bool_val(a.is_true() || b.is_true()),
    }
}

/// Shifts keep the left operand's signedness; a negative (signed) count shifts the other
/// way; counts ≥ 64 shift everything out.
fn shift(left: bool, a: PpVal, b: PpVal) -> PpVal {
    let (left, n) = if !b.unsigned && b.v < 0 {
        (!left, b.v.unsigned_abs())
    } else {
        (left, b.v as u128)
    };
    let n = n.min(64) as u32;
    if left {
        PpVal::new(if n >= 64 { 0 } else { a.v << n }, a.unsigned)
    } else {
        PpVal::new(a.v >> n.min(127), a.unsigned)
    }
}

#[cfg(test)]
mod tests;
