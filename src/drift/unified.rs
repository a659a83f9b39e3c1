//! `diff -u` output, byte for byte as GNU diff prints it (times in UTC), for the
//! ignore-hunks rule, whose patterns match lines of that output.

use super::compare::{line_ops, lines};
use std::time::{SystemTime, UNIX_EPOCH};

/// Lines of context around each change, as `diff -u`.
const CONTEXT: usize = 3;

/// The unified diff of two files given as (label, contents, modification time); empty when
/// they are equal.
pub fn diff(old: (&str, &[u8], SystemTime), new: (&str, &[u8], SystemTime)) -> Vec<u8> {
    let (a, b) = (lines(old.1), lines(new.1));
    let groups = similar::group_diff_ops(line_ops(&a, &b), CONTEXT);
    let mut out = Vec::new();
    if groups.is_empty() {
        return out;
    }
    out.extend_from_slice(format!("--- {}\t{}\n", old.0, timestamp(old.2)).as_bytes());
    out.extend_from_slice(format!("+++ {}\t{}\n", new.0, timestamp(new.2)).as_bytes());
    for group in groups {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        out.extend_from_slice(
            format!(
                "@@ -{} +{} @@\n",
                range(old_range.start, old_range.len()),
                range(new_range.start, new_range.len())
            )
            .as_bytes(),
        );
        for op in &group {
            for line in &a[op.old_range()] {
                let mark = if op.tag() == similar::DiffTag::Equal {
                    b' '
                } else {
                    b'-'
                };
                push_line(&mut out, mark, line);
            }
            if op.tag() != similar::DiffTag::Equal {
                for line in &b[op.new_range()] {
                    push_line(&mut out, b'+', line);
                }
            }
        }
    }
    out
}

fn push_line(out: &mut Vec<u8>, mark: u8, line: &[u8]) {
    out.push(mark);
    out.extend_from_slice(line);
    if !line.ends_with(b"\n") {
        out.extend_from_slice(b"\n\\ No newline at end of file\n");
    }
}

/// GNU's range: `START,COUNT`, just `START` for one line, `LINE-BEFORE,0` for none.
fn range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        n => format!("{},{n}", start + 1),
    }
}

/// `2024-11-10 18:05:09.000000000 +0000`: diff's `%Y-%m-%d %H:%M:%S.%N %z`, in UTC.
fn timestamp(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    let (y, m, day) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{day:02} {:02}:{:02}:{:02}.{:09} +0000",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        d.subsec_nanos()
    )
}

/// Howard Hinnant's days-to-civil: days since 1970-01-01 to (year, month, day).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn matches_gnu_diff_u() {
        // Reference: `diff -u` of the same two files (GNU diffutils 3.8, TZ=UTC).
        let t = UNIX_EPOCH + Duration::new(1_731_261_909, 5);
        let old = b"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\nend".as_slice();
        let new = b"0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\nend\n".as_slice();
        let got = String::from_utf8(diff(("a", old, t), ("b", new, t))).expect("utf-8");
        let want = "--- a\t2024-11-10 18:05:09.000000005 +0000\n+++ b\t2024-11-10 18:05:09.000000005 +0000\n\
            @@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n@@ -10,4 +11,4 @@\n 10\n 11\n 12\n-end\n\\ No newline at end of file\n+end\n";
        assert_eq!(got, want);
    }

    #[test]
    fn equal_files_give_nothing() {
        assert!(diff(("a", b"x\n", UNIX_EPOCH), ("b", b"x\n", UNIX_EPOCH)).is_empty());
    }
}
