//! The expressions a C file writes around its tables — designators (`[F_SETLK]`,
//! `[_IOC_NR(TCGETS)]`, `[1U << 31]`), offsets (`F_LINUX_SPECIFIC_BASE`), sizes, case
//! labels and the `#if`s inside an initializer — evaluated by deftab's own evaluator in the
//! unit of the header the table mirrors: expanded with the unit's final macros, then
//! evaluated with the target's types (`evaluate::Evaluator`), or as `#if` arithmetic
//! (`evaluate::eval_pp_condition`). So they mean what they mean to the compiler of the C
//! file. A name the unit does not know leaves the expression unresolved (never a guess).
//!
//! One function tables use comes from no uapi header: `ilog2` (the kernel's
//! `linux/log2.h`), computed here on its evaluated argument. `_IOC_NR` comes from the unit
//! (`asm/ioctl.h`); where the unit does not include it, its argument's low 8 bits
//! (`_IOC_NRSHIFT` is 0 and `_IOC_NRBITS` 8 on every architecture).

use super::find::Tok;
use super::known::Known;
use crate::constant::ConstKind;
use crate::evaluate::{EnumValues, EvalError, Evaluator};
use crate::header::Session;
use crate::layout::LayoutEngine;
use crate::scan::{self, Token, TokenKind};
use std::collections::HashMap;

/// Why an expression has no value: the name the unit does not know, or what went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved(pub String);

/// Evaluates a table's expressions in one header's unit, for one target (each distinct
/// expression once).
pub struct Exprs<'s> {
    session: &'s mut Session,
    known: &'s Known,
    layouts: LayoutEngine,
    cache: HashMap<(String, bool), Result<i128, Unresolved>>,
}

