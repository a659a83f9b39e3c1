//! The include memo: what preprocessing an included file did, replayed when the same file
//! is included again in the same state (every `dump` unit re-includes `linux/types.h`…).
//!
//! While a file F is being read (entered by `#include` at top level: no expansion or
//! argument list open), a [`Recording`] notes F's effects (tokens, macro writes, history,
//! diagnostics, `#pragma pack`, files entered, `#pragma once` marks) and its *dependencies*:
//! every macro-table lookup and `#pragma once` test whose answer came from outside F (names
//! F itself wrote are internal). A later `#include` of F (same file, same `#include_next`
//! position) whose dependencies all resolve to the identical definitions (`Rc::ptr_eq`; the
//! define-line cache shares one `Rc` per `#define` line) replays the effects instead.
//!
//! Not memoized: a file whose processing depended on its includer in another way
//! (`__COUNTER__`, `__INCLUDE_LEVEL__`, `__BASE_FILE__`, `__LINE__`/`__FILE__` of an
//! outer file, a diagnostic carrying the include chain, a first-time load warning), or that
//! failed. Replay is refused when a limit (include depth, unit tokens) could then differ.

use super::unit::UnitPreprocessor;
use super::{MacroDef, MacroEvent, PackPragma};
use crate::diag::Diagnostic;
use crate::scan::Token;
use crate::source::FileId;
use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;

/// Files remembered per (file, `#include_next` position): different include states.
const ENTRIES_PER_FILE: usize = 8;
/// Bytes (estimated) all remembered effects of one preprocessor may hold together.
const BYTE_BUDGET: usize = BUDGET_KIB << 10;
const BUDGET_KIB: usize = 4096;

/// Which inclusion: the file and the index of its directory in the `<…>` chain.
type Key = (FileId, Option<usize>);

/// What including one file did, and what it depended on.
pub(crate) struct Effect {
    /// Macro lookups answered from outside: the definition seen (`None`: undefined).
    deps: Vec<(String, Option<Rc<MacroDef>>)>,
    /// `#pragma once` tests answered from outside.
    once_deps: Vec<(FileId, bool)>,
    tokens: Vec<Token>,
    /// The final state of every macro the file (or its includes) wrote.
    writes: Vec<(Rc<str>, Option<Rc<MacroDef>>)>,
    history: Vec<MacroEvent>,
    diagnostics: Vec<Diagnostic>,
    /// Positions relative to the file's first token.
    pack_pragmas: Vec<(usize, PackPragma)>,
    /// Every file entered, in first-entry order (the file itself first).
    files: Vec<FileId>,
    once_marks: Vec<FileId>,
    /// The deepest include stack reached, relative to the file's own level.
    max_depth: usize,
}

impl Effect {
    /// Roughly the heap and inline bytes this effect holds.
    fn bytes(&self) -> usize {
        use std::mem::size_of;
        let entry = size_of::<(String, Option<Rc<MacroDef>>)>();
        let deps: usize = self.deps.iter().map(|(n, _)| n.len() + entry).sum();
        let writes: usize = self.writes.iter().map(|(n, _)| n.len() + entry).sum();
        let history: usize = self
            .history
            .iter()
            .map(|e| {
                size_of::<MacroEvent>()
                    + match e {
                        MacroEvent::Define(_) => 0,
                        MacroEvent::Undef { name, .. } => name.len(),
                        MacroEvent::Inactive {
                            name, condition, ..
                        } => name.len() + condition.len(),
                    }
            })
            .sum();
        size_of::<Effect>()
            + deps
            + writes
            + history
            + self.tokens.len() * size_of::<Token>()
            + self.diagnostics.len() * 256
            + self.pack_pragmas.len() * size_of::<(usize, PackPragma)>()
            + (self.files.len() + self.once_marks.len()) * size_of::<FileId>()
            + self.once_deps.len() * size_of::<(FileId, bool)>()
    }
}

/// Remembered effects of a [`super::Preprocessor`] (shared by its units).
#[derive(Default)]
pub(crate) struct Memo {
    entries: FxHashMap<Key, Vec<Rc<Effect>>>,
    /// Estimated bytes held.
    bytes: usize,
    /// An effect did not fit: recording stops (it would cost every later unit for nothing).
    full: bool,
    /// Replays done (tests check that the memo is used, or not).
    pub replays: usize,
}

