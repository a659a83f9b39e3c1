//! Which headers define a name: the text index ([`crate::header::index`]) of the `linux/`,
//! `asm/` and `asm-generic/` headers of every include directory. Used to pick the header
//! to explain when none is given, for hints ("defined in linux/X.h, not included"), and for
//! "did you mean" when no header defines a name.

use crate::diag::Diagnostic;
use crate::header::Session;
use crate::header::index::{FileCache, HeaderIndex, Scope};
use std::path::PathBuf;

/// The directories searched under each include directory, in this order: a name the
/// target's `asm/` defines is found there before the generic definition it replaces.
const SUBDIRS: [&str; 3] = ["linux", "asm", "asm-generic"];

pub use crate::header::index::Found;

/// The include directories a compiler searches for `<…>` with the session's target and
/// options: `-I` directories, then the system ones (the target's cross sysroot or
/// `/usr/include/<triplet>` and `/usr/include`, or a kernel tree's). deftab's built-in
/// compiler headers are left out: they hold no `linux/` or `asm/` headers.
pub fn roots(session: &Session) -> Vec<PathBuf> {
    crate::preprocess::angle_dirs(session.target, &session.preprocessor.options)
        .into_iter()
        .filter(|d| !d.starts_with(crate::target::include::DIR))
        .collect()
}

/// The text index of [`SUBDIRS`] under the roots: a name's definitions
/// ([`HeaderIndex::definitions`]) come in [`SUBDIRS`] order, then root order, then by file
/// name; an enum's under `enum TAG`.
pub fn index(roots: &[PathBuf]) -> HeaderIndex {
    HeaderIndex::build(roots, Scope::Subdirs(&SUBDIRS), &mut FileCache::default())
}

/// "no header defines it", with the names closest to `name` that some header defines
/// (a misspelling) or, failing that, how to name the header.
pub fn not_found(index: &HeaderIndex, roots: &[PathBuf], name: &str) -> Diagnostic {
    let d = Diagnostic::error(
        None,
        format!("`{name}`: no {} defines it", roots_text(roots)),
    );
    let near = index.near(name);
    if near.is_empty() {
        return d.with_help("name the header that defines it: deftab explain NAME HEADER");
    }
    let listed: Vec<String> = near
        .iter()
        .map(|(n, f)| format!("`{n}` ({}:{})", f.header, f.line))
        .collect();
    d.with_help(format!("did you mean {}?", listed.join(", ")))
}

/// Where the search looked: `linux/, asm/ or asm-generic/ header in
/// /usr/include/x86_64-linux-gnu, /usr/include`.
pub fn roots_text(roots: &[PathBuf]) -> String {
    let dirs: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    let [a, b, c] = SUBDIRS;
    format!("{a}/, {b}/ or {c}/ header in {}", dirs.join(", "))
}
