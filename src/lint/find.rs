//! Finding the hand-kept tables of a C file, from its own tokens (deftab's scanner; no
//! compiler, and no include followed: a table must not be lost to a header that is
//! missing).
//!
//! Shapes: arrays of `char *` initialized with strings, positional or designated
//! (`[3] = "X"`, `[CONST] = "X"`, `[_IOC_NR(CONST)] = "X"`), optionally sized
//! (`[PERF_COUNT_HW_MAX]`); the prefix and offset that `DEFINE_STRARRAY(arr, "PFX")` and
//! `DEFINE_STRARRAY_OFFSET(arr, "PFX", OFF)` give them; `switch` statements whose cases
//! produce strings, also when the cases come from a macro defined in the file
//! (`#define P_X(n) case PFX##n: return #n`). `#if`s inside a table are kept with each
//! entry, to be decided per target.

mod array;
mod switch;
mod tokens;

use crate::diag::Diagnostic;
use crate::source::{FileId, SourceMap};
pub use tokens::Tok;

/// One table found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundTable {
    pub name: String,
    /// The line of its name.
    pub line: u32,
    pub shape: Shape,
    pub entries: Vec<Entry>,
    /// The array's size as written (`PERF_COUNT_HW_MAX`), if any.
    pub size: Option<Vec<Tok>>,
    /// What the names lack: `"BPF_"` (DEFINE_STRARRAY, or a case macro's `BPF_##n`).
    pub prefix: Option<String>,
    /// The value of index 0 as written (DEFINE_STRARRAY_OFFSET): `1`, `F_LINUX_SPECIFIC_BASE`.
    pub offset: Option<Vec<Tok>>,
    /// The `asm-generic/` headers the file includes by that name (`<uapi/asm-generic/
    /// ioctls.h>` → `asm-generic/ioctls.h`): read as such, not as the target's `asm/`.
    pub includes: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Value → name by position (plus an offset).
    Array,
    /// Value → name by `case`.
    Switch,
}

/// One entry: where it goes, and its string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub index: Index,
    /// `None`: an empty slot (`NULL`, `0`).
    pub text: Option<String>,
    /// The `#if`s around it, outermost first.
    pub conds: Vec<Cond>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Index {
    /// After the previous entry (the first: 0).
    Next,
    /// A designator or case label, as written.
    Expr(Vec<Tok>),
}

/// An `#if` an entry depends on, as written, and which branch the entry is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cond {
    /// The directive's condition: for `#ifdef X` `defined X`, for `#ifndef X` `!defined X`.
    pub expr: Vec<Tok>,
    /// The entry is in the `#else` branch.
    pub negated: bool,
}

/// The tables of `file` (already loaded in `sm`), in file order.
pub fn tables(sm: &SourceMap, file: FileId) -> Result<Vec<FoundTable>, Diagnostic> {
    let toks = tokens::read(sm, file)?;
    let macros = tokens::local_macros(&toks);
    let mut found = array::arrays(&toks);
    found.extend(switch::switches(&toks, &macros));
    for (name, prefix, offset) in array::strarray_uses(&toks) {
        if let Some(t) = found
            .iter_mut()
            .find(|t| t.name == name && t.shape == Shape::Array)
        {
            t.prefix = Some(prefix);
            t.offset = offset;
        }
    }
    let generic = tokens::generic_includes(&toks);
    for t in &mut found {
        t.includes = generic.clone();
    }
    found.sort_by_key(|t| t.line);
    Ok(found)
}
