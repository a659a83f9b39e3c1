//! Which headers define a name, found by reading text (no preprocessing): fast enough to
//! scan every `linux/*.h` of an include directory on each call. Used to pick the header to
//! explain when none is given, and for hints ("defined in linux/X.h, not included").

use crate::preprocess::Options;
use regex::Regex;
use std::path::{Path, PathBuf};

/// A header that appears to define the name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// As `#include <…>` names it: `linux/fadvise.h`.
    pub header: String,
    pub path: PathBuf,
    pub line: u32,
}

/// The include directories to search: `-I` directories, then the system ones (default
/// `/usr/include`).
pub fn roots(options: &Options) -> Vec<PathBuf> {
    let mut dirs = options.include_dirs.clone();
    match &options.system_dirs {
        Some(s) => dirs.extend(s.iter().cloned()),
        None => dirs.push(PathBuf::from("/usr/include")),
    }
    dirs
}

/// Headers `ROOT/linux/*.h` with `#define NAME` or an enumerator-like line `NAME = …`,
/// `NAME,`; in root order, then by file name.
pub fn definitions(roots: &[PathBuf], name: &str) -> Vec<Found> {
    let n = regex::escape(name);
    let pattern = format!(r"^[ \t]*#[ \t]*define[ \t]+{n}\b|^[ \t]*{n}[ \t]*(=|,|$)");
    find(roots, name, &pattern)
}

/// Headers `ROOT/linux/*.h` with `enum TAG {`.
pub fn enum_tag(roots: &[PathBuf], tag: &str) -> Vec<Found> {
    let pattern = format!(r"\benum[ \t]+{}[ \t]*(\{{|$)", regex::escape(tag));
    find(roots, tag, &pattern)
}

fn find(roots: &[PathBuf], word: &str, line_pattern: &str) -> Vec<Found> {
    let Ok(re) = Regex::new(line_pattern) else {
        return vec![];
    };
    let mut out = Vec::new();
    for root in roots {
        for path in headers_in(&root.join("linux")) {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            if !text.contains(word) {
                continue;
            }
            if let Some(i) = text
                .lines()
                .position(|l| l.contains(word) && re.is_match(l))
            {
                let header = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned();
                out.push(Found {
                    header,
                    path,
                    line: i as u32 + 1,
                });
            }
        }
    }
    out
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
