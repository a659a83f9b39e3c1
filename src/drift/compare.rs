//! Whether a copy differs from its original under the script's rules, computed the way GNU
//! `diff` and `grep` do it but without running them.

use super::bre;
use super::unified;
use regex::bytes::Regex;
use similar::{Algorithm, DiffOp, DiffTag};
use std::time::{Duration, Instant};

/// How long the line diff may search for a minimal edit script before settling for a
/// coarser one (it stays a correct diff): two unrelated large files must not hang the check.
const DIFF_DEADLINE: Duration = Duration::from_secs(5);

/// GNU diff's lines: each keeps its newline; a last line without one is a line too.
pub fn lines(text: &[u8]) -> Vec<&[u8]> {
    text.split_inclusive(|&b| b == b'\n').collect()
}

/// The line diff of `old` and `new` (Myers, as GNU diff).
pub fn line_ops(old: &[&[u8]], new: &[&[u8]]) -> Vec<DiffOp> {
    similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        old,
        new,
        Some(Instant::now() + DIFF_DEADLINE),
    )
}

/// Whether `diff [-B] [-I RE]… OLD NEW` exits non-zero: some changed line is neither empty
/// (with `blank`) nor matched by `ignore`. GNU diff ignores a change only when all its lines
/// are ignorable, so one line that is not makes the files differ.
pub fn differs(old: &[u8], new: &[u8], blank: bool, ignore: Option<&Regex>) -> bool {
    if old == new {
        return false;
    }
    // diff compares binary files byte for byte, without -B or -I.
    if old.contains(&0) || new.contains(&0) {
        return true;
    }
    let ignorable = |line: &&[u8]| {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        (blank && body.is_empty()) || ignore.is_some_and(|re| re.is_match(body))
    };
    let (a, b) = (lines(old), lines(new));
    line_ops(&a, &b)
        .iter()
        .filter(|op| op.tag() != DiffTag::Equal)
        .any(|op| {
            !a[op.old_range()].iter().all(ignorable) || !b[op.new_range()].iter().all(ignorable)
        })
}

/// The lines of `diff -u OLD NEW` that no pattern of `hunks` (a `grep -f` file) matches:
/// the script's `diff -u … | grep -vf HUNKS | wc -l` is zero when this is empty.
pub fn unignored_lines(
    old: (&str, &[u8], std::time::SystemTime),
    new: (&str, &[u8], std::time::SystemTime),
    hunks: &[u8],
) -> Result<Vec<String>, String> {
    let patterns: Vec<&[u8]> = lines(hunks)
        .into_iter()
        .map(|l| l.strip_suffix(b"\n").unwrap_or(l))
        .collect();
    let re = if patterns.is_empty() {
        None
    } else {
        Some(bre::any_of(&patterns)?)
    };
    let text = unified::diff(old, new);
    Ok(lines(&text)
        .into_iter()
        .map(|l| l.strip_suffix(b"\n").unwrap_or(l))
        .filter(|l| !re.as_ref().is_some_and(|re| re.is_match(l)))
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(p: &str) -> Regex {
        bre::any_of(&[p.as_bytes()]).expect("compiles")
    }

    #[test]
    fn blank_lines_are_ignored_only_with_b() {
        let (a, b) = (b"a\nb\n".as_slice(), b"a\n\n\nb\n".as_slice());
        assert!(differs(a, b, false, None));
        assert!(!differs(a, b, true, None));
        // A line of spaces is not blank for -B.
        assert!(differs(a, b"a\n  \nb\n", true, None));
    }

    #[test]
    fn a_change_is_ignored_only_when_all_its_lines_match() {
        let ignore = re("^EXPORT_SYMBOL");
        let old = b"int f;\nEXPORT_SYMBOL(f);\n".as_slice();
        assert!(!differs(old, b"int f;\n", false, Some(&ignore)));
        assert!(differs(old, b"int f;\nint g;\n", false, Some(&ignore)));
        assert!(
            differs(b"x", b"x\n", true, None),
            "a missing final newline is a difference"
        );
    }

    #[test]
    fn binary_files_differ_whatever_the_options() {
        assert!(differs(b"\0\n", b"\0\n\n", true, None));
        assert!(!differs(b"\0\n", b"\0\n", true, None));
    }

    #[test]
    fn hunks_file_filters_the_unified_diff() {
        let t = std::time::SystemTime::UNIX_EPOCH;
        let old = b"a\nb\nc\n".as_slice();
        let new = b"a\nb\nX\nc\n".as_slice();
        // The headers and the hunk header have spaces: a " " pattern eats them, as upstream.
        let all = b"@@ -1,3 +1,4 @@\n a\n b\n+X\n c\n \n".as_slice();
        assert_eq!(
            unignored_lines(("o", old, t), ("n", new, t), all),
            Ok(vec![])
        );
        let some = b"@@ -1,3 +1,4 @@\n a\n".as_slice();
        let left = unignored_lines(("o", old, t), ("n", new, t), some).expect("valid patterns");
        assert_eq!(
            left,
            [
                "--- o\t1970-01-01 00:00:00.000000000 +0000",
                "+++ n\t1970-01-01 00:00:00.000000000 +0000",
                " b",
                "+X",
                " c"
            ]
        );
        let none = unignored_lines(("o", old, t), ("n", new, t), b"").expect("no patterns");
        assert_eq!(none.len(), 7);
    }
}
