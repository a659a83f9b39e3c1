//! `__builtin_offsetof(type, member-designator)`: the designator is walked here (members,
//! array subscripts); member offsets come from the [`super::Layouts`] hook.

use super::parser::{Operand, Parser};
use super::{EvalError, Located};
use crate::ctype::CType;
use crate::scan::{Token, TokenKind};

impl Parser<'_, '_> {
    /// At the `__builtin_offsetof` keyword `kw`.
    pub(super) fn offsetof(&mut self, kw: Token) -> Result<Operand, Located> {
        self.pos += 1;
        self.expect("(")?;
        let ty = self.type_name()?;
        self.expect(",")?;
        let size_t = self.ev.target.model.size_t;
        let offset = self.designator(ty, kw)?;
        self.expect(")")?;
        Ok(Operand::Int(super::Value {
            value: self.ar.wrap(offset, size_t),
            ty: size_t,
        }))
    }

    /// The index of the `]` closing the subscript that starts at the cursor.
    fn closing_bracket(&self) -> Result<usize, Located> {
        let mut depth = 0usize;
        for (i, t) in self.toks.iter().enumerate().skip(self.pos) {
            if t.kind != TokenKind::Punct {
                continue;
            }
            match &*self.text(*t) {
                "[" | "(" => depth += 1,
                ")" => depth = depth.saturating_sub(1),
                "]" if depth == 0 => return Ok(i),
                "]" => depth -= 1,
                _ => {}
            }
        }
        self.syntax("expected `]` in offsetof".into())
    }

    /// `member(.member | [index])*` at the cursor, inside a record of type `ty`: its offset
    /// in bytes.
    fn designator(&mut self, mut ty: CType, kw: Token) -> Result<i128, Located> {
        let at = |error: EvalError| Located {
            error,
            loc: Some(kw.origin),
        };
        let mut offset: i128 = 0;
        let mut first = true;
        loop {
            if first || self.is_punct(".") {
                if !first {
                    self.pos += 1;
                }
                first = false;
                let Some(name) = self.peek().filter(|t| t.kind == TokenKind::Ident) else {
                    return self.syntax("expected a member name in offsetof".into());
                };
                self.pos += 1;
                let CType::Record(kind, tag) = self.ev.resolve(&ty).clone() else {
                    return Err(at(EvalError::Invalid(
                        "offsetof into a type that is not a struct or union".into(),
                    )));
                };
                let (off, member) = self
                    .ev
                    .layouts
                    .member(self.ev, kind, &tag, &self.text(name), self.depth + 1)
                    .map_err(at)?;
                offset += i128::from(off);
                ty = member;
            } else if self.is_punct("[") {
                self.pos += 1;
                let end = self.closing_bracket()?;
                let index = self
                    .ev
                    .eval_at_depth(&self.toks[self.pos..end], self.depth + 1)?;
                self.pos = end + 1;
                let CType::Array(elem, _) = self.ev.resolve(&ty).clone() else {
                    return Err(at(EvalError::Invalid(
                        "subscript of a member that is not an array".into(),
                    )));
                };
                let (size, _) = self.ev.size_align(&elem, self.depth + 1).map_err(at)?;
                offset += index.value * i128::from(size);
                ty = *elem;
            } else {
                break;
            }
        }
        Ok(offset)
    }

    /// `&((struct X *)0)->member…`, the hand-written offsetof, as the operand of a cast to
    /// an integer type: its offset. `None` (cursor unchanged) when the tokens are not
    /// exactly that shape.
    pub(super) fn offsetof_idiom_value(&mut self) -> Option<Result<i128, Located>> {
        let start = self.pos;
        let kw = self.peek()?;
        let r = self.try_idiom(kw);
        if r.is_none() {
            self.pos = start;
        }
        r
    }

    fn try_idiom(&mut self, kw: Token) -> Option<Result<i128, Located>> {
        if !self.is_punct("&") {
            return None;
        }
        self.pos += 1;
        let mut open = 0usize;
        while self.is_punct("(") && !self.type_follows(self.pos + 1) {
            self.pos += 1;
            open += 1;
        }
        if !self.is_punct("(") {
            return None;
        }
        self.pos += 1;
        let CType::Pointer(pointee) = self.type_name().ok()? else {
            return None;
        };
        if !self.is_punct(")") {
            return None;
        }
        self.pos += 1;
        let zero = self.peek().filter(|t| t.kind == TokenKind::Number)?;
        if self.text(zero) != "0" {
            return None;
        }
        self.pos += 1;
        let mut closed = 0usize;
        while closed < open && self.is_punct(")") {
            self.pos += 1;
            closed += 1;
        }
        if !self.is_punct("->") {
            return None;
        }
        self.pos += 1;
        self.peek().filter(|t| t.kind == TokenKind::Ident)?;
        let offset = self.designator(*pointee, kw);
        while closed < open && self.is_punct(")") {
            self.pos += 1;
            closed += 1;
        }
        (closed == open).then_some(offset)
    }
}
