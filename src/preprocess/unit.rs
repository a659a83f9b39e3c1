//! One translation unit being preprocessed: the include stack, the macro table, reading
//! tokens from files (directives are handled here, as they are met), the main loop.

use super::expand::ExpansionState;
use super::{Cache, FileInfo, MacroTable, Options, Output, Predefined, Scratch, builtin, include};
use crate::diag::Diagnostic;
use crate::scan::{self, Token, TokenKind, spelling};
use crate::source::{FileId, Loc, SourceMap, Span};
use crate::target::Target;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// An open conditional (`#if` … `#endif`) of one file.
pub struct Cond {
    /// The `#` of the opening directive.
    pub loc: Loc,
    /// The opening directive as written (`#ifndef __KERNEL__`).
    pub opening: String,
    /// A group of this chain was (or is being) included.
    pub taken: bool,
    pub else_seen: bool,
}

/// A file on the include stack.
pub struct Frame {
    pub file: FileId,
    pub tokens: Rc<Vec<Token>>,
    pub pos: usize,
    /// Index in the `<…>` search chain of the directory the file was found in
    /// (`#include_next` continues after it); `None` if not found through the chain.
    pub dir_index: Option<usize>,
    pub conds: Vec<Cond>,
    /// The `#include` that entered this file.
    pub included_at: Option<Loc>,
    /// `#line`: presumed line minus physical line, and the presumed file name.
    pub line_delta: i64,
    pub presumed_name: Option<String>,
}

/// What every unit of a run borrows from its [`super::Preprocessor`].
pub struct Shared<'a> {
    pub target: &'a Target,
    pub opts: &'a Options,
    pub cache: &'a mut Cache,
    pub sm: &'a mut SourceMap,
}

/// The files of a unit: the include stack and what was entered so far.
#[derive(Default)]
pub struct IncludeStack {
    /// The files being read, the current one last.
    pub frames: Vec<Frame>,
    /// Files with `#pragma once` (or `#import`ed) in this unit.
    pub once: rustc_hash::FxHashSet<FileId>,
    /// Files entered so far (each is listed once in [`Output::files`]).
    pub entered: rustc_hash::FxHashSet<FileId>,
    /// The main file as named (`__BASE_FILE__`).
    pub base_file: String,
}

/// One translation unit being preprocessed. Its methods are split by concern: reading files
/// and the main loop here, then `directive.rs`, `condition.rs`, `include.rs`, `expand.rs`,
/// `builtin.rs`, `memo.rs`, `pragma_op.rs` and `steps.rs`.
pub struct UnitPreprocessor<'a> {
    pub target: &'a Target,
    pub opts: &'a Options,
    pub cache: &'a mut Cache,
    pub sm: &'a mut SourceMap,
    pub macros: Cow<'a, MacroTable>,
    pub out: Output,
    pub includes: IncludeStack,
    pub expansion: ExpansionState,
    pub scratch: Scratch,
    /// Files whose effect is being recorded for the include memo, outermost first.
    pub recordings: Vec<super::memo::Recording>,
    /// Memoized object-like expansions of a final macro table (see `objlike`).
    pub objects: Option<&'a mut super::ObjectLike>,
}

impl Shared<'_> {
    /// The same parts borrowed again, for a unit that ends before this borrow does.
    pub fn reborrow(&mut self) -> Shared<'_> {
        Shared {
            target: self.target,
            opts: self.opts,
            cache: self.cache,
            sm: self.sm,
        }
    }
}

