//! Source files and positions.
//!
//! Every byte deftab reads lives in a [`SourceMap`]; tokens point into it with a [`Span`]
//! instead of owning text, so tokens are `Copy` and a header read once serves every
//! translation unit that includes it. Text made by the preprocessor (`#x`, `a ## b`,
//! `__LINE__`) goes into per-run *scratch* files, which are ordinary entries of the map.

use rustc_hash::FxHashMap;
use std::ffi::OsString;
use std::fmt;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

/// A position in one file (byte offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: FileId,
    pub offset: u32,
}

impl Span {
    pub fn loc(self) -> Loc {
        Loc {
            file: self.file,
            offset: self.start,
        }
    }
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A resolved, human position: path, 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub path: PathBuf,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// One file's text and the offsets where its lines start.
pub struct SourceFile {
    /// The path as it was opened (or a `<scratch>`/`<command line>` name).
    pub path: PathBuf,
    pub text: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<u32>,
    /// True for scratch buffers (text deftab invented; no line to show in a diagnostic).
    pub synthetic: bool,
}

impl SourceFile {
    fn new(path: PathBuf, text: String, synthetic: bool) -> SourceFile {
        let line_starts = line_starts(text.as_bytes());
        SourceFile {
            path,
            text,
            line_starts,
            synthetic,
        }
    }

    /// 1-based (line, column) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let col = offset - self.line_starts[line];
        (line as u32 + 1, col + 1)
    }

    /// The text of 1-based line `line`, without its newline.
    pub fn line_text(&self, line: u32) -> &str {
        let i = line.saturating_sub(1) as usize;
        let start = self.line_starts.get(i).copied().unwrap_or(0) as usize;
        let end = self
            .line_starts
            .get(i + 1)
            .map(|&e| e as usize - 1)
            .unwrap_or(self.text.len());
        self.text[start..end.max(start)].trim_end_matches('\r')
    }
}

/// The bytes of the open file `path`, whose size (by fstat) is `len`; more than `max_size`
/// bytes is an error.
fn read_bounded(
    file: &mut std::fs::File,
    path: &Path,
    len: u64,
    max_size: u64,
) -> Result<Vec<u8>, LoadError> {
    let too_large = |size| LoadError::TooLarge {
        path: path.to_owned(),
        size,
        limit: max_size,
    };
    if len > max_size {
        return Err(too_large(len));
    }
    // Through `take`: `File::read_to_end` would ask for the size again (fstat, lseek).
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| LoadError::Io {
            path: path.to_owned(),
            source,
        })?;
    if bytes.len() as u64 > max_size {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The first line of `bytes` longer than `max_line` bytes is an error.
fn check_line_lengths(
    path: &Path,
    bytes: &[u8],
    line_starts: &[u32],
    max_line: usize,
) -> Result<(), LoadError> {
    let line_ends = line_starts[1..]
        .iter()
        .map(|&s| s as usize - 1)
        .chain([bytes.len()]);
    match line_starts
        .iter()
        .zip(line_ends)
        .map(|(&start, end)| end - start as usize)
        .enumerate()
        .find(|&(_, len)| len > max_line)
    {
        Some((line, length)) => Err(LoadError::LineTooLong {
            path: path.to_owned(),
            line: line + 1,
            length,
            limit: max_line,
        }),
        None => Ok(()),
    }
}

/// Byte offset of the start of each line of `text`.
fn line_starts(text: &[u8]) -> Vec<u32> {
    let mut starts = Vec::with_capacity(text.len() / 32 + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i as u32 + 1));
    starts
}

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: is a binary file (NUL byte at offset {offset}), not a C header", path.display())]
    Binary { path: PathBuf, offset: usize },
    #[error("{}: {size} bytes is larger than the limit of {limit} bytes (--limit file-size=BYTES)", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{}:{line}: the line is {length} bytes long, more than the limit of {limit} bytes (--limit line-length=BYTES)", path.display())]
    LineTooLong {
        path: PathBuf,
        line: usize,
        length: usize,
        limit: usize,
    },
}

