//! `check-headers --sync`: each copy the check reports brought back in sync with its
//! original, under the rule the script checks that pair with. "In sync" means what the
//! check means (afterwards it passes), keeping only the differences the rule says are meant:
//!
//! - `diff` and `diff -B` (most copies, the `.tbl`s, perf's duplicates of libbpf files): the
//!   copy becomes the original byte for byte, as a maintainer's `cp` makes it (`-B`
//!   tolerates blank-line drift; a sync does not keep it).
//! - `diff -I RE…` (`memcpy_64.S` without `EXPORT_SYMBOL`, the `__ignore_sync_check__`
//!   includes): the copy keeps its side of every change the patterns make `diff` ignore and
//!   takes everything else from the original ([`merge::keeping_ignored`]); a copy line a
//!   pattern matches that a change of the original replaces is reported, to look at.
//! - ignore-hunks (`lib/list_sort.c`): the hunks file is the `diff -u` of the differences the
//!   copy keeps, so the copy becomes the original with it applied in reverse; a hunk that no
//!   longer applies is an error (the hunks file needs updating), nothing is written.
//!
//! Every new text is checked with the pair's rule before anything is written; a text that
//! would still differ is an error, not written. Writes are atomic (a temporary file in the
//! copy's directory, renamed over it) and keep the copy's mode.

pub mod merge;

use super::bre;
use super::compare;
use super::pairs::{Comparison, Pair};
use crate::generate::write::write_atomic_mode;
use std::io;
use std::path::Path;
use std::time::SystemTime;

/// How a copy's new text was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum How {
    /// The original, byte for byte.
    Copied,
    /// The copy did not exist: the original, byte for byte.
    Created,
    /// The original, with the copy's side of this many changes the `-I` patterns ignore.
    KeptIgnored(usize),
    /// The original with this hunks file applied in reverse.
    ReversedHunks(String),
}

/// What syncing one copy writes.
#[derive(Clone, Debug)]
pub struct Planned {
    pub copy: String,
    pub original: String,
    /// The copy's new bytes.
    pub text: Vec<u8>,
    pub how: How,
    /// The copy's own lines (an `-I` pattern matches them) that a change of the original
    /// replaced: worth a look.
    pub replaced: Vec<merge::Replaced>,
}

/// Why a copy cannot be synced (nothing is written for it).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{path}: cannot read: {source}")]
    Read { path: String, source: io::Error },
    #[error(
        "{copy}: not synced: {hunks} not found, so nothing says which differences are meant \
         (the script skips this check)"
    )]
    NoHunksFile { copy: String, hunks: String },
    #[error(
        "{hunks}:{line}: this hunk is not in {original}: {copy} not synced (update the hunks \
         file)"
    )]
    StaleHunk {
        copy: String,
        original: String,
        hunks: String,
        line: usize,
    },
    #[error("{path}: {message}")]
    Pattern { path: String, message: String },
    #[error(
        "{copy}: not synced: the text it would get still differs from {original} under the \
         script's rule"
    )]
    StillDiffers { copy: String, original: String },
    #[error("{path}: cannot write: {source}")]
    Write { path: String, source: io::Error },
}

/// The new text of `pair`'s copy under `root`, checked with the pair's rule.
pub fn plan(root: &Path, pair: &Pair) -> Result<Planned, SyncError> {
    let read = |rel: &str| {
        std::fs::read(root.join(rel)).map_err(|source| SyncError::Read {
            path: rel.to_string(),
            source,
        })
    };
    let original = read(&pair.original)?;
    let copy = match std::fs::read(root.join(&pair.copy)) {
        Ok(c) => c,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(planned(pair, original, How::Created));
        }
        Err(source) => {
            return Err(SyncError::Read {
                path: pair.copy.clone(),
                source,
            });
        }
    };
    let (text, how, replaced) = match &pair.rule {
        Comparison::Diff { blank, ignore } => {
            let Some(re) = patterns(pair, ignore)? else {
                return Ok(planned(pair, original, How::Copied));
            };
            let (text, kept, replaced) = merge::keeping_ignored(&copy, &original, *blank, &re);
            if compare::differs(&text, &original, *blank, Some(&re)) {
                return Err(still_differs(pair));
            }
            let how = match text == original {
                true => How::Copied,
                false => How::KeptIgnored(kept),
            };
            (text, how, replaced)
        }
        Comparison::IgnoreHunks => (
            reversed(root, pair, &original)?,
            How::ReversedHunks(pair.hunks_file()),
            vec![],
        ),
    };
    Ok(Planned {
        replaced,
        ..planned(pair, text, how)
    })
}

fn planned(pair: &Pair, text: Vec<u8>, how: How) -> Planned {
    Planned {
        copy: pair.copy.clone(),
        original: pair.original.clone(),
        text,
        how,
        replaced: vec![],
    }
}

fn still_differs(pair: &Pair) -> SyncError {
    SyncError::StillDiffers {
        copy: pair.copy.clone(),
        original: pair.original.clone(),
    }
}

/// The `-I` patterns as one regex (`None` without any, or for binary files, which `diff`
/// compares byte for byte).
fn patterns(pair: &Pair, ignore: &[String]) -> Result<Option<regex::bytes::Regex>, SyncError> {
    if ignore.is_empty() {
        return Ok(None);
    }
    let patterns: Vec<&[u8]> = ignore.iter().map(|p| p.as_bytes()).collect();
    bre::any_of(&patterns)
        .map(Some)
        .map_err(|message| SyncError::Pattern {
            path: pair.copy.clone(),
            message,
        })
}

/// The original with the pair's hunks file applied in reverse, checked as the script checks
/// it (`diff -u | grep -vf HUNKS` prints nothing).
fn reversed(root: &Path, pair: &Pair, original: &[u8]) -> Result<Vec<u8>, SyncError> {
    let hunks_file = pair.hunks_file();
    let hunks = match std::fs::read(root.join(&hunks_file)) {
        Ok(h) => h,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(SyncError::NoHunksFile {
                copy: pair.copy.clone(),
                hunks: hunks_file,
            });
        }
        Err(source) => {
            return Err(SyncError::Read {
                path: hunks_file,
                source,
            });
        }
    };
    let text = merge::reverse_hunks(original, &hunks).map_err(|m| SyncError::StaleHunk {
        copy: pair.copy.clone(),
        original: pair.original.clone(),
        hunks: hunks_file.clone(),
        line: m.line,
    })?;
    let now = SystemTime::now();
    let left = compare::unignored_lines(
        (&pair.copy, &text, now),
        (&pair.original, original, now),
        &hunks,
    )
    .map_err(|message| SyncError::Pattern {
        path: hunks_file,
        message,
    })?;
    match left.is_empty() {
        true => Ok(text),
        false => Err(still_differs(pair)),
    }
}

/// Writes the copy atomically, with its mode (a new copy gets the original's).
pub fn write(root: &Path, p: &Planned) -> Result<(), SyncError> {
    let path = root.join(&p.copy);
    let mode = mode(&path).or_else(|| mode(&root.join(&p.original)));
    write_atomic_mode(&path, &p.text, mode).map_err(|source| SyncError::Write {
        path: p.copy.clone(),
        source,
    })
}

#[cfg(unix)]
fn mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).ok().map(|m| m.permissions().mode())
}

#[cfg(not(unix))]
fn mode(_: &Path) -> Option<u32> {
    None
}