impl<'a> UnitPreprocessor<'a> {
    pub fn new(shared: Shared<'a>, macros: Cow<'a, MacroTable>) -> UnitPreprocessor<'a> {
        let Shared {
            target,
            opts,
            cache,
            sm,
        } = shared;
        let scratch = *cache.scratch.get_or_insert_with(|| Scratch::new(sm));
        UnitPreprocessor {
            target,
            opts,
            cache,
            sm,
            macros,
            out: Output::default(),
            includes: IncludeStack::default(),
            expansion: ExpansionState::default(),
            scratch,
            recordings: vec![],
            objects: None,
        }
    }

    /// The scanned tokens of a file (scanned on first use) and its include guard.
    pub fn file_info(&mut self, id: FileId) -> Result<Rc<FileInfo>, Diagnostic> {
        if let Some(info) = self.cache.files.get(&id) {
            return Ok(info.clone());
        }
        let info = self.scanned(id)?;
        self.cache.files.insert(id, info.clone());
        Ok(info)
    }

    /// [`UnitPreprocessor::file_info`] without keeping a new scan: the main file of a unit is rarely
    /// included by another, and its tokens would stay in memory for the whole run.
    fn scanned(&mut self, id: FileId) -> Result<Rc<FileInfo>, Diagnostic> {
        if let Some(info) = self.cache.files.get(&id) {
            return Ok(info.clone());
        }
        let tokens = scan::scan(id, &self.sm.file(id).text)
            .map_err(|e| Diagnostic::error(e.at, "unterminated comment"))?;
        let guard = include::detect_guard(self.sm, &tokens);
        let info = Rc::new(FileInfo {
            tokens: Rc::new(tokens),
            guard,
        });
        Ok(info)
    }

    /// Loads a file from disk or a built-in header (warning once about bytes that are not
    /// UTF-8).
    pub fn load(&mut self, path: &Path, at: Option<Loc>) -> Result<FileId, Diagnostic> {
        if let Some(text) = crate::target::include::text(path) {
            return Ok(self.sm.load_text(path, text));
        }
        let (id, lossy) = self
            .sm
            .load_limited(
                path,
                self.opts.limits.file_size,
                self.opts.limits.line_length,
            )
            .map_err(|e| self.with_chain(Diagnostic::error(at, e.to_string())))?;
        if lossy {
            // Only the first load warns: a recording would replay the warning.
            self.poison_recordings(0);
            self.out.diagnostics.push(Diagnostic::warning(
                Loc {
                    file: id,
                    offset: 0,
                },
                format!(
                    "{} is not valid UTF-8; the invalid bytes were replaced",
                    path.display()
                ),
            ));
        }
        Ok(id)
    }

    /// Pushes a file on the include stack.
    pub fn enter(
        &mut self,
        file: FileId,
        dir_index: Option<usize>,
        included_at: Option<Loc>,
    ) -> Result<(), Diagnostic> {
        if self.includes.frames.len() >= self.opts.limits.include_depth {
            let depth = self.opts.limits.include_depth;
            // Only the default limit is deep enough to suggest a cycle.
            let why = match depth == super::Limits::default().include_depth {
                true => "an include cycle without guards?".to_string(),
                false => format!("the include-depth limit is {depth}"),
            };
            let d = Diagnostic::error(
                included_at,
                format!("#include nested more than {depth} levels deep ({why})"),
            );
            return Err(self.with_chain(d));
        }
        let info = match included_at {
            Some(_) => self.file_info(file)?,
            None => self.scanned(file)?,
        };
        self.note_entered(file, self.includes.frames.len());
        if self.includes.entered.insert(file) {
            self.out.files.push(file);
        }
        self.includes.frames.push(Frame {
            file,
            tokens: info.tokens.clone(),
            pos: 0,
            dir_index,
            conds: vec![],
            included_at,
            line_delta: 0,
            presumed_name: None,
        });
        Ok(())
    }

    /// Adds "included from FILE:LINE" notes for the current include stack.
    pub fn with_chain(&self, mut d: Diagnostic) -> Diagnostic {
        // A deep chain (an include cycle) shows its innermost and outermost steps only.
        const SHOWN: usize = 4;
        let sites: Vec<Loc> = self
            .includes
            .frames
            .iter()
            .rev()
            .filter_map(|f| f.included_at)
            .collect();
        for (i, &at) in sites.iter().enumerate() {
            if sites.len() > 2 * SHOWN && i == SHOWN {
                d = d.with_note(format!("… {} more includes …", sites.len() - 2 * SHOWN));
            }
            if sites.len() > 2 * SHOWN && (SHOWN..sites.len() - SHOWN).contains(&i) {
                continue;
            }
            let p = self.sm.position(at);
            d = d.with_note(format!("included from {}:{}", p.path.display(), p.line));
        }
        d
    }

    /// Reads the files until the bottom of the include stack is done.
    pub fn main_loop(&mut self) -> Result<(), Diagnostic> {
        loop {
            if self.expansion.contexts.is_empty() {
                self.expansion.expanded = 0;
            }
            match self.next_expanded()? {
                Some(t) => {
                    if self.out.tokens.len() >= self.opts.limits.unit_tokens {
                        return Err(Diagnostic::error(
                            t.origin,
                            format!(
                                "the translation unit exceeds {} tokens",
                                self.opts.limits.unit_tokens
                            ),
                        ));
                    }
                    self.out.tokens.push(t);
                }
                None => {
                    if !self.leave_file()? {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Pops the finished file; false when the stack is empty.
    fn leave_file(&mut self) -> Result<bool, Diagnostic> {
        let Some(frame) = self.includes.frames.pop() else {
            return Ok(false);
        };
        if let Some(c) = frame.conds.first() {
            let d = Diagnostic::error(
                c.loc,
                format!("unterminated {}", directive_word(&c.opening)),
            );
            return Err(self.with_chain(d));
        }
        self.finish_recording();
        Ok(!self.includes.frames.is_empty())
    }

    /// The next token of the current file, handling directives and skipped groups on the
    /// way. `None` at the end of the file (the caller decides whether to leave it).
    pub fn next_file_token(&mut self) -> Result<Option<Token>, Diagnostic> {
        loop {
            let Some(f) = self.includes.frames.last_mut() else {
                return Ok(None);
            };
            let Some(&t) = f.tokens.get(f.pos) else {
                return Ok(None);
            };
            if t.at_bol() && is_hash(self.sm, &t) {
                self.directive()?;
                continue;
            }
            f.pos += 1;
            if t.kind == TokenKind::Unterminated {
                self.unterminated_literal(&t);
            }
            return Ok(Some(t));
        }
    }

    /// gcc: a lone `'` is a warning, a lone `"` an error; both keep going.
    pub fn unterminated_literal(&mut self, t: &Token) {
        let s = spelling(self.sm, t);
        let double = s.bytes().find(|&b| b == b'"' || b == b'\'') == Some(b'"');
        let d = if double {
            Diagnostic::error(t.origin, "missing terminating \" character")
        } else {
            Diagnostic::warning(t.origin, "missing terminating ' character")
        };
        self.out.diagnostics.push(d);
    }

    /// The source text of tokens `first..=last` as written: splices removed, line breaks
    /// (inside comments) as spaces.
    pub fn text_between(&self, first: &Token, last: &Token) -> String {
        if first.span.file != last.span.file || last.span.end < first.span.start {
            return scan::render(self.sm, std::slice::from_ref(first));
        }
        let span = Span {
            file: first.span.file,
            start: first.span.start,
            end: last.span.end,
        };
        let text = scan::clean(self.sm.text(span));
        if text.contains(['\n', '\r']) {
            text.replace(['\n', '\r'], " ")
        } else {
            text.into_owned()
        }
    }

    pub fn spell(&self, t: &Token) -> Cow<'_, str> {
        spelling(self.sm, t)
    }

    pub fn finish(self) -> (Output, MacroTable) {
        (self.out, self.macros.into_owned())
    }
}

/// `#if` from `#if X`, `#ifndef` from `#ifndef X` (for messages).
fn directive_word(opening: &str) -> String {
    let rest = opening.trim_start_matches('#').trim_start();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    format!("#{word}")
}

pub fn is_hash(sm: &SourceMap, t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(sm.text(t.span), "#" | "%:")
}

pub fn is_punct(sm: &SourceMap, t: &Token, p: &str) -> bool {
    t.kind == TokenKind::Punct && sm.text(t.span) == p
}

/// Preprocesses `main` as a translation unit.
pub fn run(mut shared: Shared, main: &Path) -> Result<Output, Diagnostic> {
    let pre = builtin::predefined(&mut shared)?;
    let sizes = shared.cache.unit_sizes;
    let mut unit = UnitPreprocessor::new(shared.reborrow(), Cow::Owned(pre.macros.clone()));
    unit.out.tokens = Vec::with_capacity(sizes.tokens);
    unit.out.history = Vec::with_capacity(sizes.history.max(pre.history.len()));
    unit.out.history.extend_from_slice(&pre.history);
    unit.out.diagnostics = pre.diagnostics.clone();
    unit.includes.base_file = main.display().to_string();
    let id = unit.load(main, None)?;
    let dir_index = builtin_dir_index(&mut unit, main);
    unit.enter(id, dir_index, None)?;
    unit.main_loop()?;
    let (mut out, macros) = unit.finish();
    out.macros = macros;
    let sizes = &mut shared.cache.unit_sizes;
    sizes.tokens = sizes.tokens.max(out.tokens.len());
    sizes.history = sizes.history.max(out.history.len());
    if out.macros.len() > pre.macros.capacity() {
        // Units clone the predefined table: with room for the largest unit's macros, their
        // `#define`s never rehash it.
        let mut grown = Predefined::clone(&pre);
        grown.macros.reserve(out.macros.len() - grown.macros.len());
        shared.cache.predefined = Some(Rc::new(grown));
    }
    Ok(out)
}

/// Expands `tokens` with a finished unit's macros.
pub fn expand_tokens(
    shared: Shared,
    macros: &MacroTable,
    objects: Option<&mut super::ObjectLike>,
    tokens: &[Token],
) -> Result<Vec<Token>, Diagnostic> {
    let mut unit = UnitPreprocessor::new(shared, Cow::Borrowed(macros));
    unit.objects = objects;
    unit.expand_isolated(tokens.to_vec())
}

/// Expands `tokens` one invocation at a time with a finished unit's macros.
pub fn expand_steps(
    shared: Shared,
    macros: &MacroTable,
    tokens: &[Token],
    max_steps: usize,
) -> Result<Vec<super::ExpansionStep>, Diagnostic> {
    UnitPreprocessor::new(shared, Cow::Borrowed(macros)).expand_steps(tokens, max_steps)
}

/// The `<…>` chain for this unit (cached).
/// A header deftab brings is only ever found in its own directory of the `<…>` chain, so
/// its `#include_next` continues after that directory (to the C library's `<limits.h>`),
/// as when a program includes it. Other main files were not found through the chain.
fn builtin_dir_index(unit: &mut UnitPreprocessor, main: &Path) -> Option<usize> {
    let dir = Path::new(crate::target::include::DIR);
    if !main.starts_with(dir) {
        return None;
    }
    chain_dirs(unit).iter().position(|d| d == dir)
}

pub fn chain_dirs(unit: &mut UnitPreprocessor) -> Rc<Vec<PathBuf>> {
    if let Some(d) = &unit.cache.angle_dirs {
        return d.clone();
    }
    let d = Rc::new(include::angle_dirs(unit.target, unit.opts));
    unit.cache.angle_dirs = Some(d.clone());
    d
}
