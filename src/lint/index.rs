//! Which headers define which names: a text index of the headers under a target's
//! include roots (`-I`, then the system directories or `--kernel-tree`'s roots), used to
//! find the header a table mirrors. Only a guide: the values always come from reading the
//! chosen header as a compiler would (`header::Session`).

use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::LazyLock;

/// Directories under a root that hold no kernel or C library constants a table mirrors,
/// and are large (C++'s library).
const SKIPPED_DIRS: &[&str] = &["c++", "python3", "llvm", "boost", "qt5", "qt6", "glib-2.0"];

/// How deep under a root headers are indexed (`linux/netfilter/x.h` is depth 3).
const MAX_DEPTH: usize = 3;

/// The names one header file defines: `#define` names, enum tags and enumerators.
#[derive(Debug, Default)]
pub struct FileNames {
    pub defines: Vec<String>,
    pub enumerators: Vec<String>,
    pub tags: Vec<String>,
}

/// The text index of one target's headers.
#[derive(Default)]
pub struct HeaderIndex {
    /// Include names (`linux/bpf.h`), each once, the first root having it.
    pub headers: Vec<String>,
    /// Name (define, enumerator, or `enum TAG`) → indices in `headers`; sorted, for
    /// prefixes.
    by_name: BTreeMap<String, Vec<usize>>,
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

static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)/\*.*?\*/|//[^\n]*").expect("valid regex"));
static DEFINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)").expect("valid regex")
});
static ENUM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\benum\s+(\w+)?\s*\{([^}]*)\}").expect("valid regex"));
static MEMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|,)\s*(?:#[^\n]*\n\s*)*([A-Za-z_]\w*)").expect("valid regex")
});

/// The names a header's text defines (comments removed; `#if`s ignored).
pub fn names_of(text: &str) -> FileNames {
    let text = COMMENT.replace_all(text, " ");
    let mut n = FileNames::default();
    for c in DEFINE.captures_iter(&text) {
        n.defines.push(c[1].to_string());
    }
    for c in ENUM.captures_iter(&text) {
        if let Some(tag) = c.get(1) {
            n.tags.push(tag.as_str().to_string());
        }
        for m in MEMBER.captures_iter(&c[2]) {
            n.enumerators.push(m[1].to_string());
        }
    }
    n
}

impl HeaderIndex {
    /// Indexes the headers under `dirs` (search order: the first root wins a name).
    pub fn build(dirs: &[PathBuf], cache: &mut FileCache) -> HeaderIndex {
        let mut index = HeaderIndex::default();
        let mut seen: HashMap<String, ()> = HashMap::new();
        for dir in dirs {
            let mut found = Vec::new();
            walk(dir, dir, 0, &mut found);
            found.sort();
            for (name, path) in found {
                if seen.insert(name.clone(), ()).is_some() {
                    continue;
                }
                let names = cache.names(&path);
                let k = index.headers.len();
                index.headers.push(name);
                let all = names.defines.iter().chain(&names.enumerators);
                for n in all {
                    index.by_name.entry(n.clone()).or_default().push(k);
                }
                for t in &names.tags {
                    index
                        .by_name
                        .entry(format!("enum {t}"))
                        .or_default()
                        .push(k);
                }
            }
        }
        for v in index.by_name.values_mut() {
            v.dedup();
        }
        index
    }

    /// The headers defining `name` (a constant, or `enum TAG`).
    pub fn headers_of(&self, name: &str) -> impl Iterator<Item = &str> {
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .map(|&k| self.headers[k].as_str())
    }

    /// The headers defining a name that starts with `prefix`, with how many such names.
    pub fn headers_with_prefix(&self, prefix: &str) -> HashMap<&str, usize> {
        let mut out: HashMap<&str, usize> = HashMap::new();
        let names = self.by_name.range(prefix.to_string()..);
        for (_, hs) in names.take_while(|(n, _)| n.starts_with(prefix)) {
            for &k in hs {
                *out.entry(self.headers[k].as_str()).or_default() += 1;
            }
        }
        out
    }

    pub fn has_header(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h == name)
    }
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
