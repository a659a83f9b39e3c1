//! C integer arithmetic on [`Value`]s for a target: conversions, promotions, the usual
//! arithmetic conversions and every operator, folded the way gcc folds constants.
//!
//! What gcc does where C11 says "undefined" (checked in the tests against gcc 12):
//! - signed overflow (`INT_MAX + 1`, `INT_MIN / -1`, `2 << 31`) wraps to the type's width
//!   (gcc warns with -Woverflow / -Wshift-overflow but the result is still a constant);
//!   `INT_MIN % -1` is 0;
//! - a shift count ≥ the width gives 0 (`<<`, or `>>` of a non-negative value) or -1 (`>>`
//!   of a negative value), still a constant;
//! - a negative shift count makes the expression non-constant (an error here) unless the
//!   left operand is 0, or -1 shifted right; counts ≥ 2^31 are refused too (gcc's
//!   verdict on them depends on the operand types in ways not worth mimicking);
//! - a floating value converted to an integer type saturates (`(unsigned char)300.0` is
//!   255, `(int)1e100` is `INT_MAX`);
//! - a comma operator makes an expression non-constant (outside unevaluated operands);
//! - division by zero is non-constant, except in an unevaluated operand.

use super::ops::BinOp;
use super::{EvalError, Value};
use crate::ctype::{IntRank, IntType};
use crate::target::Target;

pub struct Arith<'t> {
    pub target: &'t Target,
}

impl Arith<'_> {
    /// Width in bits (`_Bool`: 1).
    pub fn bits(&self, ty: IntType) -> u32 {
        match ty.rank {
            IntRank::Bool => 1,
            r => self.target.int_bits(r),
        }
    }

    /// Reduces `v` modulo 2^width into `ty`'s range (`_Bool`: any non-zero is 1).
    pub fn wrap(&self, v: i128, ty: IntType) -> i128 {
        if ty.rank == IntRank::Bool {
            return i128::from(v != 0);
        }
        let bits = self.bits(ty);
        if bits >= 128 {
            return v;
        }
        let shift = 128 - bits;
        if ty.signed {
            (v << shift) >> shift
        } else {
            ((v as u128) << shift >> shift) as i128
        }
    }

    pub fn convert(&self, v: Value, ty: IntType) -> Value {
        Value {
            value: self.wrap(v.value, ty),
            ty,
        }
    }

    /// Smallest and largest values of `ty`.
    pub fn range(&self, ty: IntType) -> (i128, i128) {
        let bits = self.bits(ty).min(127);
        if ty.rank == IntRank::Bool {
            (0, 1)
        } else if ty.signed {
            (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
        } else {
            (0, (1i128 << bits) - 1)
        }
    }

    pub fn fits(&self, v: i128, ty: IntType) -> bool {
        self.wrap(v, ty) == v
    }

    /// Integer promotions (C11 6.3.1.1p2): anything narrower than `int` becomes `int`
    /// (`int` is wider than `short` on every Linux target).
    pub fn promote(&self, ty: IntType) -> IntType {
        if ty.rank < IntRank::Int {
            IntType::INT
        } else {
            ty
        }
    }

    /// The usual arithmetic conversions (C11 6.3.1.8) with the target's widths.
    pub fn common(&self, a: IntType, b: IntType) -> IntType {
        let (a, b) = (self.promote(a), self.promote(b));
        if a == b {
            return a;
        }
        if a.signed == b.signed {
            return if a.rank >= b.rank { a } else { b };
        }
        let (s, u) = if a.signed { (a, b) } else { (b, a) };
        if u.rank >= s.rank {
            u
        } else if self.bits(s) > self.bits(u) {
            s
        } else {
            IntType {
                rank: s.rank,
                signed: false,
            }
        }
    }

    pub fn unary_minus(&self, v: Value) -> Value {
        let ty = self.promote(v.ty);
        Value {
            value: self.wrap(v.value.wrapping_neg(), ty),
            ty,
        }
    }

    pub fn complement(&self, v: Value) -> Value {
        let ty = self.promote(v.ty);
        Value {
            value: self.wrap(!v.value, ty),
            ty,
        }
    }

    pub fn plus(&self, v: Value) -> Value {
        self.convert(v, self.promote(v.ty))
    }

    /// `a op b` for every binary operator except `&&`/`||`. `evaluated == false`: an
    /// operand that is not evaluated (short-circuit), where division by zero is no error.
    pub fn binary(
        &self,
        op: BinOp,
        a: Value,
        b: Value,
        evaluated: bool,
    ) -> Result<Value, EvalError> {
        use BinOp::*;
        if matches!(op, Shl | Shr) {
            return self.shift(op == Shl, a, b, evaluated);
        }
        let ty = self.common(a.ty, b.ty);
        let (x, y) = (self.wrap(a.value, ty), self.wrap(b.value, ty));
        let int = |c: bool| Value {
            value: i128::from(c),
            ty: IntType::INT,
        };
        let v = match op {
            Mul => x.wrapping_mul(y),
            Add => x.wrapping_add(y),
            Sub => x.wrapping_sub(y),
            Div | Rem => {
                if y == 0 {
                    if evaluated {
                        return Err(EvalError::DivisionByZero);
                    }
                    0
                } else if op == Div {
                    // Exact in i128 for ≤ 64-bit types; INT_MIN / -1 then wraps like gcc.
                    x.wrapping_div(y)
                } else {
                    x.wrapping_rem(y)
                }
            }
            BitAnd => x & y,
            BitXor => x ^ y,
            BitOr => x | y,
            Lt => return Ok(int(x < y)),
            Gt => return Ok(int(x > y)),
            Le => return Ok(int(x <= y)),
            Ge => return Ok(int(x >= y)),
            Eq => return Ok(int(x == y)),
            Ne => return Ok(int(x != y)),
            LogAnd => return Ok(int(x != 0 && y != 0)),
            LogOr => return Ok(int(x != 0 || y != 0)),
            Shl | Shr => unreachable!("handled above"),
        };
        Ok(Value {
            value: self.wrap(v, ty),
            ty,
        })
    }

    /// Shifts: the result has the promoted left operand's type (C11 6.5.7p3). A count ≥
    /// the width shifts everything out (gcc folds it, with a warning). Negative counts
    /// and counts ≥ 2^31 are non-constant for gcc in most cases (exactly which depends on
    /// its folding order), so they are refused here, except the cases gcc folds whatever
    /// the count (`0 << n`, `-1 >> n`).
    fn shift(&self, left: bool, a: Value, b: Value, evaluated: bool) -> Result<Value, EvalError> {
        let ty = self.promote(a.ty);
        let x = self.wrap(a.value, ty);
        let count = b.value;
        if !(0..1 << 31).contains(&count) {
            if x == 0 || (!left && x == -1) {
                return Ok(Value { value: x, ty });
            }
            if evaluated {
                let what = if count < 0 { "negative" } else { "huge" };
                return Err(EvalError::Invalid(format!("shift by a {what} count")));
            }
            return Ok(Value { value: 0, ty });
        }
        let n = count as u32;
        let v = if n >= self.bits(ty) {
            if !left && x < 0 { -1 } else { 0 }
        } else if left {
            x << n
        } else {
            x >> n
        };
        Ok(Value {
            value: self.wrap(v, ty),
            ty,
        })
    }
}
