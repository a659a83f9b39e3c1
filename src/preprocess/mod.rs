//! Preprocessing (C11 translation phase 4): directives, includes, macros, the target.
//!
//! Entry point: [`Preprocessor::run`] turns one header into the token stream of its
//! translation unit plus the macro state at its end ([`Output`]). The same preprocessor
//! then [`Preprocessor::expand`]s a macro's body for the evaluator, with the final macro
//! table, as a use at the end of the header would.
//!
//! Included files are scanned once per [`Preprocessor`] (a cache keyed by [`FileId`], so
//! one preprocessor must always be used with the same [`SourceMap`]), so a `dump` of many
//! headers reads `linux/types.h` once; and what including a file did is replayed when it is
//! included again in the same macro state (`memo`). The target's predefined macros and the
//! `-D`/`-U` options are likewise processed once and copied into every unit.
//!
//! [`Preprocessor::expand_steps`] shows the same expansion one macro at a time (`explain`).
//!
//! Layout: `unit` (per-run state, file reading, the main loop), `directive` (`#define`,
//! `#line`, …), `condition` (`#if` family, skipping), `include` (search paths, guards),
//! `memo` (replaying included files), `expand` (macro expansion), `builtin` (predefined and dynamic macros, `__has_*`), `pragma_op` (`_Pragma`), `steps`
//! (step-wise expansion).

mod builtin;
mod condition;
mod directive;
mod expand;
mod include;
mod memo;
mod objlike;
mod pragma_op;
mod steps;
mod unit;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_gcc;
#[cfg(test)]
mod tests_memo;

pub use include::angle_dirs;
pub use objlike::ObjectLike;
pub use steps::ExpansionStep;

use crate::diag::Diagnostic;
use crate::scan::Token;
use crate::source::{FileId, Loc, SourceMap};
use crate::target::Target;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

/// `-D`/`-U` from the command line, applied in order after the target's predefined macros.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CmdMacro {
    /// `NAME`, `NAME=VALUE` or `NAME(args)=VALUE` (as gcc: `NAME` alone means `NAME=1`).
    Define(String),
    Undef(String),
}

/// Guards against hostile input; every limit is an error with a position, never a crash.
/// The command line sets them with `--limit NAME=VALUE` ([`Limits::set`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Nested `#include` depth (gcc: 200).
    pub include_depth: usize,
    /// Nested macro expansions.
    pub expansion_depth: usize,
    /// Tokens one expansion may produce.
    pub expansion_tokens: usize,
    /// Tokens one translation unit may produce.
    pub unit_tokens: usize,
    /// Bytes of one file read from disk.
    pub file_size: u64,
    /// Bytes of one line of a file read from disk.
    pub line_length: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            include_depth: 200,
            expansion_depth: 1000,
            expansion_tokens: 1 << 20,
            unit_tokens: 1 << 24,
            file_size: crate::source::DEFAULT_MAX_FILE_SIZE,
            line_length: crate::source::DEFAULT_MAX_LINE_LENGTH,
        }
    }
}

/// A limit name that is not one of [`Limits::NAMES`].
#[derive(Debug, thiserror::Error)]
#[error("unknown limit `{0}` (known: {known})", known = Limits::NAMES.map(|(n, _)| n).join(", "))]
pub struct UnknownLimit(pub String);

impl Limits {
    /// The names [`Limits::set`] accepts, with what they bound.
    pub const NAMES: [(&'static str, &'static str); 6] = [
        ("include-depth", "nested #include levels"),
        ("expansion-depth", "nested macro expansions"),
        ("expansion-tokens", "tokens one macro expansion may produce"),
        ("unit-tokens", "tokens of one preprocessed header"),
        ("file-size", "bytes of one file"),
        ("line-length", "bytes of one line"),
    ];

