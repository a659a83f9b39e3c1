//! Handing the relevant declarations to lang-c, and recovering from its syntax errors one
//! declaration at a time (lang-c itself stops at the first error).

use super::cache::{self, Cache, Contribution};
use super::chunk::{self, Chunk, ChunkKind};
use super::collect::Collector;
use super::fast::{Fast, Reader};
use super::text::{BUILTIN_TYPEDEFS, Rendered};
use super::{Declarations, EnumDecl, Expr, Options};
use crate::ctype::CType;
use crate::diag::Diagnostic;
use crate::scan::{Token, TokenKind, spelling};
use crate::source::SourceMap;
use lang_c::driver::{Config, SyntaxError, parse_preprocessed};
use rustc_hash::FxHashSet;

struct Driver<'a> {
    sm: &'a SourceMap,
    cache: &'a mut Cache,
    tokens: &'a [Token],
    options: Options,
    config: Config,
    out: Declarations,
    /// Typedef names declared by declarations lang-c could not parse, so later ones that
    /// use them are not lost too.
    guessed_typedefs: Vec<String>,
    /// Enums with the index of their `enum` keyword: sorted into source order at the end.
    enums: Vec<(usize, EnumDecl)>,
}

pub fn run(sm: &SourceMap, tokens: &[Token], options: Options, cache: &mut Cache) -> Declarations {
    cache.use_options(options.char_signed);
    let mut relevant = Vec::new();
    let mut out = Declarations::default();
    for c in chunk::split(sm, tokens) {
        match c.kind {
            ChunkKind::Relevant => relevant.push(c),
            ChunkKind::Plain
            | ChunkKind::Function {
                defines_types: false,
            } => {}
            ChunkKind::Function {
                defines_types: true,
            } => out.diagnostics.push(Diagnostic::warning(
                tokens[c.start].origin,
                "enum or struct defined inside a function body: ignored (not visible at file scope)",
            )),
        }
    }
    let mut d = Driver {
        sm,
        cache,
        tokens,
        options,
        config: Config::with_gcc(),
        out,
        guessed_typedefs: Vec::new(),
        enums: Vec::new(),
    };
    d.read_all(&relevant);
    d.enums.sort_by_key(|(keyword, _)| *keyword);
    d.out.enums = d.enums.into_iter().map(|(_, e)| e).collect();
    d.out
}

impl<'a> Driver<'a> {
    /// Reads simple declarations directly and batches the others for lang-c, flushing the
    /// batch when a simple one names a type only the batch declares.
    fn read_all(&mut self, chunks: &[Chunk]) {
        let mut pending: Vec<Chunk> = Vec::new();
        // Tags the pending chunks may define: a record read directly with one of them must
        // come after them (the last definition wins, as when lang-c reads them all).
        let mut pending_tags: FxHashSet<&str> = FxHashSet::default();
        for c in chunks {
            if self.options.lang_c_only {
                pending.push(*c);
                continue;
            }
            let mut fast = self.read_fast(c);
            let flush = match &fast {
                Some(Fast::NeedsTypedef) => true,
                Some(Fast::Records { records, .. }) => records
                    .iter()
                    .any(|r| pending_tags.contains(r.tag.as_str())),
                _ => false,
            };
            if flush && !pending.is_empty() {
                self.parse(&pending);
                pending.clear();
                pending_tags.clear();
                fast = self.read_fast(c);
            }
            match fast {
                None | Some(Fast::NeedsTypedef) => {
                    pending.push(*c);
                    pending_tags.extend(self.tags_in(c));
                }
                Some(Fast::Records { records, typedefs }) => {
                    for r in records {
                        self.out.records.insert((r.kind, r.tag.clone()), r);
                    }
                    for (name, ty, aligned) in typedefs {
                        self.add_typedef(name, ty, aligned);
                    }
                }
                Some(Fast::Typedefs(list)) => {
                    for (name, ty, aligned) in list {
                        self.add_typedef(name, ty, aligned);
                    }
                }
                Some(Fast::Enum {
                    keyword,
                    decl,
                    typedef,
                }) => {
                    if let Some(name) = typedef {
                        self.add_typedef(name, CType::Enum(decl.type_tag.clone()), None);
                    }
                    self.enums.push((keyword, decl));
                }
            }
        }
        self.parse(&pending);
    }

