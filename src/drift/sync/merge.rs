//! The text a copy gets when synced, per comparison rule: the original, except where the
//! copy differs on purpose in a way the rule names (an `-I` pattern, the ignore-hunks file).

use super::super::compare::{line_ops, lines};
use regex::bytes::Regex;
use similar::DiffTag;

/// A copy line an `-I` pattern matches, replaced because the change holding it also changes
/// lines no pattern matches: (its line in the copy, 1-based; its text).
pub type Replaced = (usize, String);

/// The original, keeping the copy's side of every change `diff -I` ignores because of a
/// pattern (each of its lines matches a pattern, or is empty with `blank`, and at least one
/// matches a pattern): the copy's own lines (no `EXPORT_SYMBOL`, its own include path) stay,
/// everything else comes from the original. A change only `-B` ignores (blank lines) is
/// taken from the original: blank lines are not a difference the copy keeps on purpose.
/// Returns the text, how many changes kept the copy's side, and the copy's pattern-matched
/// lines a mixed change replaced (to look at).
pub fn keeping_ignored(
    copy: &[u8],
    original: &[u8],
    blank: bool,
    ignore: &Regex,
) -> (Vec<u8>, usize, Vec<Replaced>) {
    let body = |l: &[u8]| l.strip_suffix(b"\n").unwrap_or(l).to_vec();
    let matched = |l: &&[u8]| ignore.is_match(&body(l));
    let ignorable = |l: &&[u8]| (blank && body(l).is_empty()) || matched(l);
    let (a, b) = (lines(copy), lines(original));
    let mut out = Vec::with_capacity(original.len());
    let (mut kept, mut replaced) = (0, vec![]);
    for op in line_ops(&a, &b) {
        let (old, new) = (&a[op.old_range()], &b[op.new_range()]);
        let own = op.tag() != DiffTag::Equal
            && old.iter().chain(new).all(ignorable)
            && old.iter().chain(new).any(matched);
        let side = match op.tag() == DiffTag::Equal || own {
            true => old,
            false => new,
        };
        kept += usize::from(own);
        out.extend(side.iter().flat_map(|l| l.iter().copied()));
        if op.tag() != DiffTag::Equal && !own {
            let first = op.old_range().start;
            replaced.extend(
                old.iter()
                    .enumerate()
                    .filter(|(_, l)| matched(l))
                    .map(|(i, l)| (first + i + 1, String::from_utf8_lossy(&body(l)).into())),
            );
        }
    }
    (out, kept, replaced)
}

/// Why the ignore-hunks file cannot be applied in reverse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HunkMismatch {
    /// The hunk's `@@` line in the hunks file (1-based).
    pub line: usize,
}

/// The original with the ignore-hunks file (a `diff -u COPY ORIGINAL` of the differences the
/// copy keeps) applied in reverse, as `patch -R` would: each hunk's original side is looked
/// for from where the hunk says, then anywhere after the previous hunk, nearest first.
pub fn reverse_hunks(original: &[u8], hunks: &[u8]) -> Result<Vec<u8>, HunkMismatch> {
    let text: Vec<&[u8]> = lines(original);
    let mut out: Vec<u8> = Vec::with_capacity(original.len());
    let mut done = 0;
    for hunk in parse_hunks(hunks) {
        let want: Vec<&[u8]> = hunk.new.iter().map(|l| l.as_slice()).collect();
        let at = find_nearest(&text, &want, done, hunk.new_start.saturating_sub(1))
            .ok_or(HunkMismatch { line: hunk.line })?;
        text[done..at].iter().for_each(|l| out.extend_from_slice(l));
        for l in &hunk.old {
            out.extend_from_slice(l);
            out.push(b'\n');
        }
        done = at + want.len();
    }
    text[done..].iter().for_each(|l| out.extend_from_slice(l));
    Ok(out)
}

/// One hunk of a unified diff: lines without their newline.
struct Hunk {
    /// Where its `@@` line is in the file (1-based).
    line: usize,
    /// The new file's first line of the hunk (1-based, from `+N,M`).
    new_start: usize,
    old: Vec<Vec<u8>>,
    new: Vec<Vec<u8>>,
}