/// A file being read whose effect may be memoized.
pub(crate) struct Recording {
    key: Key,
    /// Index of the file's frame on the include stack.
    frame: usize,
    start_tokens: usize,
    start_history: usize,
    start_diagnostics: usize,
    start_pack: usize,
    /// With the order of first lookup (a replay tests them in that order: the guards
    /// that differ between units come first).
    deps: FxHashMap<String, (usize, Option<Rc<MacroDef>>)>,
    once_deps: FxHashMap<FileId, bool>,
    writes: FxHashMap<Rc<str>, Option<Rc<MacroDef>>>,
    files: Vec<FileId>,
    files_seen: FxHashSet<FileId>,
    once_marks: FxHashSet<FileId>,
    max_depth: usize,
    poisoned: bool,
}

fn same_def(a: &Option<Rc<MacroDef>>, b: Option<&Rc<MacroDef>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        _ => false,
    }
}

impl UnitPreprocessor<'_> {
    /// Looks a macro up, noting the answer as a dependency of the files being recorded.
    pub fn lookup(&mut self, name: &str) -> Option<Rc<MacroDef>> {
        let found = self.macros.get(name).cloned();
        if !self.recordings.is_empty() {
            note_dep(&mut self.recordings, name, &found);
        }
        found
    }

    /// Whether `file` had `#pragma once` (a dependency of the files being recorded).
    pub fn is_once(&mut self, file: FileId) -> bool {
        let once = self.includes.once.contains(&file);
        note_once_dep(&mut self.recordings, file, once);
        once
    }

    /// Marks `file` `#pragma once`.
    pub fn mark_once(&mut self, file: FileId) {
        self.includes.once.insert(file);
        for r in &mut self.recordings {
            r.once_marks.insert(file);
        }
    }

    /// Defines (`Some`) or undefines a macro.
    pub fn write_macro(&mut self, name: &str, def: Option<Rc<MacroDef>>) {
        let name: Rc<str> = match self.macros.get_key_value(name) {
            Some((k, _)) => k.clone(),
            None => Rc::from(name),
        };
        self.write_named(&name, def);
    }

    fn write_named(&mut self, name: &Rc<str>, def: Option<Rc<MacroDef>>) {
        for r in &mut self.recordings {
            r.writes.insert(name.clone(), def.clone());
        }
        match def {
            Some(d) => {
                self.macros.to_mut().insert(name.clone(), d);
            }
            None => {
                self.macros.to_mut().remove(name);
            }
        }
    }

    /// The files being recorded depend on their includer: they will not be memoized.
    /// `from`: only the recordings of files at that include-stack index or deeper.
    pub fn poison_recordings(&mut self, from: usize) {
        for r in &mut self.recordings {
            if r.frame >= from {
                r.poisoned = true;
            }
        }
    }

    /// Notes a file pushed on the include stack (`depth`: the stack size before).
    pub fn note_entered(&mut self, file: FileId, depth: usize) {
        for r in &mut self.recordings {
            if r.files_seen.insert(file) {
                r.files.push(file);
            }
            r.max_depth = r.max_depth.max(depth - r.frame);
        }
    }

    /// Whether an `#include` read now is at top level, where a file's effect is its own.
    fn memo_point(&self) -> bool {
        self.expansion.contexts.is_empty()
            && self.expansion.lookahead.is_empty()
            && self.expansion.arg_reading == 0
            && self.expansion.expanded == 0
            && !self.expansion.in_if
    }

    /// Replays a remembered effect of including `key.0` if one matches the current state.
    pub fn try_replay(&mut self, key: Key) -> bool {
        if !self.memo_point() {
            return false;
        }
        let Some(entries) = self.cache.memo.entries.get(&key) else {
            return false;
        };
        let depth = self.includes.frames.len();
        let limits = &self.opts.limits;
        let found = entries.iter().find(|e| {
            depth + e.max_depth < limits.include_depth
                && self.out.tokens.len() + e.tokens.len() <= limits.unit_tokens
                && e.once_deps
                    .iter()
                    .all(|(f, once)| self.includes.once.contains(f) == *once)
                && e.deps
                    .iter()
                    .all(|(name, def)| same_def(def, self.macros.get(name.as_str())))
        });
        let Some(effect) = found.cloned() else {
            return false;
        };
        self.cache.memo.replays += 1;
        self.replay(&effect, depth);
        true
    }

    fn replay(&mut self, e: &Effect, depth: usize) {
        for (name, def) in &e.deps {
            note_dep(&mut self.recordings, name, def);
        }
        for &(file, once) in &e.once_deps {
            note_once_dep(&mut self.recordings, file, once);
        }
        let base = self.out.tokens.len();
        self.out.tokens.extend_from_slice(&e.tokens);
        for (name, def) in &e.writes {
            self.write_named(name, def.clone());
        }
        self.out.history.extend(e.history.iter().cloned());
        self.out.diagnostics.extend(e.diagnostics.iter().cloned());
        let pack = e.pack_pragmas.iter().map(|&(n, p)| (n + base, p));
        self.out.pack_pragmas.extend(pack);
        for &file in &e.files {
            if self.includes.entered.insert(file) {
                self.out.files.push(file);
            }
            for r in &mut self.recordings {
                if r.files_seen.insert(file) {
                    r.files.push(file);
                }
            }
        }
        for &file in &e.once_marks {
            self.mark_once(file);
        }
        for r in &mut self.recordings {
            r.max_depth = r.max_depth.max(depth + e.max_depth - r.frame);
        }
    }

    /// Starts recording the file just pushed (frame `files.len() - 1`), if it may be memoized.
    pub fn start_recording(&mut self, key: Key, at_memo_point: bool) {
        if !at_memo_point || self.cache.memo.full {
            return;
        }
        let full = self
            .cache
            .memo
            .entries
            .get(&key)
            .is_some_and(|v| v.len() >= ENTRIES_PER_FILE);
        if full {
            return;
        }
        let frame = self.includes.frames.len() - 1;
        self.recordings.push(Recording {
            key,
            frame,
            start_tokens: self.out.tokens.len(),
            start_history: self.out.history.len(),
            start_diagnostics: self.out.diagnostics.len(),
            start_pack: self.out.pack_pragmas.len(),
            deps: FxHashMap::default(),
            once_deps: FxHashMap::default(),
            writes: FxHashMap::default(),
            files: vec![key.0],
            files_seen: [key.0].into_iter().collect(),
            once_marks: FxHashSet::default(),
            max_depth: 0,
            poisoned: false,
        });
    }

    /// Whether an `#include` read now could be recorded (checked before entering the file).
    pub fn can_record(&self) -> bool {
        self.memo_point()
    }

    /// Ends the recording of the frame just popped (now `files.len()`), keeping its effect.
    pub fn finish_recording(&mut self) {
        if self
            .recordings
            .last()
            .is_none_or(|r| r.frame != self.includes.frames.len())
        {
            return;
        }
        let Some(r) = self.recordings.pop() else {
            return;
        };
        if r.poisoned {
            return;
        }
        let tokens = &self.out.tokens[r.start_tokens..];
        let effect = Effect {
            deps: {
                let mut deps: Vec<_> = r.deps.into_iter().collect();
                deps.sort_unstable_by_key(|(_, (seq, _))| *seq);
                deps.into_iter().map(|(n, (_, d))| (n, d)).collect()
            },
            once_deps: r.once_deps.into_iter().collect(),
            tokens: tokens.to_vec(),
            writes: r.writes.into_iter().collect(),
            history: self.out.history[r.start_history..].to_vec(),
            diagnostics: self.out.diagnostics[r.start_diagnostics..].to_vec(),
            pack_pragmas: self.out.pack_pragmas[r.start_pack..]
                .iter()
                .map(|&(n, p)| (n - r.start_tokens, p))
                .collect(),
            files: r.files,
            once_marks: r.once_marks.into_iter().collect(),
            max_depth: r.max_depth,
        };
        let memo = &mut self.cache.memo;
        let bytes = effect.bytes();
        if memo.bytes + bytes > BYTE_BUDGET {
            memo.full = true;
            return;
        }
        memo.bytes += bytes;
        let list = memo.entries.entry(r.key).or_default();
        if list.len() < ENTRIES_PER_FILE {
            list.push(Rc::new(effect));
        }
    }
}

/// Notes a lookup answer in the recordings it is external to. Writes and dependencies
/// reach every open recording, so once the innermost knows the name, the outer ones do.
fn note_dep(recordings: &mut [Recording], name: &str, found: &Option<Rc<MacroDef>>) {
    for r in recordings.iter_mut().rev() {
        if r.writes.contains_key(name) || r.deps.contains_key(name) {
            break;
        }
        let seq = r.deps.len();
        r.deps.insert(name.to_string(), (seq, found.clone()));
    }
}

fn note_once_dep(recordings: &mut [Recording], file: FileId, once: bool) {
    for r in recordings.iter_mut().rev() {
        if r.once_marks.contains(&file) || r.once_deps.contains_key(&file) {
            break;
        }
        r.once_deps.insert(file, once);
    }
}

/// Looks `name` up in `macros`, noting the answer in the recordings (a free function so
/// that callers can hold a spelling borrowed from the source map).
pub fn lookup(
    macros: &super::MacroTable,
    recordings: &mut [Recording],
    name: &str,
) -> Option<Rc<MacroDef>> {
    let found = macros.get(name).cloned();
    if !recordings.is_empty() {
        note_dep(recordings, name, &found);
    }
    found
}
