//! The expansion of an object-like macro's name, built from memoized expansions of the
//! object-like macros its replacement list names, instead of running the expander once per
//! use (`FOO_MASK (FOO_A | FOO_B)`, `_IOC_DIRSHIFT`'s chain of shifts: each is expanded once
//! per unit, not once per constant or `_IOR(…)` that uses it).
//!
//! It mirrors what the expander does, and only where that is certain: every identifier of a
//! replacement list is either no macro at all or an object-like macro whose own expansion
//! is known and names no macro (so rescanning it changes nothing, whatever surrounds it).
//! Anything else (function-like macros, `##`, `__LINE__`-like built-ins, recursion, limits
//! reached) is left to the expander. One [`ObjectLike`] serves one final macro table (a
//! finished unit's): the expander uses it inside [`super::Preprocessor::expand_memoized`],
//! where no macro it expanded may be disabled by an enclosing expansion.

use super::{MacroDef, MacroTable, Options};
use crate::scan::{self, Token, TokenKind};
use crate::source::{Loc, SourceMap};
use std::rc::Rc;

/// Memoized expansions of one unit's object-like macros, by name.
pub struct ObjectLike {
    max_depth: usize,
    max_tokens: usize,
    /// `None`: needs the expander (or is being built, for a macro that names itself).
    memo: rustc_hash::FxHashMap<Rc<str>, Option<Rc<Memo>>>,
}

pub(crate) struct Memo {
    /// The expansion of the name used without white space before it.
    pub tokens: Vec<Token>,
    /// Nested expansions (this one included), which the expander limits.
    pub depth: usize,
    /// Tokens the expander would substitute in all (it limits the total).
    pub work: usize,
    /// Every macro expanded on the way (this one included): none may be disabled where
    /// the memo stands for the expander.
    pub used: Vec<*const MacroDef>,
}

/// Flags the expander keeps from a replacement list's tokens.
const KEEP: u8 = Token::SPLICED | Token::NO_EXPAND;

impl ObjectLike {
    pub fn new(options: &Options) -> ObjectLike {
        ObjectLike {
            max_depth: options.limits.expansion_depth,
            max_tokens: options.limits.expansion_tokens,
            memo: Default::default(),
        }
    }

    /// What the name `name` written at `origin` (no white space before it) expands to with
    /// `macros` (always the same table), or `None` when only the expander can tell.
    pub fn expand(
        &mut self,
        sm: &SourceMap,
        macros: &MacroTable,
        name: &str,
        origin: Loc,
    ) -> Option<Vec<Token>> {
        // Most names are expanded once, here: only those used in other macros are kept.
        let memo = match self.memo.get(name) {
            Some(known) => {
                let known = known.as_ref()?;
                (known.tokens.clone(), known.depth, known.work)
            }
            None => {
                let m = self.build(sm, macros, name, 1)?;
                (m.tokens, m.depth, m.work)
            }
        };
        let (mut tokens, depth, work) = memo;
        // The expander checks the nesting before each expansion, with its outer context
        // open, and the running total after each.
        if depth >= self.max_depth || work > self.max_tokens {
            return None;
        }
        for t in &mut tokens {
            t.origin = origin;
        }
        Some(tokens)
    }

    /// The memoized expansion of the object-like macro `name` (kept for later uses), for
    /// the expander to use where it meets the name.
    pub(crate) fn nested(
        &mut self,
        sm: &SourceMap,
        macros: &MacroTable,
        name: &str,
    ) -> Option<Rc<Memo>> {
        if let Some(known) = self.memo.get(name) {
            return known.clone();
        }
        let (key, _) = macros.get_key_value(name)?;
        self.memo(sm, macros, key, 1)
    }

    /// The memoized expansion of `name`, met `level` expansions deep.
    fn memo(
        &mut self,
        sm: &SourceMap,
        macros: &MacroTable,
        name: &Rc<str>,
        level: usize,
    ) -> Option<Rc<Memo>> {
        if let Some(known) = self.memo.get(&**name) {
            return known.clone();
        }
        if level >= self.max_depth {
            // The expander would stop here too (and so does this recursion).
            return None;
        }
        self.memo.insert(name.clone(), None);
        let built = self.build(sm, macros, name, level).map(Rc::new);
        self.memo.insert(name.clone(), built.clone());
        built
    }

    /// Expands `name` (met `level` expansions deep); `None` once past the expander's limits
    /// (a macro bomb is the expander's to report).
    fn build(
        &mut self,
        sm: &SourceMap,
        macros: &MacroTable,
        name: &str,
        level: usize,
    ) -> Option<Memo> {
        let m = macros.get(name)?;
        if m.is_function_like() {
            return None;
        }
        let mut out = Memo {
            tokens: Vec::with_capacity(m.body.len()),
            depth: 1,
            work: m.body.len(),
            used: vec![Rc::as_ptr(m)],
        };
        if out.work > self.max_tokens {
            return None;
        }
        for (i, t) in m.body.iter().enumerate() {
            // The first token takes the use's spacing (none here; see `with_space`).
            let space = if i == 0 {
                0
            } else {
                t.flags & Token::SPACE_BEFORE
            };
            if t.flags & !(KEEP | Token::SPACE_BEFORE | Token::AT_BOL | Token::FROM_MACRO) != 0 {
                return None;
            }
            match t.kind {
                TokenKind::Ident => {
                    let word = scan::spelling(sm, t);
                    if let Some((key, _)) = macros.get_key_value(&*word) {
                        if t.has(Token::NO_EXPAND) {
                            return None;
                        }
                        let inner = self.memo(sm, macros, key, level + 1)?;
                        out.depth = out.depth.max(inner.depth + 1);
                        out.work += inner.work;
                        if out.work > self.max_tokens {
                            return None;
                        }
                        out.tokens.extend(with_space(&inner.tokens, space));
                        out.used.extend(&inner.used);
                        continue;
                    }
                    if is_builtin_like(&word) || word == "_Pragma" {
                        return None;
                    }
                }
                TokenKind::Punct if matches!(&*scan::spelling(sm, t), "##" | "%:%:") => {
                    return None;
                }
                _ => {}
            }
            out.tokens.push(Token {
                flags: (t.flags & KEEP) | Token::FROM_MACRO | space,
                ..*t
            });
        }
        Some(out)
    }
}

/// `tokens` with the first one's spacing replaced by `space`.
fn with_space(tokens: &[Token], space: u8) -> impl Iterator<Item = Token> + '_ {
    tokens.iter().enumerate().map(move |(i, t)| {
        let mut t = *t;
        if i == 0 {
            t.flags = (t.flags & !Token::SPACE_BEFORE) | space;
        }
        t
    })
}

/// `__LINE__`, `__COUNTER__` and the like: the preprocessor's dynamic macros are all
/// spelled `__UPPER_CASE__` (this is wider on purpose).
fn is_builtin_like(word: &str) -> bool {
    word.len() > 4
        && word.starts_with("__")
        && word.ends_with("__")
        && word.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
}
