//! Which headers define which names, read as text: no preprocessing and `#if`s ignored, so
//! a name is found wherever it is written. lint uses it to find the header a table mirrors;
//! explain to pick the header to explain, for "defined in X, which the header does not
//! include" and for "did you mean". Only a guide: values always come from reading the
//! chosen header as a compiler would ([`super::Session`]).
//!
//! Written over `regex` (no crate indexes C names): comments are blanked keeping every
//! newline, so each name keeps its line; the patterns' classes are ASCII (C's identifiers
//! and spaces), several times faster than Unicode's.

use regex::Regex;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::LazyLock;

/// Directories under a root that hold no kernel or C library constants a table mirrors,
/// and are large (C++'s library).
const SKIPPED_DIRS: &[&str] = &["c++", "python3", "llvm", "boost", "qt5", "qt6", "glib-2.0"];

/// How deep under a root [`Scope::Tree`] indexes headers (`linux/netfilter/x.h` is depth 3).
const MAX_DEPTH: usize = 3;

/// Which headers under the roots are indexed.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    /// Every `.h` to [`MAX_DEPTH`], root by root (lint: any header a table may mirror).
    Tree,
    /// The `.h` files directly in these subdirectories, subdirectory by subdirectory, then
    /// root by root (explain: `linux/`, then `asm/`, then `asm-generic/`, so the target's
    /// `asm/` definition comes before the generic one it replaces).
    Subdirs(&'a [&'a str]),
}

/// The names one header's text defines, each with the line of its definition.
#[derive(Debug, Default)]
pub struct FileNames {
    /// `#define` names and enumerators.
    pub constants: Vec<(String, u32)>,
    /// Enum tags.
    pub tags: Vec<(String, u32)>,
}

/// A header that defines a name, at the line of its first definition there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// As `#include <…>` names it: `linux/fadvise.h`.
    pub header: String,
    pub path: PathBuf,
    pub line: u32,
}

/// File contents indexed once per run, whichever targets share them.
#[derive(Default)]
pub struct FileCache {
    files: HashMap<PathBuf, Rc<FileNames>>,
}

impl FileCache {
    fn names(&mut self, path: &Path) -> Rc<FileNames> {
        if let Some(n) = self.files.get(path) {
            return n.clone();
        }
        let text = std::fs::read(path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let n = Rc::new(names_of(&text));
        self.files.insert(path.to_path_buf(), n.clone());
        n
    }
}

/// The text index of the headers under some roots: the first root having an include name
/// wins it, as for a compiler.
#[derive(Default)]
pub struct HeaderIndex {
    /// Include name (`linux/bpf.h`) and path of each header, in search order.
    headers: Vec<(String, PathBuf)>,
    /// Name (constant, or `enum TAG`) → (index in `headers`, first line there); sorted, for
    /// prefixes.
    by_name: BTreeMap<String, Vec<(usize, u32)>>,
}

static DEFINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*#[ \t]*define[ \t]+[A-Za-z_][A-Za-z0-9_]*").expect("valid regex")
});
static ENUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)enum(?-u:\s)+([A-Za-z0-9_]+)?(?-u:\s)*\{([^}]*)\}").expect("valid regex")
});
static MEMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|,)(?-u:\s)*(?:#[^\n]*\n(?-u:\s)*)*([A-Za-z_][A-Za-z0-9_]*)")
        .expect("valid regex")
});

/// The names a header's text defines (comments removed; `#if`s ignored), in text order.
pub fn names_of(text: &str) -> FileNames {
    let text = blank_comments(text);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line = |at: usize| line_starts.partition_point(|&s| s <= at) as u32;
    let mut n = FileNames::default();
    // Without a capture group the match is found by the fast engine alone; the name is the
    // match's end.
    for m in DEFINE.find_iter(&text) {
        let name = m.as_str().rsplit([' ', '\t']).next().unwrap_or_default();
        n.constants.push((name.to_string(), line(m.start())));
    }
    for c in ENUM.captures_iter(&text) {
        if let Some(tag) = c.get(1) {
            n.tags.push((tag.as_str().to_string(), line(tag.start())));
        }
        let body = c.get(2).expect("a body group");
        for m in MEMBER.captures_iter(body.as_str()) {
            let name = m.get(1).expect("a name group");
            let at = body.start() + name.start();
            n.constants.push((name.as_str().to_string(), line(at)));
        }
    }
    n
}

