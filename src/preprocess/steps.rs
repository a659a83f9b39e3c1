//! Step-wise macro expansion, for showing a reader how a constant got its value: each step
//! replaces the leftmost macro invocation once, with its arguments as written (not expanded
//! first), so `_IOR('f', 1, long)` becomes `_IOC(_IOC_READ,('f'),(1),(_IOC_TYPECHECK(long)))`
//! and not a wall of numbers.
//!
//! Rewriting outermost-first is Prosser's algorithm without argument pre-expansion: every
//! token carries the set of macros it must not expand again (its "hide set"). For ordinary
//! headers the last step equals the C expansion ([`super::Preprocessor::expand`]); where the
//! two can differ (an argument whose expansion only completes an invocation together with
//! the tokens after it) the caller compares them and trusts the C expansion.

use super::MacroDef;
use super::unit::{UnitPreprocessor, is_punct};
use crate::diag::Diagnostic;
use crate::scan::{self, Token, TokenKind};
use crate::source::{Loc, Span};
use std::collections::HashMap;
use std::rc::Rc;

/// One replacement: which macro was expanded, where it is defined, and the whole token
/// sequence after the replacement.
#[derive(Clone, Debug)]
pub struct ExpansionStep {
    pub macro_name: String,
    /// The macro's name in its `#define`.
    pub definition: Loc,
    pub tokens: Vec<Token>,
}

/// The macros a token must not expand.
type HideSet = Rc<Vec<Rc<str>>>;

/// Stop before the sequence gets larger than this (a display aid, not a limit on C).
const MAX_TOKENS: usize = 20_000;

impl UnitPreprocessor<'_> {
    /// Rewrites `tokens` one invocation at a time, at most `max_steps` times.
    pub fn expand_steps(
        &mut self,
        tokens: &[Token],
        max_steps: usize,
    ) -> Result<Vec<ExpansionStep>, Diagnostic> {
        self.expansion.lazy_args = true;
        let empty: HideSet = Rc::new(Vec::new());
        let mut seq: Vec<(Token, HideSet)> = tokens.iter().map(|t| (*t, empty.clone())).collect();
        let mut steps = Vec::new();
        while steps.len() < max_steps && seq.len() <= MAX_TOKENS {
            let Some((i, end, m, args)) = self.next_invocation(&mut seq) else {
                break;
            };
            let name_tok = seq[i].0;
            let mut hide: Vec<Rc<str>> = seq[i].1.as_ref().clone();
            hide.push(Rc::from(m.name.as_str()));
            let hide: HideSet = Rc::new(hide);
            let from_args: HashMap<Span, HideSet> = seq[i + 1..end]
                .iter()
                .map(|(t, h)| (t.span, h.clone()))
                .collect();
            let mut raw: Vec<Vec<Token>> = args
                .iter()
                .map(|a| a.iter().map(|&k| seq[k].0).collect())
                .collect();
            if raw.len() + 1 == m.arity() {
                // The variable arguments were left out (GNU), as `collect_args` marks them.
                raw.push(vec![self.omitted_marker()]);
            }
            let produced = self.substitute(&m, &name_tok, &raw)?;
            let replaced: Vec<(Token, HideSet)> = produced
                .into_iter()
                .map(|t| {
                    let h = from_args
                        .get(&t.span)
                        .cloned()
                        .unwrap_or_else(|| hide.clone());
                    (t, h)
                })
                .collect();
            seq.splice(i..end, replaced);
            steps.push(ExpansionStep {
                macro_name: m.name.clone(),
                definition: m.loc,
                tokens: seq.iter().map(|(t, _)| *t).collect(),
            });
        }
        Ok(steps)
    }

    /// The leftmost expandable invocation: its first index, the index after it, the macro,
    /// and the indices of each argument's tokens. Names that cannot expand (hidden, or a
    /// function-like name without a complete argument list) are painted and passed over.
    #[allow(clippy::type_complexity)]
    fn next_invocation(
        &mut self,
        seq: &mut [(Token, HideSet)],
    ) -> Option<(usize, usize, Rc<MacroDef>, Vec<Vec<usize>>)> {
        let mut i = 0;
        while i < seq.len() {
            let (t, hide) = &seq[i];
            if t.kind != TokenKind::Ident || t.has(Token::NO_EXPAND) {
                i += 1;
                continue;
            }
            let name = scan::spelling(self.sm, t);
            let Some(m) = self.macros.get(&*name).cloned() else {
                i += 1;
                continue;
            };
            if hide.iter().any(|h| **h == *name) {
                seq[i].0.flags |= Token::NO_EXPAND;
                i += 1;
                continue;
            }
            if !m.is_function_like() {
                return Some((i, i + 1, m, vec![]));
            }
            match self.arguments(&m, &seq[i + 1..]) {
                Some((args, len)) => {
                    let shift = |a: Vec<usize>| a.into_iter().map(|k| k + i + 1).collect();
                    let args = args.into_iter().map(shift).collect();
                    return Some((i, i + 1 + len, m, args));
                }
                // Not an invocation (no `(`, or the wrong number of arguments): as C, the
                // name stays.
                None => i += 1,
            }
        }
        None
    }

    /// Splits `(a, b, …)` at the start of `rest` into arguments (indices into `rest`); also
    /// returns how many tokens the list takes. `None` if `rest` does not start with a
    /// complete list of the right length.
    fn arguments(
        &self,
        m: &MacroDef,
        rest: &[(Token, HideSet)],
    ) -> Option<(Vec<Vec<usize>>, usize)> {
        if !is_punct(self.sm, &rest.first()?.0, "(") {
            return None;
        }
        let arity = m.arity();
        let mut args: Vec<Vec<usize>> = vec![vec![]];
        let mut depth = 0usize;
        let mut close = None;
        for (k, (t, _)) in rest.iter().enumerate().skip(1) {
            if t.kind == TokenKind::Punct {
                match self.sm.text(t.span) {
                    "(" => depth += 1,
                    ")" if depth == 0 => {
                        close = Some(k);
                        break;
                    }
                    ")" => depth -= 1,
                    "," if depth == 0 && !(m.variadic && args.len() == arity) => {
                        args.push(vec![]);
                        continue;
                    }
                    _ => {}
                }
            }
            args.last_mut()?.push(k);
        }
        let close = close?;
        let given = args.len();
        if arity == 0 {
            return (given == 1 && args[0].is_empty()).then_some((vec![], close + 1));
        }
        if given == arity || (m.variadic && given + 1 == arity) {
            return Some((args, close + 1));
        }
        None
    }
}
