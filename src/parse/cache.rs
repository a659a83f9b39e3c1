//! Reusing lang-c's reading of a declaration across the translation units of one session:
//! a shared header's declarations come back as the same tokens (same spans and origins in
//! the session's SourceMap) in every unit that includes it, so they need parsing once.

use super::{Declarations, EnumDecl, Expr, RecordDecl};
use crate::ctype::CType;
use crate::diag::Diagnostic;
use crate::scan::Token;
use rustc_hash::FxHashMap;

/// Declarations already read, by their tokens. Only valid with the [`crate::source::SourceMap`]
/// the tokens point into: keep one per session (see `header::Session`).
#[derive(Default)]
pub struct Cache {
    entries: FxHashMap<Vec<Token>, Entry>,
    /// The `char_signed` the entries were read with (plain `char` types depend on it).
    char_signed: Option<bool>,
}

struct Entry {
    /// The chunk's identifiers that were typedef names when it was parsed (sorted): the
    /// parse holds only where the same ones are.
    typedef_names: Vec<String>,
    contribution: Contribution,
}

/// What one declaration added to [`Declarations`], token indices relative to its first token.
#[derive(Clone, Default)]
pub struct Contribution {
    typedefs: Vec<(String, CType, Option<Expr>)>,
    records: Vec<RecordDecl>,
    enums: Vec<(usize, EnumDecl)>,
    diagnostics: Vec<Diagnostic>,
}

/// Whether a chunk's reading can be reused: none of its tokens come from a macro expansion
/// (scratch spans differ per expansion, and anonymous records written by macros are tagged
/// with their index in the unit).
pub fn reusable(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .all(|t| t.span.file == t.origin.file && t.span.start == t.origin.offset)
}

impl Cache {
    /// Forgets everything read with another `char_signed`.
    pub fn use_options(&mut self, char_signed: bool) {
        if self.char_signed != Some(char_signed) {
            self.entries.clear();
            self.char_signed = Some(char_signed);
        }
    }

    pub fn holds(&self, tokens: &[Token]) -> bool {
        self.entries.contains_key(tokens)
    }

    /// The contribution of `tokens` read with `typedef_names` as the typedef names among
    /// its identifiers.
    pub fn get(&self, tokens: &[Token], typedef_names: &[&str]) -> Option<&Contribution> {
        let e = self.entries.get(tokens)?;
        (e.typedef_names
            .iter()
            .map(String::as_str)
            .eq(typedef_names.iter().copied()))
        .then_some(&e.contribution)
    }

    pub fn insert(&mut self, tokens: &[Token], typedef_names: &[&str], c: Contribution) {
        let typedef_names = typedef_names.iter().map(|s| s.to_string()).collect();
        self.entries.insert(
            tokens.to_vec(),
            Entry {
                typedef_names,
                contribution: c,
            },
        );
    }
}

impl Contribution {
    /// Takes what a declaration read at token `start` put in `d` and `enums`.
    pub fn take(d: Declarations, enums: Vec<(usize, EnumDecl)>, start: usize) -> Contribution {
        let mut typedefs: Vec<_> = d
            .typedefs
            .into_iter()
            .map(|(name, ty)| {
                let aligned = d.aligned_typedefs.get(&name).cloned();
                (name, ty, aligned)
            })
            .collect();
        typedefs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut records: Vec<RecordDecl> = d.records.into_values().collect();
        records.sort_by(|a, b| (a.end, &a.tag).cmp(&(b.end, &b.tag)));
        for r in &mut records {
            r.end = r.end.wrapping_sub(start);
        }
        Contribution {
            typedefs,
            records,
            enums: enums
                .into_iter()
                .map(|(k, e)| (k.wrapping_sub(start), e))
                .collect(),
            diagnostics: d.diagnostics,
        }
    }

    /// Adds the contribution to `out` and `enums` for a declaration at token `start`.
    pub fn apply(&self, out: &mut Declarations, enums: &mut Vec<(usize, EnumDecl)>, start: usize) {
        for (name, ty, aligned) in &self.typedefs {
            match aligned {
                Some(a) => out.aligned_typedefs.insert(name.clone(), a.clone()),
                None => out.aligned_typedefs.remove(name),
            };
            out.typedefs.insert(name.clone(), ty.clone());
        }
        for r in &self.records {
            let mut r = r.clone();
            r.end = r.end.wrapping_add(start);
            out.records.insert((r.kind, r.tag.clone()), r);
        }
        enums.extend(
            self.enums
                .iter()
                .map(|(k, e)| (k.wrapping_add(start), e.clone())),
        );
        out.diagnostics.extend(self.diagnostics.iter().cloned());
    }
}
