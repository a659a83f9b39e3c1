//! Directive dispatch and the simple directives: `#define`, `#undef`, `#line`, `#error`,
//! `#warning`, `#pragma`, `#ident`.

use super::condition::IfKind;
use super::unit::{UnitPreprocessor, is_hash, is_punct};
use super::{MacroDef, MacroEvent};
use crate::diag::Diagnostic;
use crate::scan::{Token, TokenKind};
use std::rc::Rc;

impl UnitPreprocessor<'_> {
    /// Handles the directive whose `#` is at the current position of the current file.
    pub fn directive(&mut self) -> Result<(), Diagnostic> {
        let Some(f) = self.includes.frames.last_mut() else {
            return Ok(());
        };
        let tokens = f.tokens.clone();
        let start = f.pos;
        let mut end = start + 1;
        while end < tokens.len() && !tokens[end].at_bol() {
            end += 1;
        }
        f.pos = end;
        let line = &tokens[start..end];
        let Some(word) = line.get(1) else {
            return Ok(()); // the null directive
        };
        if word.kind == TokenKind::Number {
            return self.do_line(line, 1); // GNU line marker `# 12 "file"`
        }
        match &*self.spell(word) {
            "define" => self.do_define(line),
            "undef" => self.do_undef(line),
            "include" => self.do_include(line, false, false),
            "include_next" => self.do_include(line, true, false),
            "import" => self.do_include(line, false, true),
            "if" => self.do_if(IfKind::If, line),
            "ifdef" => self.do_if(IfKind::Ifdef, line),
            "ifndef" => self.do_if(IfKind::Ifndef, line),
            "elif" => self.do_else("elif", line),
            "else" => self.do_else("else", line),
            "endif" => self.do_else("endif", line),
            "line" => self.do_line(line, 2),
            "error" | "warning" => {
                let is_error = self.spell(word) == "error";
                let message = match line.get(2) {
                    Some(first) => self.text_between(first, &line[line.len() - 1]),
                    None => String::new(),
                };
                let text = format!("#{} {message}", if is_error { "error" } else { "warning" });
                let d = if is_error {
                    Diagnostic::error(line[0].origin, text)
                } else {
                    Diagnostic::warning(line[0].origin, text)
                };
                let d = self.with_chain(d);
                self.poison_recordings(0); // the note names the includers
                self.out.diagnostics.push(d);
                Ok(())
            }
            "pragma" => {
                self.pragma(&line[2..], line[0].origin);
                Ok(())
            }
            // Version-control strings and assertions: no effect on macros or constants.
            "ident" | "sccs" | "assert" | "unassert" => Ok(()),
            other => {
                let d = Diagnostic::error(
                    word.origin,
                    format!("invalid preprocessing directive #{other}"),
                );
                self.out.diagnostics.push(d);
                Ok(())
            }
        }
    }

    fn do_undef(&mut self, line: &[Token]) -> Result<(), Diagnostic> {
        let Some(name) = line.get(2).filter(|t| t.kind == TokenKind::Ident) else {
            self.out.diagnostics.push(Diagnostic::error(
                line[1].origin,
                "macro names must be identifiers",
            ));
            return Ok(());
        };
        let n = self.spell(name).into_owned();
        if line.len() > 3 {
            self.out.diagnostics.push(Diagnostic::warning(
                line[3].origin,
                "extra tokens at end of #undef directive",
            ));
        }
        self.write_macro(&n, None);
        self.out.history.push(MacroEvent::Undef {
            name: n,
            loc: name.origin,
        });
        Ok(())
    }

    fn do_define(&mut self, line: &[Token]) -> Result<(), Diagnostic> {
        match self.cached_define(line) {
            Ok(def) => {
                if let Some(old) = self.lookup(&def.name)
                    && !self.same_definition(&old, &def)
                {
                    let p = self.sm.position(old.loc);
                    let d = Diagnostic::warning(def.loc, format!("`{}` redefined", def.name))
                        .with_note(format!(
                            "previous definition at {}:{}",
                            p.path.display(),
                            p.line
                        ));
                    self.out.diagnostics.push(d);
                }
                self.write_macro(&def.name, Some(def.clone()));
                self.out.history.push(MacroEvent::Define(def));
            }
            Err(d) => self.out.diagnostics.push(d),
        }
        Ok(())
    }

    /// [`UnitPreprocessor::parse_define`], remembered across units: a `#define` line of a file always
    /// parses to the same macro (shared headers are re-read by every unit). A line with an
    /// unterminated literal is parsed each time, for its per-unit diagnostic.
    fn cached_define(&mut self, line: &[Token]) -> Result<Rc<MacroDef>, Diagnostic> {
        let key = (line[0].span.file, line[0].span.start);
        if let Some(found) = self.cache.defines.get(&key) {
            return found.clone();
        }
        let def = self.parse_define(line).map(Rc::new);
        // The main file's lines are not kept: most headers are no other unit's include, and
        // their macros are most of a run's (memory, not speed: a unit reads a line once).
        if self.includes.frames.len() > 1 && !line.iter().any(|t| t.kind == TokenKind::Unterminated)
        {
            self.cache.defines.insert(key, def.clone());
        }
        def
    }

    /// Parses `# define NAME[(params)] body`; `Err` is a diagnostic (the directive is
    /// then ignored, as gcc does).
    fn parse_define(&mut self, line: &[Token]) -> Result<MacroDef, Diagnostic> {
        let name_tok = self.define_name(line)?;
        let (params, body_start) = match line.get(3) {
            Some(t) if is_punct(self.sm, t, "(") && !t.space_before() => {
                self.parameter_list(line, name_tok)?
            }
            _ => (Parameters::default(), 3),
        };
        let body: Vec<Token> = line[body_start.min(line.len())..].to_vec();
        self.check_body(&body, &params)?;
        for t in &body {
            if t.kind == TokenKind::Unterminated {
                self.unterminated_literal(t);
            }
        }
        let text = match (body.first(), body.last()) {
            (Some(a), Some(b)) => self.text_between(a, b),
            _ => String::new(),
        };
        Ok(MacroDef {
            name: self.spell(&name_tok).into_owned(),
            params: params.names,
            variadic: params.variadic,
            named_variadic: params.named_variadic,
            body,
            loc: name_tok.origin,
            text,
            plan: Default::default(),
        })
    }

    /// The macro name of a `#define` line: an identifier other than `defined`.
    fn define_name(&self, line: &[Token]) -> Result<Token, Diagnostic> {
        let Some(&name_tok) = line.get(2).filter(|t| t.kind == TokenKind::Ident) else {
            let at = line.get(2).unwrap_or(&line[1]).origin;
            return Err(Diagnostic::error(at, "macro names must be identifiers"));
        };
        if self.spell(&name_tok) == "defined" {
            return Err(Diagnostic::error(
                name_tok.origin,
                "`defined` cannot be used as a macro name",
            ));
        }
        Ok(name_tok)
    }

    /// The parameter list whose `(` is `line[3]`, and where the body starts after its `)`.
    fn parameter_list(
        &self,
        line: &[Token],
        name_tok: Token,
    ) -> Result<(Parameters, usize), Diagnostic> {
        let mut params = Parameters {
            names: Some(vec![]),
            ..Parameters::default()
        };
        let names = params.names.get_or_insert_default();
        let mut i = 4;
        loop {
            let Some(t) = line.get(i) else {
                return Err(Diagnostic::error(
                    name_tok.origin,
                    "missing `)` in macro parameter list",
                ));
            };
            i += 1;
            if names.is_empty() && is_punct(self.sm, t, ")") {
                break;
            }
            if is_punct(self.sm, t, "...") {
                params.variadic = true;
            } else if t.kind == TokenKind::Ident {
                names.push(self.parameter_name(t, names)?);
                if line.get(i).is_some_and(|n| is_punct(self.sm, n, "...")) {
                    params.variadic = true;
                    params.named_variadic = true;
                    i += 1;
                }
            } else {
                return Err(Diagnostic::error(
                    t.origin,
                    format!("expected a parameter name, found `{}`", self.spell(t)),
                ));
            }
            match line.get(i) {
                Some(n) if is_punct(self.sm, n, ")") => {
                    i += 1;
                    break;
                }
                Some(n) if is_punct(self.sm, n, ",") && !params.variadic => i += 1,
                _ => {
                    return Err(Diagnostic::error(
                        line.get(i).unwrap_or(t).origin,
                        "expected `,` or `)` in macro parameter list",
                    ));
                }
            }
        }
        Ok((params, i))
    }

    /// Parameter `t`, which must not repeat an earlier one or be `__VA_ARGS__`.
    fn parameter_name(&self, t: &Token, earlier: &[String]) -> Result<String, Diagnostic> {
        let p = self.spell(t).into_owned();
        if earlier.contains(&p) || p == "__VA_ARGS__" {
            return Err(Diagnostic::error(
                t.origin,
                format!("`{p}` cannot be a parameter name here"),
            ));
        }
        Ok(p)
    }

    /// 6.10.3.3p1 and 6.10.3.2p1: no `##` at either end of the body, and in a function-like
    /// macro every `#` is followed by a parameter.
    fn check_body(&self, body: &[Token], params: &Parameters) -> Result<(), Diagnostic> {
        if let (Some(first), Some(last)) = (body.first(), body.last())
            && (is_punct(self.sm, first, "##") || is_punct(self.sm, last, "##"))
        {
            return Err(Diagnostic::error(
                first.origin,
                "`##` cannot appear at either end of a macro expansion",
            ));
        }
        if params.names.is_none() {
            return Ok(());
        }
        for (k, t) in body.iter().enumerate() {
            let param = body
                .get(k + 1)
                .filter(|n| n.kind == TokenKind::Ident && params.names_parameter(&self.spell(n)));
            if is_hash(self.sm, t) && param.is_none() {
                return Err(Diagnostic::error(
                    t.origin,
                    "`#` is not followed by a macro parameter",
                ));
            }
        }
        Ok(())
    }

    /// 6.10.3p2: same parameters, same tokens, same white-space separation.
    fn same_definition(&self, a: &MacroDef, b: &MacroDef) -> bool {
        a.params == b.params
            && a.variadic == b.variadic
            && a.body.len() == b.body.len()
            && a.body.iter().zip(&b.body).enumerate().all(|(i, (x, y))| {
                self.spell(x) == self.spell(y) && (i == 0 || x.space_before() == y.space_before())
            })
    }

    /// `#line N ["file"]` and `# N "file" flags`; `at` is where the number is.
    fn do_line(&mut self, line: &[Token], at: usize) -> Result<(), Diagnostic> {
        let rest = line[at.min(line.len())..].to_vec();
        let args = match rest.first() {
            Some(t) if t.kind == TokenKind::Number => rest,
            _ => self.expand_isolated(rest)?,
        };
        let number = args
            .first()
            .filter(|t| t.kind == TokenKind::Number)
            .and_then(|t| self.spell(t).parse::<i64>().ok());
        let Some(number) = number else {
            self.out.diagnostics.push(Diagnostic::error(
                line[0].origin,
                "#line expects a line number",
            ));
            return Ok(());
        };
        let name = args.get(1).filter(|t| t.kind == TokenKind::Str).map(|t| {
            let s = self.spell(t);
            s.trim_start_matches('"').trim_end_matches('"').to_string()
        });
        let last = line[line.len() - 1];
        let next_line = i64::from(self.sm.line(last.span.loc())) + 1;
        if let Some(f) = self.includes.frames.last_mut() {
            f.line_delta = number - next_line;
            if name.is_some() {
                f.presumed_name = name;
            }
        }
        Ok(())
    }
}