impl<'s> Exprs<'s> {
    pub fn new(session: &'s mut Session, known: &'s Known) -> Exprs<'s> {
        let pragmas = known.unit.preprocessed.pack_pragmas.clone();
        Exprs {
            session,
            known,
            layouts: LayoutEngine::with_pack_pragmas(pragmas),
            cache: HashMap::new(),
        }
    }

    pub fn known(&self) -> &'s Known {
        self.known
    }

    /// The value of `toks` as a C integer constant expression.
    pub fn value(&mut self, toks: &[Tok]) -> Result<i128, Unresolved> {
        self.cached(toks, false)
    }

    /// Whether the `#if` condition `toks` holds (`defined`, unknown names are 0).
    pub fn condition(&mut self, toks: &[Tok]) -> Result<bool, Unresolved> {
        self.cached(toks, true).map(|v| v != 0)
    }

    fn cached(&mut self, toks: &[Tok], cond: bool) -> Result<i128, Unresolved> {
        let key = (spelled(toks), cond);
        if let Some(v) = self.cache.get(&key) {
            return v.clone();
        }
        let v = self.compute(toks, cond);
        self.cache.insert(key, v.clone());
        v
    }

    fn compute(&mut self, toks: &[Tok], cond: bool) -> Result<i128, Unresolved> {
        let toks = self.fold_functions(toks, cond)?;
        if toks.is_empty() {
            return Err(Unresolved("an empty expression".into()));
        }
        let toks = if cond {
            self.decide_defined(&toks)?
        } else {
            toks
        };
        let text = spelled(&toks);
        let sm = &mut self.session.sm;
        let file = sm.add_virtual("<table expression>", text.clone());
        let scanned =
            scan::scan(file, &text).map_err(|_| Unresolved(format!("`{text}`: a comment")))?;
        let macros = &self.known.unit.preprocessed.macros;
        let mut expanded = self
            .session
            .preprocessor
            .expand(&mut self.session.sm, macros, &scanned)
            .map_err(|d| Unresolved(format!("`{text}`: {}", d.message)))?;
        if cond {
            let zero = self.zero_token();
            for t in &mut expanded {
                if t.kind == TokenKind::Ident {
                    *t = zero;
                }
            }
            let sm = &self.session.sm;
            return crate::evaluate::eval_pp_condition(sm, self.session.target, &expanded)
                .map(i128::from)
                .map_err(|d| Unresolved(format!("`{text}`: {}", d.message)));
        }
        let ev = Evaluator {
            sm: &self.session.sm,
            target: self.session.target,
            decls: &self.known.unit.decls,
            enum_values: self.enum_values(&expanded),
            layouts: &self.layouts,
        };
        match ev.eval(&expanded) {
            Ok(v) => Ok(v.value),
            Err(e) => Err(match e.error {
                EvalError::UnknownIdentifier(name) => Unresolved(name),
                other => Unresolved(format!("`{text}`: {other}")),
            }),
        }
    }

    /// The enumerators the expanded tokens name, with their values.
    fn enum_values(&self, toks: &[Token]) -> EnumValues<'s> {
        let known: &'s Known = self.known;
        let mut out = EnumValues::default();
        for t in toks.iter().filter(|t| t.kind == TokenKind::Ident) {
            let name = scan::spelling(&self.session.sm, t);
            if let Some((_, c)) = known.get(&name)
                && c.kind == ConstKind::Enumerator
                && let Ok(v) = &c.value
            {
                out.insert(c.name.as_str(), *v);
            }
        }
        out
    }

    /// A `0` token, for the names `#if` arithmetic reads as 0.
    fn zero_token(&mut self) -> Token {
        let file = self
            .session
            .sm
            .add_virtual("<table expression>", "0".into());
        scan::scan(file, "0").expect("no comment")[0]
    }

    /// `defined X` and `defined(X)` replaced by 1 or 0, as the preprocessor does before
    /// expanding a condition.
    fn decide_defined(&self, toks: &[Tok]) -> Result<Vec<Tok>, Unresolved> {
        let mut out = Vec::with_capacity(toks.len());
        let mut i = 0;
        while i < toks.len() {
            if !(toks[i].kind == TokenKind::Ident && toks[i].text == "defined") {
                out.push(toks[i].clone());
                i += 1;
                continue;
            }
            let paren = toks.get(i + 1).is_some_and(|t| t.is("("));
            let at = if paren { i + 2 } else { i + 1 };
            let name = toks
                .get(at)
                .filter(|t| t.kind == TokenKind::Ident)
                .ok_or_else(|| Unresolved("`defined` without a name".into()))?;
            if paren && !toks.get(at + 1).is_some_and(|t| t.is(")")) {
                return Err(Unresolved("`defined(` without `)`".into()));
            }
            let value = u8::from(self.known.defined(&name.text));
            out.push(number(value.into(), &toks[i]));
            i = at + 1 + usize::from(paren);
        }
        Ok(out)
    }

    /// `ilog2(X)` (and `_IOC_NR(X)` where the unit has no such macro) replaced by their
    /// value.
    fn fold_functions(&mut self, toks: &[Tok], cond: bool) -> Result<Vec<Tok>, Unresolved> {
        let mut out = Vec::with_capacity(toks.len());
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            let builtin = t.kind == TokenKind::Ident
                && (t.text == "ilog2" || (t.text == "_IOC_NR" && !self.known.defined("_IOC_NR")))
                && toks.get(i + 1).is_some_and(|n| n.is("("));
            if !builtin {
                out.push(t.clone());
                i += 1;
                continue;
            }
            let close = matching_paren(toks, i + 1)
                .ok_or_else(|| Unresolved(format!("`{}(` without `)`", t.text)))?;
            let arg = self.cached(&toks[i + 2..close], cond)?;
            let v = match t.text.as_str() {
                "ilog2" if arg > 0 => 127 - i128::from(arg.leading_zeros()),
                "ilog2" => return Err(Unresolved(format!("ilog2({arg})"))),
                _ => arg & 0xff,
            };
            out.push(number(v, t));
            i = close + 1;
        }
        Ok(out)
    }
}

/// The index of the `)` matching the `(` at `open`.
fn matching_paren(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(open) {
        if t.is("(") {
            depth += 1;
        } else if t.is(")") {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
        }
    }
    None
}

/// A number token standing where `at` was.
fn number(v: i128, at: &Tok) -> Tok {
    let text = if v < 0 {
        format!("({v})")
    } else {
        v.to_string()
    };
    Tok {
        kind: TokenKind::Number,
        text,
        ..at.clone()
    }
}

/// The tokens as C text (one space between each).
fn spelled(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
