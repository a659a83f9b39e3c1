//! A direct path for the shapes most constants have: integer and plain character literals,
//! enum constants, parentheses, unary `+ - ~ !` and the binary operators, folded with the
//! same [`Arith`] as the parser. Any other operand (a cast, `sizeof`, a name that is no enum
//! constant) is read by the parser's own `cast`, so an ioctl number's `sizeof(long)` costs
//! no more than it did; what neither takes (`?:`, a comma, an operand that is no integer)
//! and every error go to the parser, which then reads the expression from the start. For
//! what this path accepts, both give the same value and type (`header.rs`'s tests compare
//! them on the constants of every installed linux/*.h).
//!
//! It exists because the parser's recursive descent (`comma → conditional → binary → cast
//! → unary → postfix`, a spelling comparison at each level) costs more than the arithmetic
//! for the literal, the reference to another constant or the shift and or of two that
//! most constants are.

use super::arith::Arith;
use super::ops::{BinOp, EXPR_MAX_DEPTH};
use super::parser::{Operand, Parser};
use super::typename::starts_type;
use super::{Evaluator, Value};
use crate::ctype::IntType;
use crate::ctype::literal::{self, CharPrefix, Number};
use crate::scan::{Token, TokenKind};

/// The value of `tokens` (an expression nested `depth` deep), or `None` when the parser
/// must decide.
pub(super) fn eval(ev: &Evaluator, tokens: &[Token], depth: usize) -> Option<Value> {
    let mut f = Fast {
        ev,
        toks: tokens,
        pos: 0,
        depth,
        gave_up: false,
    };
    let v = f.binary(0, true)?;
    (f.pos == tokens.len()).then_some(v)
}

struct Fast<'e, 'a> {
    ev: &'e Evaluator<'a>,
    toks: &'e [Token],
    pos: usize,
    /// Nesting as the parser counts it (parentheses, unary operators).
    depth: usize,
    /// The parser failed on an operand: the whole expression is the parser's (no retry
    /// at each enclosing parenthesis).
    gave_up: bool,
}

impl<'a> Fast<'_, 'a> {
    fn arith(&self) -> Arith<'a> {
        Arith {
            target: self.ev.target,
        }
    }

    /// The spelling of token `i` when it has no line splice (a spliced one is the parser's).
    fn text(&self, i: usize) -> Option<(TokenKind, &'a str)> {
        let t = self.toks.get(i)?;
        if t.has(Token::SPLICED) {
            return None;
        }
        Some((t.kind, self.ev.sm.text(t.span)))
    }

    /// The binary operator at the cursor when it binds tighter than `min_prec`.
    fn binop_above(&self, min_prec: u8) -> Option<(BinOp, u8)> {
        match self.text(self.pos) {
            Some((TokenKind::Punct, p)) => {
                BinOp::from_punct(p).filter(|&(_, prec)| prec > min_prec)
            }
            _ => None,
        }
    }

    /// As `PrecedenceClimbing::binary`: `&&` and `||` evaluate their right operand only
    /// when the left one does not decide.
    fn binary(&mut self, min_prec: u8, eval: bool) -> Option<Value> {
        let mut lhs = self.unary(eval)?;
        while let Some((op, prec)) = self.binop_above(min_prec) {
            self.pos += 1;
            let rhs_eval = match op {
                BinOp::LogAnd => eval && lhs.value != 0,
                BinOp::LogOr => eval && lhs.value == 0,
                _ => eval,
            };
            let rhs = self.binary(prec, rhs_eval)?;
            lhs = self.arith().binary(op, lhs, rhs, eval).ok()?;
        }
        // What may follow an operand here: an operator of lower precedence, `)`, the end.
        match self.text(self.pos) {
            None if self.pos == self.toks.len() => Some(lhs),
            Some((TokenKind::Punct, ")")) => Some(lhs),
            Some((TokenKind::Punct, p)) if BinOp::from_punct(p).is_some() => Some(lhs),
            _ => None,
        }
    }

    /// An operand of a binary operator (the parser's cast expression).
    fn unary(&mut self, eval: bool) -> Option<Value> {
        if self.gave_up {
            return None;
        }
        let start = self.pos;
        let (kind, s) = self.text(start)?;
        let direct = match kind {
            TokenKind::Number => match literal::parse_number(s) {
                Ok(Number::Int(l)) => self.ev.literal_type(&l),
                _ => None,
            },
            TokenKind::Char => match literal::parse_char(s) {
                Ok(c) if c.prefix == CharPrefix::Plain => Some(Value {
                    value: c.plain_value(self.ev.target.model.char_signed),
                    ty: IntType::INT,
                }),
                _ => None,
            },
            TokenKind::Ident if !is_keyword(s) => self.ev.enum_values.get(s).copied(),
            TokenKind::Punct if matches!(s, "(" | "+" | "-" | "~" | "!") => {
                // The parser's limit, and where it would stop, this path gives up before.
                if self.depth + 1 >= EXPR_MAX_DEPTH {
                    self.gave_up = true;
                    return None;
                }
                self.pos += 1;
                self.depth += 1;
                let v = self.nested(s, eval);
                self.depth -= 1;
                match v {
                    Some(v) => return Some(v),
                    None if self.gave_up => return None,
                    None => None,
                }
            }
            _ => None,
        };
        match direct {
            Some(v) => {
                self.pos = start + 1;
                Some(v)
            }
            None => {
                self.pos = start;
                self.parsed_operand(eval)
            }
        }
    }

    /// After the `(` or unary operator `op`.
    fn nested(&mut self, op: &str, eval: bool) -> Option<Value> {
        if op == "(" {
            // `(type) x` is a cast: the parser's.
            if let Some((TokenKind::Ident, word)) = self.text(self.pos)
                && starts_type(word, &self.ev.decls.typedefs)
            {
                return None;
            }
            let v = self.binary(0, eval)?;
            return match self.text(self.pos) {
                Some((TokenKind::Punct, ")")) => {
                    self.pos += 1;
                    Some(v)
                }
                _ => None,
            };
        }
        let x = self.unary(eval)?;
        let ar = self.arith();
        Some(match op {
            "+" => ar.plus(x),
            "-" => ar.unary_minus(x),
            "~" => ar.complement(x),
            _ => Value {
                value: i128::from(x.value == 0),
                ty: IntType::INT,
            },
        })
    }

    /// The operand at the cursor read by the parser; an error or an operand that is no
    /// integer leaves the whole expression to it.
    fn parsed_operand(&mut self, eval: bool) -> Option<Value> {
        let mut p = Parser {
            ev: self.ev,
            ar: self.arith(),
            toks: self.toks,
            pos: self.pos,
            depth: self.depth,
        };
        match p.cast(eval) {
            Ok(Operand::Int(v)) => {
                self.pos = p.pos;
                Some(v)
            }
            _ => {
                self.gave_up = true;
                None
            }
        }
    }
}

/// Identifiers the parser reads as operators or keywords before it looks for an enum
/// constant of that name.
fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "sizeof"
            | "_Alignof"
            | "__alignof__"
            | "__alignof"
            | "__extension__"
            | "__builtin_constant_p"
            | "__builtin_offsetof"
            | "offsetof"
    )
}
