//! Binary operators of C expressions, their precedence, and the precedence-climbing loop
//! (shared by both parsers: C constant expressions and `#if`).

use crate::scan::{Token, TokenKind};
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    BitAnd,
    BitXor,
    BitOr,
    LogAnd,
    LogOr,
}

impl BinOp {
    /// The operator a punctuator spells and its precedence (higher binds tighter).
    pub fn from_punct(p: &str) -> Option<(BinOp, u8)> {
        use BinOp::*;
        Some(match p {
            "*" => (Mul, 10),
            "/" => (Div, 10),
            "%" => (Rem, 10),
            "+" => (Add, 9),
            "-" => (Sub, 9),
            "<<" => (Shl, 8),
            ">>" => (Shr, 8),
            "<" => (Lt, 7),
            ">" => (Gt, 7),
            "<=" => (Le, 7),
            ">=" => (Ge, 7),
            "==" => (Eq, 6),
            "!=" => (Ne, 6),
            "&" => (BitAnd, 5),
            "^" => (BitXor, 4),
            "|" => (BitOr, 3),
            "&&" => (LogAnd, 2),
            "||" => (LogOr, 1),
            _ => return None,
        })
    }
}

/// Precedence climbing over `BinOp`s, shared by the C expression parser and `#if`'s: the
/// implementor parses operands and applies operators; `binary` decides what binds to what and
/// which right operands are evaluated (`0 && x` does not evaluate `x`).
pub(super) trait PrecedenceClimbing {
    type Operand: Copy;
    type Error;

    /// The token at the cursor, if any.
    fn current(&self) -> Option<Token>;
    /// Moves the cursor past the current token.
    fn advance(&mut self);
    /// The text of token `t`.
    fn spelling_of(&self, t: Token) -> Cow<'_, str>;
    /// An operand of a binary operator (a cast expression in C, a unary one in `#if`).
    fn operand(&mut self, eval: bool) -> Result<Self::Operand, Self::Error>;
    /// Whether `v` (which starts at token `at`) is true: decides whether `&&`'s and `||`'s
    /// right operand is evaluated.
    fn truth(&self, v: Self::Operand, at: Option<Token>) -> Result<bool, Self::Error>;
    /// `a op b`, the operator being token `at`; `eval == false` in a short-circuited operand.
    fn apply(
        &self,
        op: BinOp,
        a: Self::Operand,
        b: Self::Operand,
        eval: bool,
        at: Token,
    ) -> Result<Self::Operand, Self::Error>;

    /// The right operand of operator token `op`: the operators binding tighter than `prec`.
    fn right_operand(
        &mut self,
        _op: Token,
        prec: u8,
        eval: bool,
    ) -> Result<Self::Operand, Self::Error> {
        self.binary(prec, eval)
    }

    /// The operator at the cursor when it binds tighter than `min_prec`.
    fn binop_above(&self, min_prec: u8) -> Option<(Token, BinOp, u8)> {
        let t = self.current().filter(|t| t.kind == TokenKind::Punct)?;
        let (op, prec) = BinOp::from_punct(&self.spelling_of(t))?;
        (prec > min_prec).then_some((t, op, prec))
    }

    /// A binary expression of the operators binding tighter than `min_prec`.
    fn binary(&mut self, min_prec: u8, eval: bool) -> Result<Self::Operand, Self::Error> {
        let at = self.current();
        let mut lhs = self.operand(eval)?;
        while let Some((t, op, prec)) = self.binop_above(min_prec) {
            self.advance();
            let rhs_eval = match op {
                BinOp::LogAnd => eval && self.truth(lhs, at)?,
                BinOp::LogOr => eval && !self.truth(lhs, at)?,
                _ => eval,
            };
            let rhs = self.right_operand(t, prec, rhs_eval)?;
            lhs = self.apply(op, lhs, rhs, eval, t)?;
        }
        Ok(lhs)
    }
}

/// Punctuators that can never appear in a constant expression (assignment, `++`, …).
pub fn is_forbidden_punct(p: &str) -> bool {
    matches!(
        p,
        "=" | "*="
            | "/="
            | "%="
            | "+="
            | "-="
            | "<<="
            | ">>="
            | "&="
            | "^="
            | "|="
            | "++"
            | "--"
            | "->"
            | "."
            | "{"
            | "}"
            | "["
            | "]"
            | ";"
            | "..."
            | "#"
            | "##"
            | "%:"
            | "%:%:"
            | "<:"
            | ":>"
            | "<%"
            | "%>"
    )
}

/// Deepest nesting of parentheses and unary operators `#if` accepts.
pub const MAX_DEPTH: usize = 256;

/// The same for C expressions, whose parser uses more stack per level (types, casts,
/// `sizeof` of arrays whose lengths are expressions): 128 levels stay far within a 2 MiB
/// thread stack even in a debug build.
pub const EXPR_MAX_DEPTH: usize = 128;
