//! Name lists: tables written as one constant name per line, optionally with a fallback
//! value, in the format of strace's `src/xlat/*.in` (a plain list of names is the same
//! format without directives).
//!
//! [`read`] turns the text into a [`NameList`] (no headers needed); [`resolve`] reads the
//! list for one target against its headers, the way strace's generated header is compiled
//! there: the list's `#From` headers and `#include`s are included, its C conditionals are
//! evaluated by deftab's preprocessor with the target's predefined macros and the headers'
//! macros, and every active entry gets the header's value and its fallback's value.
//!
//! What each line means to deftab (`docs/strace-xlat.md` has the long form):
//! - `NAME` or `NAME FALLBACK`: an entry, in table order. NAME may be an expression without
//!   spaces (`1<<CAP_CHOWN`, `KVAL(K_F1)`: the string shown is the text), and a line
//!   `{ EXPR, "STRING" }` is an entry of its own value and string, as strace copies it. FALLBACK (the rest of the line: a
//!   number, an expression, another name, an `_IO*()` call) is evaluated in the headers'
//!   translation unit. A table uses the header's value, and the fallback only where the
//!   headers lack the name; lint compares the two.
//! - `#From PATH`: a header of the list, as a path in a kernel source tree
//!   (`include/uapi/linux/fcntl.h`, `arch/mips/include/uapi/asm/resource.h`); read as the
//!   target's build would see it (see [`from`]). Paths outside a uapi tree are not read.
//! - `#Prefix P…` / `#Pattern RE`: which constants of the `#From` headers belong to the list
//!   (lint's `missing` check).
//! - `#value_indexed`: an array indexed by value (values must be distinct and ≥ 0);
//!   `#sorted [sort command]`: sorted by value for binary search (values must increase).
//!   Both choose the table's shape (array, sorted) and are lint's `order` check.
//! - `#unconditional`, `#conditional`, `#enum`, `#val_type TYPE`: how strace spells the C
//!   (no `#ifdef NAME` guards, enumerators rather than macros, the value type); recorded,
//!   and `#enum` lists are looked up among enumerators as much as macros.
//! - `#nocheckval`: the fallbacks are not the headers' values on purpose; lint does not
//!   compare them.
//! - `#include <H>`: included before the entries (when the target's headers have it).
//! - `#Generated …` and `#` alone: comments; `/* … */` comments anywhere.
//! - C preprocessor lines (`#if`, `#ifdef`, `#ifndef`, `#elif`, `#else`, `#endif`,
//!   `#define`, `#undef`, `#error`, `#warning`, spaces after `#` allowed): copied into the
//!   translation unit as strace copies them into its generated header.
//!
//! Anything else that starts with `#` followed by a word is an error with file:line, as are
//! unbalanced conditionals and entry names that are not C identifiers.

mod from;
mod members;
mod read;
mod resolve;

pub use from::{FromHeader, from_header};
pub use members::{Members, PatternError};
pub use read::{NameListError, Problem, read, read_file};
pub use resolve::{HeaderConstant, ListNote, ResolveError, Resolved, ResolvedEntry, resolve};

use std::path::PathBuf;

/// A name list as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameList {
    /// The file it was read from, as given.
    pub path: PathBuf,
    pub directives: Directives,
    /// Entries and C preprocessor lines, in file order.
    pub items: Vec<Item>,
    /// Identifiers written in `/* … */` comments (`/* RTC_EPOCH_READ … - mpers-dependent
    /// */`): names the list leaves out on purpose.
    pub commented: Vec<String>,
}

/// The list-wide directives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directives {
    /// `#From` headers (kernel tree paths) with their lines.
    pub from: Vec<(String, u32)>,
    /// `#Prefix` words (one line may give several).
    pub prefixes: Vec<String>,
    /// `#Pattern` regexes.
    pub patterns: Vec<String>,
    pub value_indexed: bool,
    pub sorted: bool,
    pub unconditional: bool,
    pub is_enum: bool,
    pub nocheckval: bool,
    pub val_type: Option<String>,
    /// `#include <H>` / `#include "H"` names with their lines.
    pub includes: Vec<(String, u32)>,
}

/// One line of the list that matters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// 1-based line in the list.
    pub line: u32,
    pub kind: ItemKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// `NAME [FALLBACK]`, `EXPR [FALLBACK]` or `{ EXPR, "STRING" }`.
    Entry {
        /// The string shown (`NAME`, `1<<CAP_CHOWN`, `STRING`).
        name: String,
        /// The C expression of the value when it is not the identifier `name`.
        expr: Option<String>,
        fallback: Option<String>,
    },
    /// A C preprocessor line, comments removed.
    Cpp(String),
}

impl NameList {
    /// The entries in list order, whatever their conditionals.
    pub fn entries(&self) -> impl Iterator<Item = ListEntry<'_>> {
        self.items.iter().filter_map(|i| match &i.kind {
            ItemKind::Entry {
                name,
                expr,
                fallback,
            } => Some(ListEntry {
                line: i.line,
                name,
                expr: expr.as_deref(),
                fallback: fallback.as_deref(),
            }),
            ItemKind::Cpp(_) => None,
        })
    }
}

/// An entry of a list, borrowed (see [`ItemKind::Entry`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListEntry<'a> {
    pub line: u32,
    pub name: &'a str,
    pub expr: Option<&'a str>,
    pub fallback: Option<&'a str>,
}

impl ListEntry<'_> {
    /// The C expression of the entry's value.
    pub fn value_expr(&self) -> &str {
        self.expr.unwrap_or(self.name)
    }
}

#[cfg(test)]
mod tests;