/// The hunks of a unified diff (the `---`/`+++` lines before the first are skipped; an empty
/// line is an empty context line, as editors that strip trailing spaces leave it).
fn parse_hunks(text: &[u8]) -> Vec<Hunk> {
    let mut hunks: Vec<Hunk> = vec![];
    for (i, l) in lines(text).into_iter().enumerate() {
        let l = l.strip_suffix(b"\n").unwrap_or(l);
        if l.starts_with(b"@@") {
            hunks.push(Hunk {
                line: i + 1,
                new_start: new_start(l),
                old: vec![],
                new: vec![],
            });
            continue;
        }
        let Some(h) = hunks.last_mut() else {
            continue;
        };
        match l.split_first() {
            Some((b'-', rest)) => h.old.push(rest.to_vec()),
            Some((b'+', rest)) => h.new.push(rest.to_vec()),
            Some((b'\\', _)) => {}
            Some((_, rest)) => {
                h.old.push(rest.to_vec());
                h.new.push(rest.to_vec());
            }
            None => {
                h.old.push(vec![]);
                h.new.push(vec![]);
            }
        }
    }
    hunks
}

/// `N` of `@@ -a,b +N,M @@` (1 when unreadable: the search then starts at the top).
fn new_start(at: &[u8]) -> usize {
    let text = String::from_utf8_lossy(at);
    text.split_whitespace()
        .find_map(|w| w.strip_prefix('+'))
        .and_then(|w| w.split(',').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// Where `want` (lines without newlines) starts in `text` at or after `from`, the nearest to
/// `hint`.
fn find_nearest(text: &[&[u8]], want: &[&[u8]], from: usize, hint: usize) -> Option<usize> {
    let fits = |at: usize| {
        text[at..at + want.len()]
            .iter()
            .zip(want)
            .all(|(t, w)| t.strip_suffix(b"\n").unwrap_or(t) == *w)
    };
    let last = text.len().checked_sub(want.len())?;
    (from..=last)
        .filter(|&at| fits(at))
        .min_by_key(|&at| at.abs_diff(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(p: &str) -> Regex {
        super::super::super::bre::any_of(&[p.as_bytes()]).expect("compiles")
    }

    #[test]
    fn the_copy_keeps_the_lines_a_pattern_ignores_and_takes_the_rest() {
        let copy = b"int f;\nint g;\n".as_slice();
        let original = b"int f;\nEXPORT_SYMBOL(f);\nint g;\nint h;\n".as_slice();
        let (text, kept, replaced) = keeping_ignored(copy, original, false, &re("^EXPORT_SYMBOL"));
        assert_eq!(text, b"int f;\nint g;\nint h;\n");
        assert_eq!((kept, replaced), (1, vec![]));
    }

    #[test]
    fn blank_lines_follow_the_original_and_mixed_changes_are_reported() {
        let copy = b"a\n\nEXPORT_SYMBOL(a);\nb\n".as_slice();
        let original = b"a\nEXPORT_SYMBOL(a);\nc\n".as_slice();
        let (text, kept, replaced) = keeping_ignored(copy, original, true, &re("^EXPORT_SYMBOL"));
        assert_eq!(text, original);
        assert_eq!(kept, 0);
        assert!(replaced.is_empty(), "{replaced:?}");
        let copy = b"a\n#include <x.h> /* mine */\n".as_slice();
        let original = b"a\nint z;\n".as_slice();
        let (text, _, replaced) = keeping_ignored(copy, original, false, &re("mine"));
        assert_eq!(text, original);
        assert_eq!(replaced, [(2, "#include <x.h> /* mine */".to_string())]);
    }

    #[test]
    fn the_hunks_file_is_applied_in_reverse_where_the_lines_moved() {
        let hunks = b"@@ -1,2 +1,3 @@\n a\n+b\n c\n".as_slice();
        // The original gained two lines above the hunk.
        let original = b"x\ny\na\nb\nc\nd\n".as_slice();
        assert_eq!(
            reverse_hunks(original, hunks),
            Ok(b"x\ny\na\nc\nd\n".to_vec())
        );
        let gone = b"x\na\nc\n".as_slice();
        assert_eq!(reverse_hunks(gone, hunks), Err(HunkMismatch { line: 1 }));
        // An empty context line written without its space.
        let hunks = b"@@ -1,2 +1,3 @@\n\n+b\n c\n".as_slice();
        assert_eq!(reverse_hunks(b"\nb\nc\n", hunks), Ok(b"\nc\n".to_vec()));
    }
}
