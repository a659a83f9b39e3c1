//! Macro expansion (C11 6.10.3), gcc's way: a stack of expansion contexts. A macro is
//! disabled while its context is on the stack; its name met then is painted
//! [`Token::NO_EXPAND`] for good (6.10.3.4p2), so recursion always terminates.

use super::MacroDef;
use super::builtin::{self, Dynamic};
use super::memo;
use super::unit::{UnitPreprocessor, is_hash, is_punct};
use crate::diag::Diagnostic;
use crate::scan::{self, Token, TokenKind};
use crate::source::Span;
use std::rc::Rc;

/// The state of macro expansion in a unit.
#[derive(Default)]
pub struct ExpansionState {
    pub contexts: Vec<Context>,
    /// Tokens read ahead (looking for the `(` of a function-like macro) and given back.
    pub lookahead: Vec<Token>,
    /// The next value of `__COUNTER__`.
    pub counter: u64,
    /// Reading a function-like macro's `(` or arguments (an `#include` met then is not
    /// at top level).
    pub arg_reading: u32,
    /// Tokens produced by the current outermost expansion (reset when it is done).
    pub expanded: usize,
    /// Evaluating an `#if`: `defined` and `__has_*` are operators.
    pub in_if: bool,
    /// Substitute arguments as written, unexpanded (step-wise expansion, `steps`).
    pub lazy_args: bool,
}

/// What substitution needs to know of each token of a macro's replacement list, worked
/// out at the macro's first expansion instead of spelling its tokens at every one.
#[derive(Clone, Default)]
pub struct BodyPlan(std::cell::OnceCell<Rc<Plan>>);

/// Derived from the body: equal whenever the bodies are.
impl PartialEq for BodyPlan {
    fn eq(&self, _: &BodyPlan) -> bool {
        true
    }
}

impl Eq for BodyPlan {}

impl std::fmt::Debug for BodyPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BodyPlan")
    }
}

pub struct Plan {
    slots: Vec<Slot>,
    /// Some `##`: without one, an object-like macro's substitution is a copy of its body.
    pastes: bool,
}

/// One body token: what it is to substitution (`#`, `##`, `,`, `__VA_OPT__`) and which
/// parameter it names.
#[derive(Clone, Copy)]
struct Slot {
    class: u8,
    param: u32,
}

impl Slot {
    const HASH: u8 = 1;
    const PASTE: u8 = 2;
    const COMMA: u8 = 4;
    const VA_OPT: u8 = 8;
    const NONE: u32 = u32::MAX;

    fn param(self) -> Option<usize> {
        (self.param != Slot::NONE).then_some(self.param as usize)
    }
}

/// Marks an empty argument next to `##` (6.10.3.3p2); never leaves substitution.
const PLACEMARKER: u8 = 0x80;

/// Tokens being read: a macro's expansion, or (`barrier`) a sequence expanded on its own
/// (a macro argument, an `#if` line) whose end must not be read past.
pub struct Context {
    pub tokens: Vec<Token>,
    pub pos: usize,
    pub mac: Option<Rc<MacroDef>>,
    pub barrier: bool,
    /// The tokens are a memoized expansion (`objlike`): no macro names, nothing to expand.
    pub done: bool,
}