    /// The identifiers right after `struct` or `union` in `c`.
    fn tags_in(&self, c: &Chunk) -> impl Iterator<Item = &'a str> + use<'a> {
        let (sm, toks) = (self.sm, &self.tokens[c.start..c.end]);
        toks.windows(2)
            .filter(move |w| matches!(sm.text(w[0].span), "struct" | "union"))
            .map(move |w| sm.text(w[1].span))
    }

    fn read_fast(&self, c: &Chunk) -> Option<Fast> {
        let reader = Reader {
            sm: self.sm,
            tokens: self.tokens,
            char_signed: self.options.char_signed,
        };
        let known = |name: &str| {
            self.out.typedefs.contains_key(name)
                || self.guessed_typedefs.iter().any(|g| g == name)
                || BUILTIN_TYPEDEFS.contains(&name)
                || name == "__builtin_va_list"
        };
        reader.read(c.start, c.end, &known)
    }

    fn add_typedef(&mut self, name: String, ty: CType, aligned: Option<Expr>) {
        match aligned {
            Some(a) => self.out.aligned_typedefs.insert(name.clone(), a),
            None => self.out.aligned_typedefs.remove(&name),
        };
        self.out.typedefs.insert(name, ty);
    }

    /// Parses `chunks`, reusing what the cache holds: the runs of chunks between reused
    /// ones go to lang-c.
    fn parse(&mut self, chunks: &[Chunk]) {
        let mut run = 0;
        for (i, c) in chunks.iter().enumerate() {
            if !self.cache.holds(&self.tokens[c.start..c.end]) {
                continue;
            }
            // The typedef names before this chunk must be known to check the entry.
            self.parse_uncached(&chunks[run..i]);
            run = if self.replay(c) { i + 1 } else { i };
        }
        self.parse_uncached(&chunks[run..]);
    }

    /// Adds what the cache holds for `c` read with the current typedef names, if anything.
    fn replay(&mut self, c: &Chunk) -> bool {
        let toks = &self.tokens[c.start..c.end];
        let names = self.typedef_names_in(std::slice::from_ref(c));
        match self.cache.get(toks, &names) {
            Some(contribution) => {
                contribution.apply(&mut self.out, &mut self.enums, c.start);
                true
            }
            None => false,
        }
    }

    /// Whether `name` is a typedef name (declared, or guessed from a declaration lang-c
    /// could not parse).
    fn is_typedef_name(&self, name: &str) -> bool {
        self.out.typedefs.contains_key(name) || self.guessed_typedefs.iter().any(|g| g == name)
    }

    /// The identifiers of `chunks` that are typedef names now (sorted, once each).
    fn typedef_names_in(&self, chunks: &[Chunk]) -> Vec<&'a str> {
        let mut names: Vec<&'a str> = chunks
            .iter()
            .flat_map(|c| &self.tokens[c.start..c.end])
            .filter(|t| t.kind == TokenKind::Ident)
            .map(|t| self.sm.text(t.span))
            .filter(|&n| self.is_typedef_name(n))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Parses `chunks` with lang-c; a chunk with a syntax error is reported and dropped, and
    /// parsing resumes after it. Each round drops a chunk or finishes, so this ends.
    fn parse_uncached(&mut self, mut chunks: &[Chunk]) {
        while !chunks.is_empty() {
            // lang-c needs to know only the typedef names the text uses.
            let names = self.typedef_names_in(chunks);
            let mut r = Rendered::new(self.sm, self.tokens, chunks, names.into_iter());
            let text = std::mem::take(&mut r.text);
            match parse_preprocessed(&self.config, text) {
                Ok(p) => {
                    self.collect(&r, &p.unit, chunks);
                    return;
                }
                Err(e) => {
                    let bad = if e.offset < r.prelude_len {
                        0
                    } else {
                        r.chunk_at(e.offset)
                    };
                    // Everything before the bad chunk parsed: parse it again on its own.
                    if bad > 0 {
                        self.parse_uncached(&chunks[..bad]);
                    }
                    self.report(&chunks[bad], &r, &e);
                    self.guess_typedef_names(&chunks[bad]);
                    chunks = &chunks[bad + 1..];
                }
            }
        }
    }