/// `text` with each comment's bytes turned into spaces but its newlines kept, so offsets
/// and lines stay (an unterminated `/*` is left as it is).
fn blank_comments(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let mut i = 0;
    while let Some(at) = text[i..].find('/').map(|k| i + k) {
        let end = match text.as_bytes().get(at + 1) {
            Some(b'*') => text[at + 2..].find("*/").map(|k| at + 2 + k + 2),
            Some(b'/') => Some(text[at..].find('\n').map_or(text.len(), |k| at + k)),
            _ => None,
        };
        let Some(end) = end else {
            i = at + 1;
            continue;
        };
        for b in &mut out[at..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        i = end;
    }
    String::from_utf8(out).expect("only whole comments were blanked, to ASCII spaces")
}

impl HeaderIndex {
    /// Indexes the headers of `scope` under `roots`.
    pub fn build(roots: &[PathBuf], scope: Scope, cache: &mut FileCache) -> HeaderIndex {
        let mut index = HeaderIndex::default();
        let mut seen = HashSet::new();
        for (include, path) in headers(roots, scope) {
            if !seen.insert(include.clone()) {
                continue;
            }
            let names = cache.names(&path);
            let k = index.headers.len();
            index.headers.push((include, path));
            for (name, line) in &names.constants {
                index.add(name.clone(), k, *line);
            }
            for (tag, line) in &names.tags {
                index.add(format!("enum {tag}"), k, *line);
            }
        }
        index
    }

    /// Records that header `k` defines `name` at `line` (the first line per header).
    fn add(&mut self, name: String, k: usize, line: u32) {
        let places = self.by_name.entry(name).or_default();
        match places.iter_mut().find(|(h, _)| *h == k) {
            Some(place) => place.1 = place.1.min(line),
            None => places.push((k, line)),
        }
    }

    /// The headers defining `name` (a constant, or `enum TAG`), in search order.
    pub fn headers_of(&self, name: &str) -> impl Iterator<Item = &str> {
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .map(|&(k, _)| self.headers[k].0.as_str())
    }

    /// Where `name` (a constant, or `enum TAG`) is defined, in search order.
    pub fn definitions(&self, name: &str) -> Vec<Found> {
        let places = self.by_name.get(name).into_iter().flatten();
        places.map(|&(k, line)| self.found(k, line)).collect()
    }

    /// The headers defining a name that starts with `prefix`, with how many such names.
    pub fn headers_with_prefix(&self, prefix: &str) -> HashMap<&str, usize> {
        let mut out: HashMap<&str, usize> = HashMap::new();
        let names = self.by_name.range(prefix.to_string()..);
        for (_, places) in names.take_while(|(n, _)| n.starts_with(prefix)) {
            for &(k, _) in places {
                *out.entry(self.headers[k].0.as_str()).or_default() += 1;
            }
        }
        out
    }

    /// Whether a header of that include name is indexed.
    pub fn has_header(&self, include: &str) -> bool {
        self.headers.iter().any(|(h, _)| h == include)
    }

    /// The constants close to `name` that the headers define (a misspelling), closest
    /// first, each with its first definition.
    pub fn near(&self, name: &str) -> Vec<(String, Found)> {
        let names: Vec<&str> = self
            .by_name
            .keys()
            .map(String::as_str)
            .filter(|n| !n.starts_with("enum "))
            .collect();
        crate::near::near_matches(name, &names)
            .into_iter()
            .filter_map(|n| {
                let &(k, line) = self.by_name[n].iter().min()?;
                Some((n.to_string(), self.found(k, line)))
            })
            .collect()
    }

    fn found(&self, k: usize, line: u32) -> Found {
        let (header, path) = &self.headers[k];
        Found {
            header: header.clone(),
            path: path.clone(),
            line,
        }
    }
}

/// The headers of `scope` under `roots` as (include name, path), in search order.
fn headers(roots: &[PathBuf], scope: Scope) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    match scope {
        Scope::Tree => {
            for root in roots {
                let mut found = Vec::new();
                walk(root, root, 0, &mut found);
                found.sort();
                out.extend(found);
            }
        }
        Scope::Subdirs(subdirs) => {
            for sub in subdirs {
                for root in roots {
                    out.extend(headers_in(root, sub));
                }
            }
        }
    }
    out
}

/// Every `.h` under `dir` (to [`MAX_DEPTH`]), as (include name, path).
fn walk(root: &Path, dir: &Path, depth: usize, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let Ok(kind) = e.file_type() else { continue };
        let name = e.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            if depth + 1 < MAX_DEPTH && !SKIPPED_DIRS.contains(&name.as_ref()) {
                walk(root, &path, depth + 1, out);
            }
        } else if name.ends_with(".h")
            && let Ok(rel) = path.strip_prefix(root)
        {
            out.push((rel.to_string_lossy().into_owned(), path.clone()));
        }
    }
}

/// The `*.h` files directly in `root/sub`, sorted, as (include name, path).
fn headers_in(root: &Path, sub: &str) -> Vec<(String, PathBuf)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(sub))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "h"))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let include = p.strip_prefix(root).ok()?.to_string_lossy().into_owned();
            Some((include, p))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::names_of;

    #[test]
    fn comments_become_spaces_and_keep_their_newlines() {
        let text = "a /* b\n c */ d // e\nf /* open";
        assert_eq!(
            super::blank_comments(text),
            "a     \n      d     \nf /* open"
        );
    }

    #[test]
    fn names_keep_their_lines_across_comments() {
        let text =
            "/* a\n * comment */\n#define A 1\n// x\nenum e {\n\tE_X, /* y\n */ E_Y = 2,\n};\n";
        let n = names_of(text);
        let at = |name: &str| n.constants.iter().find(|(c, _)| c == name).map(|c| c.1);
        assert_eq!(at("A"), Some(3));
        assert_eq!(at("E_X"), Some(6));
        assert_eq!(at("E_Y"), Some(7));
        assert_eq!(n.tags, [("e".to_string(), 5)]);
    }
}