impl UnitPreprocessor<'_> {
    /// The next token before expansion: given-back tokens, then contexts, then the file.
    pub fn next_raw(&mut self) -> Result<Option<Token>, Diagnostic> {
        if let Some(t) = self.expansion.lookahead.pop() {
            return Ok(Some(t));
        }
        while let Some(c) = self.expansion.contexts.last_mut() {
            if let Some(&t) = c.tokens.get(c.pos) {
                c.pos += 1;
                return Ok(Some(t));
            }
            if c.barrier {
                return Ok(None);
            }
            self.expansion.contexts.pop();
        }
        self.next_file_token()
    }

    fn is_disabled(&self, m: &Rc<MacroDef>) -> bool {
        self.expansion
            .contexts
            .iter()
            .any(|c| c.mac.as_ref().is_some_and(|x| Rc::ptr_eq(x, m)))
    }

    /// The next fully macro-expanded token.
    pub fn next_expanded(&mut self) -> Result<Option<Token>, Diagnostic> {
        loop {
            if self.expansion.lookahead.is_empty()
                && let Some(c) = self.expansion.contexts.last_mut()
                && c.done
                && let Some(&t) = c.tokens.get(c.pos)
            {
                c.pos += 1;
                return Ok(Some(t));
            }
            let Some(mut tok) = self.next_raw()? else {
                return Ok(None);
            };
            if tok.kind != TokenKind::Ident || tok.has(Token::NO_EXPAND) {
                return Ok(Some(tok));
            }
            let (mac, special) = {
                let name = scan::spelling(self.sm, &tok);
                match memo::lookup(&self.macros, &mut self.recordings, &name) {
                    Some(m) => (Some(m), None),
                    None if name.starts_with("__")
                        || name == "_Pragma"
                        || (self.expansion.in_if && name == "defined") =>
                    {
                        (None, Some(name.into_owned()))
                    }
                    None => return Ok(Some(tok)),
                }
            };
            let Some(m) = mac else {
                let name = special.unwrap_or_default();
                if name == "_Pragma" {
                    match self.pragma_operator(&tok)? {
                        Some(t) => return Ok(Some(t)),
                        None => continue,
                    }
                }
                if self.expansion.in_if
                    && let Some(t) = self.if_operator(&name, &tok)?
                {
                    return Ok(Some(t));
                }
                return Ok(Some(match builtin::dynamic(&name) {
                    Some(d) => self.dynamic(d, &tok),
                    None => tok,
                }));
            };
            if self.expansion.in_if && m.name == "defined" {
                // `defined` is an operator in #if even if someone defined it.
                if let Some(t) = self.if_operator("defined", &tok)? {
                    return Ok(Some(t));
                }
            }
            if self.is_disabled(&m) {
                tok.flags |= Token::NO_EXPAND;
                return Ok(Some(tok));
            }
            if !m.is_function_like() && self.objects.is_some() && self.push_memoized(&m, &tok) {
                continue;
            }
            let args = if m.is_function_like() {
                self.expansion.arg_reading += 1;
                let next = self.next_raw();
                self.expansion.arg_reading -= 1;
                match next? {
                    Some(t) if is_punct(self.sm, &t, "(") => {}
                    Some(t) => {
                        self.expansion.lookahead.push(t);
                        return Ok(Some(tok));
                    }
                    None => return Ok(Some(tok)),
                }
                self.expansion.arg_reading += 1;
                let args = self.collect_args(&m, &tok);
                self.expansion.arg_reading -= 1;
                match args? {
                    Some(args) => args,
                    None => return Ok(Some(tok)),
                }
            } else {
                vec![]
            };
            if self.expansion.contexts.len() >= self.opts.limits.expansion_depth {
                return Err(Diagnostic::error(
                    tok.origin,
                    format!(
                        "macro expansion nested more than {} levels deep (expanding `{}`)",
                        self.opts.limits.expansion_depth, m.name
                    ),
                ));
            }
            let tokens = self.substitute(&m, &tok, &args)?;
            self.expansion.expanded += tokens.len();
            if self.expansion.expanded > self.opts.limits.expansion_tokens {
                return Err(Diagnostic::error(
                    tok.origin,
                    format!(
                        "macro expansion produces more than {} tokens (expanding `{}`)",
                        self.opts.limits.expansion_tokens, m.name
                    ),
                ));
            }
            self.expansion.contexts.push(Context {
                tokens,
                pos: 0,
                mac: Some(m),
                barrier: false,
                done: false,
            });
        }
    }

    /// Pushes the memoized expansion of the object-like `m` used as `tok`, if there is one
    /// and the expander would give the same: none of the macros it expanded is disabled
    /// here, and neither the nesting nor the token limit is reached on the way.
    fn push_memoized(&mut self, m: &Rc<MacroDef>, tok: &Token) -> bool {
        let Some(objects) = self.objects.as_deref_mut() else {
            return false;
        };
        let Some(memo) = objects.nested(self.sm, &self.macros, &m.name) else {
            return false;
        };
        let contexts = &self.expansion.contexts;
        let disabled = contexts.iter().any(|c| {
            c.mac
                .as_ref()
                .is_some_and(|x| memo.used.contains(&Rc::as_ptr(x)))
        });
        let limits = &self.opts.limits;
        if disabled
            || contexts.len() + memo.depth > limits.expansion_depth
            || self.expansion.expanded + memo.work > limits.expansion_tokens
        {
            return false;
        }
        self.expansion.expanded += memo.work;
        let mut tokens = memo.tokens.clone();
        for t in &mut tokens {
            t.origin = tok.origin;
        }
        if let Some(first) = tokens.first_mut() {
            first.flags = (first.flags & !Token::SPACE_BEFORE) | (tok.flags & Token::SPACE_BEFORE);
        }
        self.expansion.contexts.push(Context {
            tokens,
            pos: 0,
            mac: None,
            barrier: false,
            done: true,
        });
        true
    }

    /// Expands a token sequence on its own, to its end.
    pub fn expand_isolated(&mut self, tokens: Vec<Token>) -> Result<Vec<Token>, Diagnostic> {
        // Expansions are rarely shorter than what they expand.
        let mut out = Vec::with_capacity(tokens.len());
        self.expansion.contexts.push(Context {
            tokens,
            pos: 0,
            mac: None,
            barrier: true,
            done: false,
        });
        while let Some(t) = self.next_expanded()? {
            out.push(t);
        }
        self.expansion.contexts.pop();
        Ok(out)
    }

    /// Reads the arguments after `NAME (`. `None` (after a diagnostic) if their number is
    /// wrong: the invocation is then left unexpanded, as gcc does.
    fn collect_args(
        &mut self,
        m: &Rc<MacroDef>,
        name: &Token,
    ) -> Result<Option<Vec<Vec<Token>>>, Diagnostic> {
        let arity = m.arity();
        let mut args: Vec<Vec<Token>> = vec![vec![]];
        let mut depth = 0usize;
        loop {
            let Some(mut t) = self.next_raw()? else {
                return Err(self.with_chain(Diagnostic::error(
                    name.origin,
                    format!("unterminated argument list invoking macro `{}`", m.name),
                )));
            };
            match t.kind {
                TokenKind::Punct => match self.sm.text(t.span) {
                    "(" => depth += 1,
                    ")" if depth == 0 => break,
                    ")" => depth -= 1,
                    "," if depth == 0 && !(m.variadic && args.len() == arity) => {
                        args.push(vec![]);
                        continue;
                    }
                    _ => {}
                },
                TokenKind::Ident if !t.has(Token::NO_EXPAND) => {
                    // A disabled macro's name is painted now (gcc does the same).
                    let name = scan::spelling(self.sm, &t);
                    if let Some(inner) = memo::lookup(&self.macros, &mut self.recordings, &name)
                        && self.is_disabled(&inner)
                    {
                        t.flags |= Token::NO_EXPAND;
                    }
                }
                _ => {}
            }
            if let Some(a) = args.last_mut() {
                a.push(t);
            }
        }
        let given = args.len();
        let problem = if arity == 0 {
            if given == 1 && args[0].is_empty() {
                args.clear();
                None
            } else {
                Some(format!(
                    "macro `{}` passed {given} arguments, but takes just 0",
                    m.name
                ))
            }
        } else if given < arity {
            if m.variadic && given == arity - 1 {
                // GNU: the variable arguments may be left out entirely.
                args.push(vec![]);
                None
            } else {
                Some(format!(
                    "macro `{}` requires {arity} arguments, but only {given} given",
                    m.name
                ))
            }
        } else if given > arity {
            Some(format!(
                "macro `{}` passed {given} arguments, but takes just {arity}",
                m.name
            ))
        } else {
            None
        };
        if let Some(msg) = problem {
            self.out
                .diagnostics
                .push(Diagnostic::error(name.origin, msg));
            return Ok(None);
        }
        // Remember which variable argument was left out (for `, ## __VA_ARGS__`).
        if m.variadic && given == arity - 1 {
            let marker = self.omitted_marker();
            if let Some(a) = args.last_mut() {
                a.push(marker);
            }
        }
        Ok(Some(args))
    }

    /// A placemarker standing for "variable arguments omitted" (gcc deletes the comma of
    /// `, ## __VA_ARGS__` only then, not for an empty argument after a comma).
    pub(super) fn omitted_marker(&self) -> Token {
        Token {
            kind: TokenKind::Other,
            span: Span {
                file: self.scratch.file,
                start: 0,
                end: 0,
            },
            origin: self.scratch.zero.loc(),
            flags: PLACEMARKER,
        }
    }

    fn param_index(&self, m: &MacroDef, t: &Token) -> Option<usize> {
        if t.kind != TokenKind::Ident {
            return None;
        }
        let params = m.params.as_ref()?;
        let name = scan::spelling(self.sm, t);
        if m.variadic && !m.named_variadic && name == "__VA_ARGS__" {
            return Some(params.len());
        }
        params.iter().position(|p| *p == name)
    }

    /// How substitution reads `m`'s replacement list (worked out once per macro).
    fn plan(&self, m: &MacroDef) -> Rc<Plan> {
        m.plan
            .0
            .get_or_init(|| {
                let body = &m.body;
                let slots: Vec<Slot> = body
                    .iter()
                    .map(|t| {
                        let mut class = 0;
                        if is_hash(self.sm, t) {
                            class |= Slot::HASH;
                        }
                        if is_punct(self.sm, t, "##") {
                            class |= Slot::PASTE;
                        }
                        if is_punct(self.sm, t, ",") {
                            class |= Slot::COMMA;
                        }
                        if self.sm.text(t.span) == "__VA_OPT__" {
                            class |= Slot::VA_OPT;
                        }
                        let param = self.param_index(m, t).map_or(Slot::NONE, |p| p as u32);
                        Slot { class, param }
                    })
                    .collect();
                let pastes = slots.iter().any(|s| s.class & Slot::PASTE != 0);
                Rc::new(Plan { slots, pastes })
            })
            .clone()
    }

    /// The replacement list with arguments substituted, `#` and `##` applied, ready to be
    /// rescanned. Every token takes the invocation's origin.
    pub(super) fn substitute(
        &mut self,
        m: &Rc<MacroDef>,
        name: &Token,
        args: &[Vec<Token>],
    ) -> Result<Vec<Token>, Diagnostic> {
        let plan = self.plan(m);
        let mut out = Vec::with_capacity(m.body.len());
        if !m.is_function_like() && !plan.pastes {
            // Nothing to substitute or paste: the body as it is.
            out.extend_from_slice(&m.body);
        } else {
            let mut expanded: Vec<Option<Vec<Token>>> = vec![None; args.len()];
            self.substitute_range(m, &plan, 0, m.body.len(), args, &mut expanded, &mut out)?;
            out.retain(|t| t.flags & PLACEMARKER == 0);
        }
        for (i, t) in out.iter_mut().enumerate() {
            let keep = t.flags & (Token::SPACE_BEFORE | Token::SPLICED | Token::NO_EXPAND);
            t.flags = keep | Token::FROM_MACRO;
            if i == 0 {
                t.flags = (t.flags & !Token::SPACE_BEFORE) | (name.flags & Token::SPACE_BEFORE);
            }
            t.origin = name.origin;
        }
        Ok(out)
    }

    /// Substitutes `m.body[start..end]` (the whole body, or what a `__VA_OPT__` encloses).
    #[allow(clippy::too_many_arguments)]
    fn substitute_range(
        &mut self,
        m: &Rc<MacroDef>,
        plan: &Plan,
        start: usize,
        end: usize,
        args: &[Vec<Token>],
        expanded: &mut Vec<Option<Vec<Token>>>,
        out: &mut Vec<Token>,
    ) -> Result<(), Diagnostic> {
        let body = &m.body;
        let slots = &plan.slots;
        let fn_like = m.is_function_like();
        let va_index = m.arity().wrapping_sub(1);
        let next_is = |i: usize, class: u8| i + 1 < end && slots[i + 1].class & class != 0;
        let mut paste = false;
        let mut i = start;
        while i < end {
            let t = body[i];
            let slot = slots[i];
            let next_pastes = next_is(i, Slot::PASTE);
            if fn_like
                && slot.class & Slot::HASH != 0
                && i + 1 < end
                && let Some(p) = slots[i + 1].param()
            {
                let s = self.stringify(&args[p], &t);
                self.emit(out, s, &mut paste);
                i += 2;
                continue;
            }
            if slot.class & Slot::PASTE != 0 {
                paste = true;
                i += 1;
                continue;
            }
            if fn_like
                && m.variadic
                && slot.class & Slot::VA_OPT != 0
                && let Some(close) = matching_paren(self.sm, &body[..end], i + 1)
            {
                let present = args
                    .get(va_index)
                    .is_some_and(|a| a.iter().any(|t| t.flags & PLACEMARKER == 0));
                let mut inner = vec![];
                if present {
                    self.substitute_range(m, plan, i + 2, close, args, expanded, &mut inner)?;
                }
                self.emit_seq(out, inner, &t, &mut paste);
                i = close + 1;
                continue;
            }
            if let Some(p) = slot.param() {
                let arg = &args[p];
                let omitted = arg.first().is_some_and(|a| a.flags & PLACEMARKER != 0);
                if paste
                    && p == va_index
                    && m.variadic
                    && i >= start + 2
                    && slots[i - 2].class & Slot::COMMA != 0
                {
                    // GNU `, ## __VA_ARGS__`: no paste; the comma goes if the arguments
                    // were left out.
                    paste = false;
                    if omitted {
                        out.pop();
                    } else {
                        out.extend(arg.iter().copied());
                    }
                    i += 1;
                    continue;
                }
                let tokens: Vec<Token> = if omitted {
                    vec![]
                } else if paste || next_pastes || self.expansion.lazy_args {
                    arg.clone()
                } else {
                    if expanded[p].is_none() {
                        expanded[p] = Some(self.expand_isolated(arg.clone())?);
                    }
                    expanded[p].clone().unwrap_or_default()
                };
                self.emit_seq(out, tokens, &t, &mut paste);
                i += 1;
                continue;
            }
            self.emit(out, t, &mut paste);
            i += 1;
        }
        Ok(())
    }

    /// Appends a token, pasting it onto the previous one after `##`.
    fn emit(&mut self, out: &mut Vec<Token>, t: Token, paste: &mut bool) {
        if std::mem::take(paste)
            && let Some(left) = out.pop()
        {
            self.paste(out, left, t);
        } else {
            out.push(t);
        }
    }

    /// Appends an argument's tokens (a placemarker if none); the first takes the space
    /// before the parameter.
    fn emit_seq(
        &mut self,
        out: &mut Vec<Token>,
        tokens: Vec<Token>,
        param: &Token,
        paste: &mut bool,
    ) {
        let mut it = tokens.into_iter();
        let mut first = it.next().unwrap_or(Token {
            flags: PLACEMARKER,
            ..*param
        });
        first.flags = (first.flags & !Token::SPACE_BEFORE) | (param.flags & Token::SPACE_BEFORE);
        self.emit(out, first, paste);
        out.extend(it);
    }

    /// `left ## right`: one token, or (a diagnostic and) both unchanged.
    fn paste(&mut self, out: &mut Vec<Token>, left: Token, right: Token) {
        if left.flags & PLACEMARKER != 0 {
            out.push(right);
            return;
        }
        if right.flags & PLACEMARKER != 0 {
            out.push(left);
            return;
        }
        let text = format!(
            "{}{}",
            scan::spelling(self.sm, &left),
            scan::spelling(self.sm, &right)
        );
        let span = self.sm.append_scratch(self.scratch.file, &text);
        let scanned = scan::scan(self.scratch.file, &text).ok();
        match scanned.as_deref() {
            Some([one]) if one.span.len() == text.len() => out.push(Token {
                kind: one.kind,
                span,
                origin: left.origin,
                flags: left.flags & Token::SPACE_BEFORE,
            }),
            _ => {
                self.out.diagnostics.push(Diagnostic::error(
                    left.origin,
                    format!(
                        "pasting `{}` and `{}` does not give a valid preprocessing token",
                        scan::spelling(self.sm, &left),
                        scan::spelling(self.sm, &right)
                    ),
                ));
                out.push(left);
                out.push(right);
            }
        }
    }

    /// `#param`: the argument's spelling as a string literal (6.10.3.2).
    fn stringify(&mut self, arg: &[Token], hash: &Token) -> Token {
        let mut s = String::from("\"");
        for (i, t) in arg.iter().enumerate() {
            if t.flags & PLACEMARKER != 0 {
                continue;
            }
            if i > 0 && t.space_before() {
                s.push(' ');
            }
            let text = scan::spelling(self.sm, t);
            if matches!(
                t.kind,
                TokenKind::Str | TokenKind::Char | TokenKind::Unterminated
            ) {
                for c in text.chars() {
                    if c == '"' || c == '\\' {
                        s.push('\\');
                    }
                    s.push(c);
                }
            } else {
                s.push_str(&text);
            }
        }
        s.push('"');
        let span = self.sm.append_scratch(self.scratch.file, &s);
        Token {
            kind: TokenKind::Str,
            span,
            origin: hash.origin,
            flags: hash.flags & Token::SPACE_BEFORE,
        }
    }

    /// `__LINE__`, `__FILE__`…
    fn dynamic(&mut self, d: Dynamic, tok: &Token) -> Token {
        let index = self
            .includes
            .frames
            .iter()
            .rposition(|f| f.file == tok.origin.file);
        // What depends on the includer: recordings of files inside the frame read.
        match d {
            Dynamic::Line | Dynamic::File => self.poison_recordings(index.map_or(0, |i| i + 1)),
            Dynamic::Counter | Dynamic::IncludeLevel | Dynamic::BaseFile => {
                self.poison_recordings(0)
            }
            Dynamic::Date | Dynamic::Time | Dynamic::Timestamp => {}
        }
        if let Some(name) = d.position_dependent() {
            self.cache.position_dependent = Some(name);
        }
        let frame = index.and_then(|i| self.includes.frames.get(i));
        let (text, kind) = match d {
            Dynamic::Line => {
                let line = i64::from(self.sm.line(tok.origin)) + frame.map_or(0, |f| f.line_delta);
                (line.to_string(), TokenKind::Number)
            }
            Dynamic::File => {
                let name = frame
                    .and_then(|f| f.presumed_name.clone())
                    .unwrap_or_else(|| self.sm.path(tok.origin.file).display().to_string());
                (string_literal(&name), TokenKind::Str)
            }
            Dynamic::BaseFile => (string_literal(&self.includes.base_file), TokenKind::Str),
            Dynamic::Counter => {
                self.expansion.counter += 1;
                ((self.expansion.counter - 1).to_string(), TokenKind::Number)
            }
            Dynamic::IncludeLevel => (
                self.includes.frames.len().saturating_sub(1).to_string(),
                TokenKind::Number,
            ),
            Dynamic::Date => (builtin::DATE.to_string(), TokenKind::Str),
            Dynamic::Time => (builtin::TIME.to_string(), TokenKind::Str),
            Dynamic::Timestamp => (builtin::TIMESTAMP.to_string(), TokenKind::Str),
        };
        let span = self.sm.append_scratch(self.scratch.file, &text);
        Token {
            kind,
            span,
            origin: tok.origin,
            flags: (tok.flags & Token::SPACE_BEFORE) | Token::FROM_MACRO,
        }
    }
}

/// `"text"` with `"` and `\` escaped.
pub fn string_literal(text: &str) -> String {
    let mut s = String::from("\"");
    for c in text.chars() {
        if c == '"' || c == '\\' {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}

/// Index of the `)` matching the `(` at `open`.
fn matching_paren(sm: &crate::source::SourceMap, body: &[Token], open: usize) -> Option<usize> {
    if !is_punct(sm, body.get(open)?, "(") {
        return None;
    }
    let mut depth = 0usize;
    for (i, t) in body.iter().enumerate().skip(open) {
        if is_punct(sm, t, "(") {
            depth += 1;
        } else if is_punct(sm, t, ")") {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}
