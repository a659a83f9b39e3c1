//! Conditional inclusion (C11 6.10.1): `#if`, `#ifdef`, `#ifndef`, `#elif`, `#else`,
//! `#endif`, the `defined`/`__has_*` operators, and skipping groups.

use super::MacroEvent;
use super::builtin;
use super::unit::{Cond, UnitPreprocessor, is_hash, is_punct};
use crate::diag::Diagnostic;
use crate::scan::{self, Token, TokenKind};
use crate::source::Loc;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum IfKind {
    If,
    Ifdef,
    Ifndef,
}

impl UnitPreprocessor<'_> {
    /// `#if`, `#ifdef`, `#ifndef`: `line` is the whole directive line.
    pub fn do_if(&mut self, kind: IfKind, line: &[Token]) -> Result<(), Diagnostic> {
        let hash = line[0];
        let rest = &line[2..];
        let value = match kind {
            IfKind::If => self.eval_condition(&line[1], rest)?,
            IfKind::Ifdef | IfKind::Ifndef => {
                let word = if kind == IfKind::Ifdef {
                    "#ifdef"
                } else {
                    "#ifndef"
                };
                match rest.first() {
                    Some(t) if t.kind == TokenKind::Ident => {
                        if rest.len() > 1 {
                            self.out.diagnostics.push(Diagnostic::warning(
                                rest[1].origin,
                                format!("extra tokens at end of {word} directive"),
                            ));
                        }
                        self.is_defined(t) == (kind == IfKind::Ifdef)
                    }
                    _ => {
                        self.out.diagnostics.push(Diagnostic::error(
                            line[1].origin,
                            format!("no macro name given in {word} directive"),
                        ));
                        false
                    }
                }
            }
        };
        let opening = self.text_between(&hash, &line[line.len() - 1]);
        if let Some(f) = self.includes.frames.last_mut() {
            f.conds.push(Cond {
                loc: hash.origin,
                opening: opening.clone(),
                taken: value,
                else_seen: false,
            });
        }
        if !value {
            self.skip_group(&opening, hash.origin);
        }
        Ok(())
    }

    /// `#elif`, `#else`, `#endif`.
    pub fn do_else(&mut self, word: &str, line: &[Token]) -> Result<(), Diagnostic> {
        let hash = line[0];
        let text = self.text_between(&hash, &line[line.len() - 1]);
        let Some(cond) = self.includes.frames.last().and_then(|f| f.conds.last()) else {
            let d = Diagnostic::error(hash.origin, format!("#{word} without #if"));
            return Err(self.with_chain(d));
        };
        let (taken, else_seen) = (cond.taken, cond.else_seen);
        if word == "endif" {
            if let Some(f) = self.includes.frames.last_mut() {
                f.conds.pop();
            }
            return Ok(());
        }
        if else_seen {
            let d = Diagnostic::error(hash.origin, format!("#{word} after #else"))
                .with_note(format!("the conditional began with `{}`", cond.opening));
            return Err(self.with_chain(d));
        }
        let is_else = word == "else";
        let value = if taken {
            false
        } else if is_else {
            true
        } else {
            self.eval_condition(&line[1], &line[2..])?
        };
        let mut reason = text;
        if let Some(c) = self
            .includes
            .frames
            .last_mut()
            .and_then(|f| f.conds.last_mut())
        {
            c.else_seen = is_else;
            c.taken |= value;
            if is_else {
                reason = format!("{} … #else", c.opening);
            }
        }
        if !value {
            self.skip_group(&reason, hash.origin);
        }
        Ok(())
    }

    /// Whether an identifier names a macro for `defined`/`#ifdef`.
    fn is_defined(&mut self, t: &Token) -> bool {
        let name = scan::spelling(self.sm, t);
        super::memo::lookup(&self.macros, &mut self.recordings, &name).is_some()
            || builtin::dynamic(&name).is_some()
            || builtin::is_operator_name(&name)
    }

    /// Evaluates an `#if`/`#elif` expression. Errors in it are reported and make it false.
    fn eval_condition(&mut self, directive: &Token, expr: &[Token]) -> Result<bool, Diagnostic> {
        if expr.is_empty() {
            self.out.diagnostics.push(Diagnostic::error(
                directive.origin,
                "#if with no expression",
            ));
            return Ok(false);
        }
        self.expansion.in_if = true;
        let expanded = self.expand_isolated(expr.to_vec());
        self.expansion.in_if = false;
        let expanded = expanded?;
        match crate::evaluate::eval_pp_condition(self.sm, self.target, &expanded) {
            Ok(v) => Ok(v),
            Err(d) => {
                self.out.diagnostics.push(d);
                Ok(false)
            }
        }
    }

    /// `defined X`, `__has_include(…)`… in `#if`: the `0`/`1` they stand for, or `None`
    /// if `name` is no operator.
    pub fn if_operator(&mut self, name: &str, tok: &Token) -> Result<Option<Token>, Diagnostic> {
        let value = match name {
            "defined" => {
                let mut t = self.next_raw()?;
                let paren = t.is_some_and(|t| is_punct(self.sm, &t, "("));
                if paren {
                    t = self.next_raw()?;
                }
                let ok = t.filter(|t| t.kind == TokenKind::Ident);
                let value = ok.is_some_and(|t| self.is_defined(&t));
                let closed = !paren || {
                    let c = self.next_raw()?;
                    c.is_some_and(|c| is_punct(self.sm, &c, ")"))
                };
                if ok.is_none() || !closed {
                    self.out.diagnostics.push(Diagnostic::error(
                        tok.origin,
                        "operator `defined` requires an identifier (`defined X` or `defined(X)`)",
                    ));
                }
                value
            }
            "__has_include" | "__has_include_next" => {
                let arg = self.operator_arg(name, tok)?;
                let arg = match arg.first() {
                    Some(t) if t.kind == TokenKind::Str || is_punct(self.sm, t, "<") => arg,
                    _ => self.expand_isolated(arg)?,
                };
                match self.header_name(&arg) {
                    Some((header, angle)) => {
                        let next = name == "__has_include_next";
                        self.find_include(&header, angle, next).is_some()
                    }
                    None => {
                        self.out.diagnostics.push(Diagnostic::error(
                            tok.origin,
                            format!("operator `{name}` requires a header name"),
                        ));
                        false
                    }
                }
            }
            "__has_attribute" | "__has_cpp_attribute" | "__has_builtin" => {
                let arg = self.operator_arg(name, tok)?;
                let ident = arg
                    .iter()
                    .rev()
                    .find(|t| t.kind == TokenKind::Ident)
                    .map(|t| scan::spelling(self.sm, t).into_owned());
                let Some(ident) = ident else {
                    self.out.diagnostics.push(Diagnostic::error(
                        tok.origin,
                        format!("operator `{name}` requires an identifier"),
                    ));
                    return Ok(Some(self.number(false, tok)));
                };
                let n = if name == "__has_builtin" {
                    u32::from(builtin::has_builtin(&ident))
                } else {
                    builtin::has_attribute(&ident)
                };
                if n > 1 {
                    let span = self.sm.append_scratch(self.scratch.file, &n.to_string());
                    return Ok(Some(Token {
                        kind: TokenKind::Number,
                        span,
                        origin: tok.origin,
                        flags: tok.flags & Token::SPACE_BEFORE,
                    }));
                }
                n == 1
            }
            _ => return Ok(None),
        };
        Ok(Some(self.number(value, tok)))
    }

    /// The raw tokens inside `name ( … )`.
    fn operator_arg(&mut self, name: &str, tok: &Token) -> Result<Vec<Token>, Diagnostic> {
        let open = self.next_raw()?;
        if !open.is_some_and(|t| is_punct(self.sm, &t, "(")) {
            if let Some(t) = open {
                self.expansion.lookahead.push(t);
            }
            self.out.diagnostics.push(Diagnostic::error(
                tok.origin,
                format!("missing `(` after `{name}`"),
            ));
            return Ok(vec![]);
        }
        let mut depth = 0usize;
        let mut arg = vec![];
        while let Some(t) = self.next_raw()? {
            if is_punct(self.sm, &t, "(") {
                depth += 1;
            } else if is_punct(self.sm, &t, ")") {
                if depth == 0 {
                    return Ok(arg);
                }
                depth -= 1;
            }
            arg.push(t);
        }
        self.out.diagnostics.push(Diagnostic::error(
            tok.origin,
            format!("missing `)` after `{name}(`"),
        ));
        Ok(arg)
    }

    fn number(&self, value: bool, tok: &Token) -> Token {
        Token {
            kind: TokenKind::Number,
            span: if value {
                self.scratch.one
            } else {
                self.scratch.zero
            },
            origin: tok.origin,
            flags: tok.flags & Token::SPACE_BEFORE,
        }
    }

    /// Skips a group whose condition is false, up to the `#elif`/`#else`/`#endif` that
    /// ends it (left unread). Garbage is fine here; `#define`s are recorded as inactive.
    pub fn skip_group(&mut self, condition: &str, condition_loc: Loc) {
        let Some(f) = self.includes.frames.last() else {
            return;
        };
        let tokens = f.tokens.clone();
        let mut i = f.pos;
        let mut depth = 0usize;
        while i < tokens.len() {
            let t = &tokens[i];
            if t.at_bol()
                && is_hash(self.sm, t)
                && let Some(d) = tokens.get(i + 1).filter(|d| !d.at_bol())
            {
                match self.sm.text(d.span) {
                    "if" | "ifdef" | "ifndef" => depth += 1,
                    "endif" if depth == 0 => break,
                    "endif" => depth -= 1,
                    "elif" | "else" if depth == 0 => break,
                    "define" => {
                        if let Some(n) = tokens
                            .get(i + 2)
                            .filter(|n| !n.at_bol() && n.kind == TokenKind::Ident)
                        {
                            self.out.history.push(MacroEvent::Inactive {
                                name: scan::spelling(self.sm, n).into_owned(),
                                loc: n.origin,
                                condition: condition.to_string(),
                                condition_loc,
                            });
                        }
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        if let Some(f) = self.includes.frames.last_mut() {
            f.pos = i;
        }
    }
}