impl UnitPreprocessor<'_> {
    /// A pragma's tokens (after `#pragma`, or from `_Pragma`): `once` and `pack` matter;
    /// other pragmas (GCC system_header, diagnostics, warnings…) do not affect constants.
    pub(super) fn pragma(&mut self, words: &[Token], at: crate::source::Loc) {
        if words.len() == 1
            && self.spell(&words[0]) == "once"
            && let Some(f) = self.includes.frames.last()
        {
            let file = f.file;
            self.mark_once(file);
        }
        if !words.is_empty() && self.spell(&words[0]) == "pack" {
            self.pack_pragma(&words[1..], at);
        }
    }

    /// `#pragma pack(…)` (`args`: the tokens after `pack`); a malformed one is ignored with
    /// a warning, as gcc does.
    fn pack_pragma(&mut self, args: &[Token], at: crate::source::Loc) {
        let words: Vec<String> = args.iter().map(|t| self.spell(t).into_owned()).collect();
        let inner = match words.as_slice() {
            [open, inner @ .., close] if open == "(" && close == ")" => inner,
            _ => &[][..],
        };
        let number = |w: &String| w.parse::<u64>().ok().filter(|n| n.is_power_of_two());
        let items: Vec<&String> = inner.iter().filter(|w| *w != ",").collect();
        let pragma = match items.as_slice() {
            _ if words.len() < 2 => None,
            [] => Some(super::PackPragma::Set(None)),
            [n] if number(n).is_some() => Some(super::PackPragma::Set(number(n))),
            [w, rest @ ..] if *w == "push" => match rest.last() {
                None => Some(super::PackPragma::Push(None)),
                Some(n) if number(n).is_some() => Some(super::PackPragma::Push(number(n))),
                Some(_) if rest.len() == 1 => Some(super::PackPragma::Push(None)),
                Some(_) => None,
            },
            [w, ..] if *w == "pop" => Some(super::PackPragma::Pop),
            _ => None,
        };
        match pragma {
            Some(p) => {
                let n = self.out.tokens.len();
                self.out.pack_pragmas.push((n, p));
            }
            None => {
                let d = Diagnostic::warning(at, "malformed `#pragma pack`: ignored");
                let d = self.with_chain(d);
                self.poison_recordings(0); // the note names the includers
                self.out.diagnostics.push(d);
            }
        }
    }
}

/// The parameters of a `#define` as parsed (`names` is `None` for an object-like macro).
#[derive(Default)]
struct Parameters {
    names: Option<Vec<String>>,
    variadic: bool,
    /// GNU `args...`: the last name takes the variable arguments.
    named_variadic: bool,
}

impl Parameters {
    /// Whether `word` names a parameter in the body (`__VA_ARGS__` in a `...` macro).
    fn names_parameter(&self, word: &str) -> bool {
        self.names.iter().flatten().any(|p| p == word)
            || (self.variadic && !self.named_variadic && word == "__VA_ARGS__")
    }
}