    /// Sets the limit called `name` (one of [`Limits::NAMES`]).
    pub fn set(&mut self, name: &str, value: u64) -> Result<(), UnknownLimit> {
        let size = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
        match name {
            "include-depth" => self.include_depth = size(value),
            "expansion-depth" => self.expansion_depth = size(value),
            "expansion-tokens" => self.expansion_tokens = size(value),
            "unit-tokens" => self.unit_tokens = size(value),
            "file-size" => self.file_size = value,
            "line-length" => self.line_length = size(value),
            _ => return Err(UnknownLimit(name.to_string())),
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `-I` directories, searched for `"…"` (after the including file's directory) and `<…>`.
    pub include_dirs: Vec<PathBuf>,
    /// System directories searched after `-I` and the built-in headers. `None`: what the
    /// target's Debian gcc searches: for the host, `/usr/include/<triplet>` then
    /// `/usr/include`; for another target, its cross sysroot `/usr/<triplet>/include` when
    /// installed, else the same as the host (as `gcc -m32` does).
    pub system_dirs: Option<Vec<PathBuf>>,
    /// `asm/` header names that, when no directory has them, are `asm-generic/<name>`, as
    /// the kernel's `headers_install` generates them (see [`crate::target::kernel_tree`]).
    pub asm_generic: Vec<String>,
    /// Files served from memory at their paths (a kernel tree's generated syscall headers,
    /// see [`crate::target::unistd`]), as if they were on disk.
    pub generated: Vec<crate::target::unistd::GeneratedHeader>,
    /// `<…>` headers whose `#include` lines are dropped, as headers_install drops
    /// `#include <linux/compiler_types.h>` from uapi headers.
    pub removed_includes: Vec<String>,
    /// Leave out deftab's own compiler headers (`<stddef.h>`, `<limits.h>`, …; see
    /// [`crate::target::include`]), e.g. when `system_dirs` lists a real compiler's.
    pub without_builtin_headers: bool,
    /// Do not read the C library's `<stdc-predef.h>` before the header (gcc reads it
    /// implicitly unless `-ffreestanding` or `-nostdinc`: `__STDC_IEC_559__`,
    /// `__STDC_ISO_10646__`).
    pub without_stdc_predef: bool,
    pub macros: Vec<CmdMacro>,
    pub limits: Limits,
}

impl Options {
    /// Reads a kernel tree's headers instead of the system's, laid out as headers_install
    /// would install them ([`crate::target::kernel_tree::roots`]).
    pub fn read_kernel_tree(&mut self, roots: crate::target::kernel_tree::KernelRoots) {
        self.system_dirs = Some(roots.dirs);
        self.asm_generic = roots.asm_generic;
        self.removed_includes = roots.removed_includes;
        self.generated = roots.generated;
        let defines = roots.defines.into_iter().map(CmdMacro::Define);
        // First, so the user's own -D/-U can still override them.
        self.macros.splice(0..0, defines);
    }
}

/// The macros defined at one point of a unit, by name (a fast hash: it is looked up for
/// every identifier the preprocessor reads; shared names: every unit starts from a copy of
/// the predefined table).
pub type MacroTable = HashMap<Rc<str>, Rc<MacroDef>, rustc_hash::FxBuildHasher>;

/// A macro definition and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MacroDef {
    pub name: String,
    /// `None` for object-like macros; parameter names otherwise (`__VA_ARGS__` not listed;
    /// a GNU named variadic `args...` is listed, see [`MacroDef::named_variadic`]).
    pub params: Option<Vec<String>>,
    pub variadic: bool,
    /// GNU `args...`: the last of `params` takes the variable arguments.
    pub named_variadic: bool,
    pub body: Vec<Token>,
    /// The macro name in its `#define` (predefined and `-D` macros live in virtual files).
    pub loc: Loc,
    /// The replacement text as written: splices removed, comments and outer blanks trimmed.
    pub text: String,
    /// What substitution needs to know of each body token, worked out at the first use.
    pub plan: expand::BodyPlan,
}

impl MacroDef {
    pub fn is_function_like(&self) -> bool {
        self.params.is_some()
    }

    /// A use of the macro's name, at its `#define`: expanding it (not the body) gives the
    /// value, and `#define SELF (SELF + 1)` does not expand SELF once more.
    pub fn name_use(&self) -> crate::scan::Token {
        crate::scan::Token {
            kind: crate::scan::TokenKind::Ident,
            span: crate::source::Span {
                file: self.loc.file,
                start: self.loc.offset,
                end: self.loc.offset + self.name.len() as u32,
            },
            origin: self.loc,
            flags: 0,
        }
    }

    /// How many arguments an invocation binds (the variable part counts as one).
    pub fn arity(&self) -> usize {
        let named = self.params.as_ref().map_or(0, Vec::len);
        named + usize::from(self.variadic && !self.named_variadic)
    }
}

/// One step in a translation unit's macro history, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MacroEvent {
    Define(Rc<MacroDef>),
    Undef {
        name: String,
        loc: Loc,
    },
    /// A `#define` inside a group that was skipped, with the condition that skipped it
    /// (`#if defined(__s390x__)`, as written) and where that condition is.
    Inactive {
        name: String,
        loc: Loc,
        condition: String,
        condition_loc: Loc,
    },
}

/// One preprocessed translation unit.
#[derive(Debug, Default)]
pub struct Output {
    /// The tokens lang-c parses (no directives left). Origins point into the headers.
    pub tokens: Vec<Token>,
    /// Macros defined at the end of the unit.
    pub macros: MacroTable,
    pub history: Vec<MacroEvent>,
    /// Every file entered, in first-entry order (the main file first).
    pub files: Vec<FileId>,
    /// Warnings and non-fatal errors (`#warning`, an active `#error`, non-UTF-8 bytes…).
    pub diagnostics: Vec<Diagnostic>,
    /// `#pragma pack` directives in order, each with the number of tokens before it (they
    /// change the layout of the records defined after them).
    pub pack_pragmas: Vec<(usize, PackPragma)>,
}

/// A `#pragma pack(…)`; alignments in bytes, `None` for the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackPragma {
    /// `pack(N)`, `pack()`.
    Set(Option<u64>),
    /// `pack(push)`, `pack(push, N)` (identifiers are ignored).
    Push(Option<u64>),
    /// `pack(pop)`.
    Pop,
}

