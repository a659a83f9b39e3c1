//! `check-headers` over a kernel tree: which copies differ from their originals.

use super::bre;
use super::compare;
use super::pairs::{Comparison, Pair};
use std::io;
use std::path::Path;
use std::time::SystemTime;

/// What a check found, split as the script splits its output.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// The tree has no `include/` (a detached `tools/` tarball): nothing was checked.
    pub missing_include: bool,
    /// Lines the script prints on stdout before its summary (a missing ignore-hunks file).
    pub messages: Vec<String>,
    /// What the script leaves to `diff`'s stderr or skips without a word: unreadable or
    /// missing files, bad patterns.
    pub notes: Vec<String>,
    /// The pairs that differ, in check order.
    pub differing: Vec<Pair>,
}

/// Checks every pair under `root` as `tools/perf/check-headers.sh` does (a tree without
/// `include/` is skipped).
pub fn check_headers(root: &Path, pairs: &[Pair]) -> CheckReport {
    if !root.join("include").is_dir() {
        return CheckReport {
            missing_include: true,
            ..CheckReport::default()
        };
    }
    check_pairs(root, pairs)
}

/// Checks every pair under `root`, whatever the tree (a manifest's `[[copies]]`).
pub fn check_pairs(root: &Path, pairs: &[Pair]) -> CheckReport {
    let mut report = CheckReport::default();
    for pair in pairs {
        if check_pair(root, pair, &mut report) {
            report.differing.push(pair.clone());
        }
    }
    report
}

/// Whether `pair` counts as differing; records what the script would print on the way.
fn check_pair(root: &Path, pair: &Pair, report: &mut CheckReport) -> bool {
    if pair.rule == Comparison::IgnoreHunks && !root.join(pair.hunks_file()).is_file() {
        // The script reports this pair whether or not the files exist.
        report.messages.push(format!(
            "{} not found. Skipping {} check.",
            pair.hunks_file(),
            pair.original
        ));
        return true;
    }
    // `[ -f ORIGINAL ]`: a tree without the original has nothing to compare against.
    if !root.join(&pair.original).is_file() {
        report.notes.push(format!(
            "{}: not in the tree, {} not checked",
            pair.original, pair.copy
        ));
        return false;
    }
    let original = match read(root, &pair.original) {
        Ok(o) => o,
        Err(e) => {
            report.notes.push(format!("{}: {e}", pair.original));
            return true;
        }
    };
    let copy = match read(root, &pair.copy) {
        Ok(c) => c,
        Err(e) => {
            report.notes.push(format!("{}: {e}", pair.copy));
            // `diff` fails, which counts as a difference, except in the ignore-hunks
            // pipeline where only diff's (empty) stdout is counted.
            return pair.rule != Comparison::IgnoreHunks;
        }
    };
    match &pair.rule {
        Comparison::Diff { blank, ignore } => {
            let patterns: Vec<&[u8]> = ignore.iter().map(|p| p.as_bytes()).collect();
            let re = match patterns.is_empty() {
                true => None,
                false => match bre::any_of(&patterns) {
                    Ok(re) => Some(re),
                    Err(e) => {
                        report.notes.push(format!("{}: {e}", pair.copy));
                        return true;
                    }
                },
            };
            compare::differs(&copy.0, &original.0, *blank, re.as_ref())
        }
        Comparison::IgnoreHunks => {
            let hunks = match read(root, &pair.hunks_file()) {
                Ok(h) => h.0,
                Err(e) => {
                    report.notes.push(format!("{}: {e}", pair.hunks_file()));
                    return true;
                }
            };
            let old = (pair.copy.as_str(), copy.0.as_slice(), copy.1);
            let new = (pair.original.as_str(), original.0.as_slice(), original.1);
            match compare::unignored_lines(old, new, &hunks) {
                Ok(left) => !left.is_empty(),
                Err(e) => {
                    report.notes.push(format!("{}: {e}", pair.hunks_file()));
                    true
                }
            }
        }
    }
}

/// A file's bytes and modification time.
fn read(root: &Path, rel: &str) -> io::Result<(Vec<u8>, SystemTime)> {
    let path = root.join(rel);
    let bytes = std::fs::read(&path)?;
    let mtime = std::fs::metadata(&path)?
        .modified()
        .unwrap_or(SystemTime::UNIX_EPOCH);
    Ok((bytes, mtime))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tree(files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "deftab-check-{}-{}",
            std::process::id(),
            files.len()
        ));
        let _ = fs::remove_dir_all(&dir);
        for (path, text) in files {
            let p = dir.join(path);
            fs::create_dir_all(p.parent().expect("relative path")).expect("mkdir");
            fs::write(p, text).expect("write");
        }
        fs::create_dir_all(dir.join("include")).expect("mkdir");
        dir
    }

    fn pair(rule: Comparison) -> Pair {
        Pair {
            copy: "tools/lib/x.c".into(),
            original: "lib/x.c".into(),
            rule,
        }
    }

    #[test]
    fn missing_hunks_file_is_reported_as_the_script_does() {
        let root = tree(&[("lib/x.c", "a\n")]);
        let r = check_headers(&root, &[pair(Comparison::IgnoreHunks)]);
        assert_eq!(
            r.messages,
            ["tools/perf/check-header_ignore_hunks/lib/x.c not found. Skipping lib/x.c check."]
        );
        assert_eq!(r.differing.len(), 1);
        let _ = fs::remove_dir_all(root);
    }

    #[test]
    fn missing_copy_differs_missing_original_is_skipped() {
        let root = tree(&[("lib/x.c", "a\n"), ("tools/lib/y.c", "a\n")]);
        let plain = Comparison::Diff {
            blank: true,
            ignore: vec![],
        };
        let r = check_headers(&root, &[pair(plain.clone())]);
        assert_eq!((r.differing.len(), r.notes.len()), (1, 1));
        let other = Pair {
            copy: "tools/lib/y.c".into(),
            original: "lib/y.c".into(),
            rule: plain,
        };
        let r = check_headers(&root, &[other]);
        assert_eq!((r.differing.len(), r.notes.len()), (0, 1));
        let _ = fs::remove_dir_all(root);
    }

    #[test]
    fn tree_without_include_is_skipped() {
        let dir = std::env::temp_dir().join(format!("deftab-noinc-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("mkdir");
        assert!(check_headers(&dir, &super::super::pairs::builtin()).missing_include);
        let _ = fs::remove_dir_all(dir);
    }
}