    /// Collects the declarations of `unit` (rendered from `chunks` in `r`) chunk by chunk,
    /// keeping each reusable chunk's contribution in the cache.
    fn collect(&mut self, r: &Rendered, unit: &lang_c::ast::TranslationUnit, chunks: &[Chunk]) {
        let mut exts = unit
            .0
            .iter()
            .filter(|e| e.span.start >= r.prelude_len)
            .peekable();
        for (n, c) in chunks.iter().enumerate() {
            let names = self.typedef_names_in(std::slice::from_ref(c));
            let mut out = Declarations::default();
            let mut enums = Vec::new();
            let mut collector = Collector {
                sm: self.sm,
                tokens: self.tokens,
                r,
                out: &mut out,
                enums: &mut enums,
                char_signed: self.options.char_signed,
            };
            while let Some(ext) = exts.next_if(|e| r.chunk_at(e.span.start) <= n) {
                collector.external(ext);
            }
            let contribution = Contribution::take(out, enums, c.start);
            contribution.apply(&mut self.out, &mut self.enums, c.start);
            let toks = &self.tokens[c.start..c.end];
            if cache::reusable(toks) {
                self.cache.insert(toks, &names, contribution);
            }
        }
    }

    fn report(&mut self, chunk: &Chunk, r: &Rendered, e: &SyntaxError) {
        let mut expected: Vec<&str> = e.expected.iter().copied().collect();
        expected.sort_unstable();
        let expected = expected
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let at = r
            .token_at(e.offset)
            .filter(|&i| i < chunk.end)
            .map(|i| {
                let t = &self.tokens[i];
                format!(
                    "`{}` at {}",
                    spelling(self.sm, t),
                    self.sm.position(t.origin)
                )
            })
            .unwrap_or_else(|| "the end of the declaration".to_string());
        self.out.diagnostics.push(
            Diagnostic::warning(
                self.tokens[chunk.start].origin,
                format!("cannot parse this declaration (skipped): expected {expected} before {at}"),
            )
            .with_note("enums, typedefs and records in it are not collected"),
        );
    }

    /// Best-effort names a `typedef` chunk that failed to parse declares: per declarator
    /// (up to a depth-0 `,` or `;`), the last identifier outside brackets, or else one
    /// written `(*T)`.
    fn guess_typedef_names(&mut self, chunk: &Chunk) {
        let toks = &self.tokens[chunk.start..chunk.end];
        let text = |t: &Token| self.sm.text(t.span);
        if !toks.iter().any(|t| text(t) == "typedef") {
            return;
        }
        let mut depth = 0usize;
        let mut candidate: Option<&str> = None;
        for (i, t) in toks.iter().enumerate() {
            match text(t) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth = depth.saturating_sub(1),
                "," | ";" if depth == 0 => {
                    if let Some(name) = candidate.take() {
                        self.guessed_typedefs.push(name.to_string());
                    }
                }
                name if t.kind == TokenKind::Ident && !is_keyword(name) => {
                    let after_star = i > 0 && text(&toks[i - 1]) == "*";
                    if depth == 0 || (depth == 1 && after_star && candidate.is_none()) {
                        candidate = Some(name);
                    }
                }
                _ => {}
            }
        }
        if let Some(name) = candidate {
            self.guessed_typedefs.push(name.to_string());
        }
    }
}

/// A keyword, not a name a typedef could declare.
fn is_keyword(s: &str) -> bool {
    crate::ctype::specifiers::keyword(s).is_some() || matches!(s, "typedef" | "__extension__")
}
