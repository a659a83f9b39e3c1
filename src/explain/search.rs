//! Which headers define a name, found by reading text (no preprocessing): fast enough to
//! scan the `linux/`, `asm/` and `asm-generic/` headers of every include directory on each
//! call. Used to pick the header to explain when none is given, for hints ("defined in
//! linux/X.h, not included"), and for "did you mean" when no header defines a name.

use crate::diag::Diagnostic;
use crate::header::Session;
use regex::Regex;
use std::path::{Path, PathBuf};

/// The directories searched under each include directory, in this order: a name the
/// target's `asm/` defines is found there before the generic definition it replaces.
const SUBDIRS: [&str; 3] = ["linux", "asm", "asm-generic"];

/// A header that appears to define the name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// As `#include <…>` names it: `linux/fadvise.h`.
    pub header: String,
    pub path: PathBuf,
    pub line: u32,
}

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

/// Headers with `#define NAME` or an enumerator-like line `NAME = …`, `NAME,`: in
/// [`SUBDIRS`] order, then root order, then by file name.
pub fn definitions(roots: &[PathBuf], name: &str) -> Vec<Found> {
    find(roots, name, |line| defined_name(line) == Some(name))
}

/// Headers with `enum TAG {`.
pub fn enum_tag(roots: &[PathBuf], tag: &str) -> Vec<Found> {
    let pattern = format!(r"\benum[ \t]+{}[ \t]*(\{{|$)", regex::escape(tag));
    let Ok(re) = Regex::new(&pattern) else {
        return vec![];
    };
    find(roots, tag, |line| re.is_match(line))
}

/// "no header defines it", with the names closest to `name` that some header defines
/// (a misspelling) or, failing that, how to name the header.
pub fn not_found(roots: &[PathBuf], name: &str) -> Diagnostic {
    let d = Diagnostic::error(
        None,
        format!("`{name}`: no {} defines it", roots_text(roots)),
    );
    let near = near_definitions(roots, name);
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

/// The name a line defines: `#define NAME`, or an enumerator-like `NAME = …`, `NAME,`,
/// `NAME` alone.
fn defined_name(line: &str) -> Option<&str> {
    let line = line.trim_start_matches([' ', '\t']);
    let (name, after) = match line.strip_prefix('#') {
        Some(directive) => {
            let rest = directive
                .trim_start_matches([' ', '\t'])
                .strip_prefix("define")?;
            let rest_trimmed = rest.trim_start_matches([' ', '\t']);
            if rest_trimmed.len() == rest.len() {
                return None;
            }
            let (name, _) = split_identifier(rest_trimmed)?;
            return Some(name);
        }
        None => split_identifier(line)?,
    };
    let after = after.trim_start_matches([' ', '\t']);
    (after.is_empty() || after.starts_with(['=', ','])).then_some(name)
}

/// A leading C identifier and the rest of the text.
fn split_identifier(text: &str) -> Option<(&str, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let name = &text[..end];
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        .then(|| (name, &text[end..]))
}

/// The names close to `name` that the headers define, closest first, each with its first
/// definition.
fn near_definitions(roots: &[PathBuf], name: &str) -> Vec<(String, Found)> {
    // Each name's first definition: (index into `files`, line).
    let mut first: std::collections::HashMap<String, (usize, u32)> = Default::default();
    let mut files = Vec::new();
    for (root, path, text) in headers(roots) {
        for (i, line) in text.lines().enumerate() {
            if let Some(n) = defined_name(line)
                && !first.contains_key(n)
            {
                first.insert(n.to_string(), (files.len(), i as u32 + 1));
            }
        }
        files.push((root, path));
    }
    let names: Vec<&str> = first.keys().map(String::as_str).collect();
    crate::near::near_matches(name, &names)
        .into_iter()
        .map(|n| {
            let (file, line) = first[n];
            let (root, path) = &files[file];
            (n.to_string(), found(root, path, line))
        })
        .collect()
}

/// The first line of each header that contains `word` and `defines`.
fn find(roots: &[PathBuf], word: &str, defines: impl Fn(&str) -> bool) -> Vec<Found> {
    let mut out = Vec::new();
    for (root, path, text) in headers(roots) {
        if !text.contains(word) {
            continue;
        }
        if let Some(i) = text.lines().position(|l| l.contains(word) && defines(l)) {
            out.push(found(root, &path, i as u32 + 1));
        }
    }
    out
}

fn found(root: &Path, path: &Path, line: u32) -> Found {
    let header = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned();
    Found {
        header,
        path: path.to_path_buf(),
        line,
    }
}

/// The searched headers with their root and text, in search order (unreadable ones left
/// out).
fn headers(roots: &[PathBuf]) -> impl Iterator<Item = (&Path, PathBuf, String)> {
    SUBDIRS.iter().flat_map(move |sub| {
        roots.iter().flat_map(move |root| {
            headers_in(&root.join(sub)).into_iter().filter_map(|path| {
                let bytes = std::fs::read(&path).ok()?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                Some((root.as_path(), path, text))
            })
        })
    })
}

/// The `*.h` files of a directory, sorted (none if it cannot be read).
fn headers_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "h"))
        .collect();
    files.sort();
    files
}
