//! What `generate --check` (or a failed write) found, as [`Finding`]s for CI: a stale file
//! is an error at its first changed line, with the diff's first hunk as the message.

use super::Output;
use super::write::Status;
use crate::findings::{Finding, Level, Rule};
use std::path::Path;

pub static STALE: Rule = Rule {
    id: "generate/stale",
    description: "A generated file on disk differs from what its manifest generates.",
    level: Level::Error,
};
pub static MISSING: Rule = Rule {
    id: "generate/missing",
    description: "A file the manifest generates is not on disk.",
    level: Level::Error,
};
pub static FAILED: Rule = Rule {
    id: "generate/failed",
    description: "A generated file could not be read or written.",
    level: Level::Error,
};

/// One finding per file that is not current, in manifest order (`statuses` as
/// [`super::write::apply`] returned them for `outputs`).
pub fn findings(out_dir: &Path, outputs: &[Output], statuses: &[Status]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (o, s) in outputs.iter().zip(statuses) {
        // `--out-dir .` (the default): `tables/x.c`, the path GitHub knows, not `./tables/x.c`.
        let file = match out_dir == Path::new(".") {
            true => o.path.clone(),
            false => out_dir.join(&o.path).display().to_string(),
        };
        let tables: Vec<&str> = o.tables.iter().map(|t| t.name.as_str()).collect();
        let what = match tables.as_slice() {
            [] => String::new(),
            [one] => format!(" (table {one})"),
            many => format!(" (tables {})", many.join(", ")),
        };
        out.push(match s {
            Status::Unchanged | Status::Written => continue,
            Status::Stale(diff) => Finding::new(
                &STALE,
                "stale generated file",
                format!(
                    "{file}{what} is not what the manifest generates; regenerate it:\n{}",
                    first_hunk(diff)
                ),
            )
            .at(&file, first_changed_line(diff)),
            Status::Missing(_) => Finding::new(
                &MISSING,
                "missing generated file",
                format!("{file}{what} is missing; generate it"),
            )
            .at(&file, None),
            Status::Failed(e) => Finding::new(&FAILED, "cannot write", e.clone()).at(&file, None),
        });
    }
    out
}

/// The line of the file on disk where a unified diff's first change is (the line a
/// removal starts at, or the one an insertion goes before).
pub fn first_changed_line(diff: &str) -> Option<u32> {
    let mut line: Option<u32> = None;
    for l in diff.lines() {
        if let Some(h) = l.strip_prefix("@@ -") {
            line = Some(h.split([',', ' ']).next()?.parse().ok()?);
            continue;
        }
        let Some(n) = line.as_mut() else {
            continue; // the `---`/`+++` header
        };
        match l.as_bytes().first() {
            Some(b' ') => *n += 1,
            Some(b'-' | b'+') => return Some((*n).max(1)),
            _ => {}
        }
    }
    None
}

/// The first `@@` hunk of a unified diff, header included.
fn first_hunk(diff: &str) -> String {
    let mut out = String::new();
    for l in diff.lines().skip_while(|l| !l.starts_with("@@")) {
        if l.starts_with("@@") && !out.is_empty() {
            break;
        }
        out += l;
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIFF: &str = "--- t/signal.c\t(on disk)\n+++ t/signal.c\t(generated)\n\
        @@ -15,7 +15,7 @@\n a\n b\n c\n-\t[9] = \"SIGKILLED\",\n+\t[9] = \"SIGKILL\",\n d\n\
        @@ -40,3 +40,4 @@\n x\n+y\n";

    #[test]
    fn the_first_change_is_after_the_context_lines() {
        assert_eq!(first_changed_line(DIFF), Some(18));
        assert_eq!(first_changed_line("@@ -0,0 +1,2 @@\n+a\n+b\n"), Some(1));
        assert_eq!(first_changed_line("@@ -3 +3 @@\n-a\n+b\n"), Some(3));
        assert_eq!(first_changed_line(""), None);
    }

    #[test]
    fn a_stale_file_is_an_error_on_its_first_changed_line_with_its_first_hunk() {
        let outputs = [
            Output {
                path: "signal.c".into(),
                text: String::new(),
                tables: vec![],
            },
            Output {
                path: "new.c".into(),
                text: String::new(),
                tables: vec![],
            },
            Output {
                path: "same.c".into(),
                text: String::new(),
                tables: vec![],
            },
        ];
        let statuses = [
            Status::Stale(DIFF.into()),
            Status::Missing("@@ -0,0 +1 @@\n+x\n".into()),
            Status::Unchanged,
        ];
        let f = findings(Path::new("t"), &outputs, &statuses);
        assert_eq!(f.len(), 2);
        assert_eq!(
            (f[0].rule, f[0].file.as_deref(), f[0].line),
            (&STALE, Some("t/signal.c"), Some(18))
        );
        assert!(
            f[0].message.ends_with("+\t[9] = \"SIGKILL\",\n d\n"),
            "{}",
            f[0].message
        );
        assert!(!f[0].message.contains("+y"), "{}", f[0].message);
        assert_eq!(
            (f[1].rule, f[1].file.as_deref(), f[1].line),
            (&MISSING, Some("t/new.c"), None)
        );
    }
}
