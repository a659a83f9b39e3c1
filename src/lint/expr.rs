//! The small integer expressions a C file writes around its tables: designators
//! (`[F_SETLK]`, `[_IOC_NR(DRM_IOCTL_VERSION)]`), offsets, case labels and the `#if`s
//! inside an initializer. Names are looked up in the constants deftab read from the
//! headers; an unknown name makes the expression unresolved (never a guess).

use super::find::Tok;
use crate::scan::TokenKind;

/// What the expressions can ask about names.
pub trait Names {
    /// The value of a constant.
    fn value(&self, name: &str) -> Option<i128>;
    /// Whether a macro is defined (`defined X`, `#ifdef X`).
    fn defined(&self, name: &str) -> bool;
}

/// Why an expression has no value: the first name or token it could not use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved(pub String);

/// The value of `toks`; in `#if` mode (`cond`) an unknown name that is not a defined
/// macro is 0, as the preprocessor has it.
pub fn eval(toks: &[Tok], names: &dyn Names, cond: bool) -> Result<i128, Unresolved> {
    let mut p = Parser {
        toks,
        i: 0,
        names,
        cond,
    };
    let v = p.binary(0)?;
    if p.i != toks.len() {
        return Err(Unresolved(format!("`{}`", toks[p.i].text)));
    }
    Ok(v)
}

struct Parser<'a> {
    toks: &'a [Tok],
    i: usize,
    names: &'a dyn Names,
    cond: bool,
}

/// Binary operators by precedence (higher binds tighter).
fn precedence(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "|" => 3,
        "^" => 4,
        "&" => 5,
        "==" | "!=" => 6,
        "<" | ">" | "<=" | ">=" => 7,
        "<<" | ">>" => 8,
        "+" | "-" => 9,
        "*" | "/" | "%" => 10,
        _ => return None,
    })
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i)
    }

    fn expect(&mut self, text: &str) -> Result<(), Unresolved> {
        match self.peek() {
            Some(t) if t.is(text) => {
                self.i += 1;
                Ok(())
            }
            Some(t) => Err(Unresolved(format!(
                "`{}` where `{text}` was expected",
                t.text
            ))),
            None => Err(Unresolved(format!("the end where `{text}` was expected"))),
        }
    }

    fn binary(&mut self, min: u8) -> Result<i128, Unresolved> {
        let mut left = self.unary()?;
        while let Some(t) = self.peek() {
            let Some(p) = precedence(&t.text).filter(|&p| p > min && t.kind == TokenKind::Punct)
            else {
                break;
            };
            let op = t.text.clone();
            self.i += 1;
            let right = self.binary(p)?;
            left = apply(&op, left, right)?;
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<i128, Unresolved> {
        let t = self
            .peek()
            .ok_or_else(|| Unresolved("an empty expression".into()))?
            .clone();
        self.i += 1;
        match t.text.as_str() {
            "-" => Ok(self.unary()?.wrapping_neg()),
            "+" => self.unary(),
            "!" => Ok(i128::from(self.unary()? == 0)),
            "~" => Ok(!self.unary()?),
            "(" => {
                let v = self.binary(0)?;
                self.expect(")")?;
                Ok(v)
            }
            "defined" => self.defined(),
            _ => match t.kind {
                TokenKind::Number => number(&t.text),
                TokenKind::Ident if self.peek().is_some_and(|n| n.is("(")) => self.call(&t.text),
                TokenKind::Ident => match self.names.value(&t.text) {
                    Some(v) => Ok(v),
                    None if self.cond && !self.names.defined(&t.text) => Ok(0),
                    None => Err(Unresolved(t.text.clone())),
                },
                _ => Err(Unresolved(format!("`{}`", t.text))),
            },
        }
    }

    /// `defined X`, `defined(X)`.
    fn defined(&mut self) -> Result<i128, Unresolved> {
        let paren = self.peek().is_some_and(|t| t.is("("));
        if paren {
            self.i += 1;
        }
        let name = self
            .peek()
            .filter(|t| t.kind == TokenKind::Ident)
            .ok_or_else(|| Unresolved("`defined` without a name".into()))?
            .text
            .clone();
        self.i += 1;
        if paren {
            self.expect(")")?;
        }
        Ok(i128::from(self.names.defined(&name)))
    }

    /// The macros of `<asm/ioctl.h>` and `<linux/log2.h>` tables use in designators.
    fn call(&mut self, name: &str) -> Result<i128, Unresolved> {
        self.expect("(")?;
        let v = self.binary(0)?;
        self.expect(")")?;
        match name {
            // _IOC_NRSHIFT is 0 and _IOC_NRBITS 8 on every architecture.
            "_IOC_NR" => Ok(v & 0xff),
            "ilog2" if v > 0 => Ok(127 - i128::from(v.leading_zeros() as u8)),
            _ => Err(Unresolved(format!("{name}(…)"))),
        }
    }
}

fn apply(op: &str, a: i128, b: i128) -> Result<i128, Unresolved> {
    let bool_ = |c: bool| i128::from(c);
    Ok(match op {
        "||" => bool_(a != 0 || b != 0),
        "&&" => bool_(a != 0 && b != 0),
        "|" => a | b,
        "^" => a ^ b,
        "&" => a & b,
        "==" => bool_(a == b),
        "!=" => bool_(a != b),
        "<" => bool_(a < b),
        ">" => bool_(a > b),
        "<=" => bool_(a <= b),
        ">=" => bool_(a >= b),
        "<<" if (0..127).contains(&b) => a.wrapping_shl(b as u32),
        ">>" if (0..127).contains(&b) => a >> b,
        "+" => a.wrapping_add(b),
        "-" => a.wrapping_sub(b),
        "*" => a.wrapping_mul(b),
        "/" if b != 0 => a / b,
        "%" if b != 0 => a % b,
        _ => return Err(Unresolved(format!("{a} {op} {b}"))),
    })
}

/// A C integer literal (suffixes ignored).
fn number(text: &str) -> Result<i128, Unresolved> {
    let t = text.trim_end_matches(['u', 'U', 'l', 'L']);
    let parsed = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i128::from_str_radix(h, 16)
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        i128::from_str_radix(b, 2)
    } else if t.len() > 1 && t.starts_with('0') {
        i128::from_str_radix(&t[1..], 8)
    } else {
        t.parse()
    };
    parsed.map_err(|_| Unresolved(format!("`{text}`")))
}