/// Where `path` is read from under `redirects` (canonical `from`, `to`): the `to` of the
/// first `from` that is the file or a directory holding it; `None` when none applies.
pub fn redirected(redirects: &[(PathBuf, PathBuf)], path: &Path) -> Option<PathBuf> {
    if redirects.is_empty() {
        return None;
    }
    let real = std::fs::canonicalize(path).ok()?;
    redirects.iter().find_map(|(from, to)| {
        let rest = real.strip_prefix(from).ok()?;
        Some(match rest.as_os_str().is_empty() {
            true => to.clone(),
            false => to.join(rest),
        })
    })
}

/// The largest file deftab reads by default (the largest uapi header is well under 1 MiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

/// The longest line deftab reads by default (uapi headers stay under 300 bytes).
pub const DEFAULT_MAX_LINE_LENGTH: usize = 1 << 20;

/// All files of a run. Files are never removed, so `FileId`s and `Span`s stay valid.
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// Every spelling a file was asked for by (compared byte for byte: cheaper than `Path`'s
    /// component-wise comparison; a new spelling of a known file is found by its identity).
    by_path: FxHashMap<OsString, FileId>,
    /// Files on disk by (device, inode): one file reached through two spellings (`a/./b.h`,
    /// a symlink) is one file, which is what `#pragma once` and include guards compare.
    by_identity: FxHashMap<(u64, u64), FileId>,
    /// (from, to): see [`SourceMap::substitute`].
    substitutes: Vec<(PathBuf, PathBuf)>,
    /// Text served at a path instead of the disk's: see [`SourceMap::provide`].
    provided: FxHashMap<PathBuf, std::sync::Arc<str>>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Loads `path` once (a file, or text given to [`SourceMap::load_text`] under that
    /// path); later calls return the same id. Non-UTF-8 bytes are replaced
    /// (U+FFFD) and reported through the returned flag so the caller can warn once.
    pub fn load(&mut self, path: &Path) -> Result<(FileId, bool), LoadError> {
        self.load_limited(path, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_LINE_LENGTH)
    }

    /// [`SourceMap::load`] with other bounds on the file's size and line length (bytes).
    pub fn load_limited(
        &mut self,
        path: &Path,
        max_size: u64,
        max_line: usize,
    ) -> Result<(FileId, bool), LoadError> {
        if let Some(&id) = self.by_path.get(path.as_os_str()) {
            return Ok((id, false));
        }
        if let Some(to) = redirected(&self.substitutes, path) {
            let (id, lossy) = self.load_direct(&to, max_size, max_line)?;
            self.by_path.insert(path.as_os_str().to_owned(), id);
            return Ok((id, lossy));
        }
        self.load_direct(path, max_size, max_line)
    }

    /// Reads `to` wherever `from` (a file, or a directory and the files under it) would be
    /// read, through any spelling of it: one version's headers built against another's
    /// (`deftab diff --manifest`). Call before loading anything.
    pub fn substitute(&mut self, from: &Path, to: &Path) {
        let from = std::fs::canonicalize(from).unwrap_or_else(|_| from.to_owned());
        self.substitutes.push((from, to.to_owned()));
    }

    /// Serves `text` wherever `path` is loaded (a file the kernel build would generate).
    /// A path loaded already keeps what it had.
    pub fn provide(&mut self, path: &Path, text: &std::sync::Arc<str>) {
        if !self.provided.contains_key(path) {
            self.provided.insert(path.to_owned(), text.clone());
        }
    }

    /// Loads `path` itself (substitutes aside): from what [`SourceMap::provide`] gave, else
    /// from disk, bounded by `max_size` and `max_line`.
    fn load_direct(
        &mut self,
        path: &Path,
        max_size: u64,
        max_line: usize,
    ) -> Result<(FileId, bool), LoadError> {
        if let Some(&id) = self.by_path.get(path.as_os_str()) {
            return Ok((id, false));
        }
        if let Some(text) = self.provided.get(path) {
            let text = text.to_string();
            return Ok((self.load_text(path, &text), false));
        }
        let io = |source| LoadError::Io {
            path: path.to_owned(),
            source,
        };
        // One open and one fstat: the identity and the size come from the open file.
        let mut file = std::fs::File::open(path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        let identity = (meta.dev(), meta.ino());
        if let Some(&id) = self.by_identity.get(&identity) {
            self.by_path.insert(path.as_os_str().to_owned(), id);
            return Ok((id, false));
        }
        let bytes = read_bounded(&mut file, path, meta.len(), max_size)?;
        let mut line_starts = line_starts(&bytes);
        check_line_lengths(path, &bytes, &line_starts, max_line)?;
        if let Some(offset) = memchr::memchr(0, &bytes) {
            return Err(LoadError::Binary {
                path: path.to_owned(),
                offset,
            });
        }
        let (text, lossy) = match String::from_utf8(bytes) {
            Ok(s) => (s, false),
            Err(e) => {
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                // Replacement characters are longer than the bytes they replace.
                line_starts = self::line_starts(text.as_bytes());
                (text, true)
            }
        };
        let id = self.push(SourceFile {
            path: path.to_owned(),
            text,
            line_starts,
            synthetic: false,
        });
        self.by_path.insert(path.as_os_str().to_owned(), id);
        self.by_identity.insert(identity, id);
        Ok((id, lossy))
    }

    /// Adds text that does not come from disk (command-line macros, scratch, tests).
    pub fn add_virtual(&mut self, name: &str, text: String) -> FileId {
        self.push(SourceFile::new(PathBuf::from(name), text, false))
    }

    /// Adds text that does not come from disk under `path`, so that [`SourceMap::load`] of
    /// that path reads it (a translation unit deftab writes, such as a name list's).
    /// `path` must not be loaded yet.
    pub fn add_virtual_at(&mut self, path: &Path, text: String) -> FileId {
        let id = self.push(SourceFile::new(path.to_owned(), text, false));
        self.by_path.insert(path.as_os_str().to_owned(), id);
        id
    }

    /// A new, empty scratch file: text the preprocessor invents (`#x`, `a ## b`, `__LINE__`).
    pub fn new_scratch(&mut self) -> FileId {
        self.push(SourceFile::new(
            PathBuf::from("<scratch>"),
            String::new(),
            true,
        ))
    }

    /// Appends `text` (no newlines) to a scratch file and returns its span. Earlier spans
    /// stay valid: scratch files only grow.
    pub fn append_scratch(&mut self, id: FileId, text: &str) -> Span {
        debug_assert!(!text.contains('\n'));
        let f = &mut self.files[id.0 as usize];
        debug_assert!(f.synthetic);
        let start = f.text.len() as u32;
        f.text.push_str(text);
        f.text.push(' ');
        Span {
            file: id,
            start,
            end: start + text.len() as u32,
        }
    }

    /// A file that is not on disk (a compiler's built-in header), known by `path` from now
    /// on; later calls and [`SourceMap::load`]s of `path` return the same id.
    pub fn load_text(&mut self, path: &Path, text: &str) -> FileId {
        if let Some(&id) = self.by_path.get(path.as_os_str()) {
            return id;
        }
        let id = self.push(SourceFile::new(path.to_owned(), text.to_string(), false));
        self.by_path.insert(path.as_os_str().to_owned(), id);
        id
    }

    fn push(&mut self, file: SourceFile) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(file);
        id
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The text a span covers.
    pub fn text(&self, span: Span) -> &str {
        &self.file(span.file).text[span.start as usize..span.end as usize]
    }

    pub fn position(&self, loc: Loc) -> Position {
        let f = self.file(loc.file);
        let (line, column) = f.line_col(loc.offset);
        Position {
            path: f.path.clone(),
            line,
            column,
        }
    }

    pub fn line(&self, loc: Loc) -> u32 {
        self.file(loc.file).line_col(loc.offset).0
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.file(id).path
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// FNV-1a, 64 bits, over the file's bytes (after any invalid UTF-8 was replaced by U+FFFD).
/// Stable across platforms and versions: offset basis 0xcbf29ce484222325, prime 0x100000001b3.
pub fn content_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_and_line_text() {
        let mut sm = SourceMap::new();
        let id = sm.add_virtual("t.h", "ab\ncd\r\n\nlast".to_string());
        let f = sm.file(id);
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(4), (2, 2));
        assert_eq!(f.line_col(8), (4, 1));
        assert_eq!(f.line_text(2), "cd");
        assert_eq!(f.line_text(3), "");
        assert_eq!(f.line_text(4), "last");
    }

    #[test]
    fn binary_files_are_refused() {
        let dir = std::env::temp_dir().join(format!("deftab-src-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("bin.h");
        std::fs::write(&p, b"#define A 1\n\0\x01").unwrap();
        let mut sm = SourceMap::new();
        let err = sm.load(&p).unwrap_err();
        assert!(matches!(err, LoadError::Binary { offset: 12, .. }), "{err}");
        let q = dir.join("latin1.h");
        std::fs::write(&q, b"/* caf\xe9 */\n#define A 1\n").unwrap();
        let (_, lossy) = sm.load(&q).unwrap();
        assert!(lossy);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn one_file_through_several_spellings_is_loaded_once() {
        let dir = std::env::temp_dir().join(format!("deftab-spell-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/a.h"), "#define A 1\n").unwrap();
        std::os::unix::fs::symlink(dir.join("sub"), dir.join("link")).unwrap();
        std::fs::write(dir.join("b.h"), "#define A 1\n").unwrap();
        let mut sm = SourceMap::new();
        let (a, _) = sm.load(&dir.join("sub/a.h")).unwrap();
        for spelling in ["sub/./a.h", "sub//a.h", "link/a.h", "sub/../sub/a.h"] {
            assert_eq!(sm.load(&dir.join(spelling)).unwrap().0, a, "{spelling}");
        }
        let (b, _) = sm.load(&dir.join("b.h")).unwrap();
        assert_ne!(a, b, "same text, another file");
        assert_eq!(
            sm.path(a),
            dir.join("sub/a.h"),
            "the first spelling is kept"
        );
        assert_eq!(sm.len(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn size_and_line_limits_count_every_line() {
        let dir = std::env::temp_dir().join(format!("deftab-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("l.h");
        std::fs::write(&p, "ab\r\nabcd\nabcdef").unwrap();
        let mut sm = SourceMap::new();
        let err = sm.load_limited(&p, 100, 5).unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::LineTooLong {
                    line: 3,
                    length: 6,
                    ..
                }
            ),
            "{err}"
        );
        let err = sm.load_limited(&p, 14, 100).unwrap_err();
        assert!(matches!(err, LoadError::TooLarge { size: 15, .. }), "{err}");
        let (id, _) = sm.load_limited(&p, 15, 6).unwrap();
        assert_eq!(sm.file(id).line_col(8), (2, 5));
        assert_eq!(sm.file(id).line_text(3), "abcdef");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn substituted_files_and_directories_are_read_from_elsewhere() {
        let dir = std::env::temp_dir().join(format!("deftab-subst-{}", std::process::id()));
        for (f, t) in [
            ("old/a.h", "old a"),
            ("old/sub/b.h", "old b"),
            ("new/a.h", "new a"),
        ] {
            std::fs::create_dir_all(dir.join(f).parent().unwrap()).unwrap();
            std::fs::write(dir.join(f), t).unwrap();
        }
        std::fs::write(dir.join("new/c.h"), "new c").unwrap();
        let mut sm = SourceMap::new();
        sm.substitute(&dir.join("old/a.h"), &dir.join("new/a.h"));
        let (id, _) = sm.load(&dir.join("old/./a.h")).unwrap();
        assert_eq!(sm.file(id).text, "new a");
        assert_eq!(sm.path(id), dir.join("new/a.h"));
        let (id, _) = sm.load(&dir.join("old/sub/b.h")).unwrap();
        assert_eq!(sm.file(id).text, "old b", "only a.h is substituted");
        let mut sm = SourceMap::new();
        sm.substitute(&dir.join("old"), &dir.join("new"));
        assert!(sm.load(&dir.join("old/sub/b.h")).is_err(), "not in new/");
        let subst = [(dir.join("old"), dir.join("new"))];
        assert_eq!(redirected(&subst, &dir.join("new/c.h")), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn content_hash_is_fnv1a64() {
        // Reference values of FNV-1a 64.
        assert_eq!(content_hash(""), 0xcbf29ce484222325);
        assert_eq!(content_hash("a"), 0xaf63dc4c8601ec8c);
    }
}