/// A scanned file and what the multiple-include optimisation knows about it.
pub(crate) struct FileInfo {
    pub tokens: Rc<Vec<Token>>,
    /// `X` when the whole file is `#ifndef X` … `#endif` (so it is empty once X is defined).
    pub guard: Option<String>,
}

/// The state of the predefined macros, computed once and copied into every unit.
#[derive(Clone)]
pub(crate) struct Predefined {
    pub macros: MacroTable,
    pub history: Vec<MacroEvent>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a [`Preprocessor`] remembers between units.
#[derive(Default)]
pub(crate) struct Cache {
    pub files: rustc_hash::FxHashMap<FileId, Rc<FileInfo>>,
    /// Parsed `#define` lines by the position of their `#` (see `UnitPreprocessor::cached_define`).
    pub defines: rustc_hash::FxHashMap<(FileId, u32), Result<Rc<MacroDef>, Diagnostic>>,
    /// Whether a candidate include path is an existing file.
    pub exists: rustc_hash::FxHashMap<PathBuf, bool>,
    /// Text invented by expansions (shared by every unit and `expand` call).
    pub scratch: Option<Scratch>,
    pub predefined: Option<Rc<Predefined>>,
    /// `-I` then system directories.
    pub angle_dirs: Option<Rc<Vec<PathBuf>>>,
    /// What including a file did, for replay in later units (see `memo`).
    pub memo: memo::Memo,
    /// The largest unit so far: a new unit's vectors start that big instead of growing
    /// (and copying) from empty.
    pub unit_sizes: UnitSizes,
    /// The last position-dependent built-in expanded (`__LINE__`, `__COUNTER__`, …), for
    /// [`Preprocessor::take_position_dependent`].
    pub position_dependent: Option<&'static str>,
}

/// The file that holds text invented by expansions, and its spellings `0` and `1` (results
/// of `defined`, `__has_include`…).
#[derive(Clone, Copy)]
pub(crate) struct Scratch {
    pub file: FileId,
    pub zero: crate::source::Span,
    pub one: crate::source::Span,
}

impl Scratch {
    fn new(sm: &mut SourceMap) -> Scratch {
        let file = sm.new_scratch();
        let zero = sm.append_scratch(file, "0");
        let one = sm.append_scratch(file, "1");
        Scratch { file, zero, one }
    }
}

/// Token and history counts of a unit (see [`Cache::unit_sizes`]).
#[derive(Clone, Copy, Default)]
pub(crate) struct UnitSizes {
    pub tokens: usize,
    pub history: usize,
}

/// The preprocessor of one run: options, target, and the scanned-file cache.
pub struct Preprocessor<'t> {
    pub target: &'t Target,
    pub options: Options,
    cache: Cache,
}

impl<'t> Preprocessor<'t> {
    pub fn new(target: &'t Target, options: Options) -> Preprocessor<'t> {
        let mut cache = Cache::default();
        for g in &options.generated {
            cache.exists.insert(g.path.clone(), true);
        }
        Preprocessor {
            target,
            options,
            cache,
        }
    }

    /// What a unit of this preprocessor borrows, with `sm`.
    fn shared<'s>(&'s mut self, sm: &'s mut SourceMap) -> unit::Shared<'s> {
        unit::Shared {
            target: self.target,
            opts: &self.options,
            cache: &mut self.cache,
            sm,
        }
    }

    /// Gives `sm` the text of the files the options serve from memory (before any load).
    pub fn provide_generated(&self, sm: &mut SourceMap) {
        for g in &self.options.generated {
            sm.provide(&g.path, &g.text);
        }
    }

    /// Resolves a header named on the command line: an existing path, or else a name looked
    /// up like `#include <NAME>`. The error lists the directories searched.
    pub fn find_header(&self, name: &str) -> Result<PathBuf, Diagnostic> {
        let path = PathBuf::from(name);
        if path.is_dir() {
            return Err(Diagnostic::error(
                None,
                format!("`{name}` is a directory, not a header"),
            ));
        }
        // Any file that is not a directory: a pipe (`<(…)`), /dev/stdin, /dev/null.
        if path.exists() {
            return Ok(path);
        }
        let dirs = include::angle_dirs(self.target, &self.options);
        let generated = &self.options.generated;
        let exists = &mut |p: &std::path::Path| {
            generated.iter().any(|g| g.path == p) || crate::target::include::exists(p)
        };
        match include::search_headers(exists, &dirs, 0, name, &self.options) {
            Some((p, _)) => Ok(p),
            None => {
                let mut d = include::not_found(None, name, &dirs)
                    .with_note(format!("`{name}` is not an existing file either"));
                if let Some(hint) = include::missing_arch_hint(self.target, &self.options, name) {
                    d = d.with_note(hint);
                }
                Err(d)
            }
        }
    }

    /// Preprocesses `main` as a translation unit. `Err` is fatal (missing include, include
    /// cycle or depth, unterminated `#if`/comment, a limit); other problems are in
    /// [`Output::diagnostics`].
    pub fn run(
        &mut self,
        sm: &mut SourceMap,
        main: &std::path::Path,
    ) -> Result<Output, Diagnostic> {
        self.provide_generated(sm);
        unit::run(self.shared(sm), main)
    }

    /// Fully expands `tokens` with `macros` (the final table of a unit), rescanning as C
    /// requires. Expanded tokens take the origin of the outermost invocation.
    pub fn expand(
        &mut self,
        sm: &mut SourceMap,
        macros: &MacroTable,
        tokens: &[Token],
    ) -> Result<Vec<Token>, Diagnostic> {
        unit::expand_tokens(self.shared(sm), macros, None, tokens)
    }

    /// [`Preprocessor::expand`] with `objects`, the memoized expansions of `macros`'
    /// object-like macros (one [`ObjectLike`] per table): the same tokens, fewer steps.
    pub fn expand_memoized(
        &mut self,
        sm: &mut SourceMap,
        macros: &MacroTable,
        objects: &mut ObjectLike,
        tokens: &[Token],
    ) -> Result<Vec<Token>, Diagnostic> {
        unit::expand_tokens(self.shared(sm), macros, Some(objects), tokens)
    }

    /// The position-dependent built-in (`__LINE__`, `__FILE__`, `__COUNTER__`,
    /// `__INCLUDE_LEVEL__`) expanded since the last call, if any: a macro whose expansion
    /// uses one has no fixed value (it depends on where it is expanded).
    pub fn take_position_dependent(&mut self) -> Option<&'static str> {
        self.cache.position_dependent.take()
    }

    /// [`Preprocessor::expand`] one macro invocation at a time (leftmost first, arguments
    /// as written), for display; at most `max_steps` steps. Each step holds the whole
    /// sequence after it. Compare the last step with [`Preprocessor::expand`]: that is the
    /// C result.
    pub fn expand_steps(
        &mut self,
        sm: &mut SourceMap,
        macros: &MacroTable,
        tokens: &[Token],
        max_steps: usize,
    ) -> Result<Vec<ExpansionStep>, Diagnostic> {
        unit::expand_steps(self.shared(sm), macros, tokens, max_steps)
    }
}
