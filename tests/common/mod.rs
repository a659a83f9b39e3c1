//! Running the deftab binary the way a user does.
#![allow(dead_code)] // each test binary uses a different part

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs `deftab ARGS` in `tests/fixtures`; returns "exit: N", stdout and stderr as one text.
pub fn deftab(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(args)
        .current_dir(fixtures())
        .env("NO_COLOR", "1")
        .output()
        .expect("the deftab binary runs");
    let mut text = format!(
        "exit: {}\n",
        out.status.code().map_or("signal".into(), |c| c.to_string())
    );
    text += &String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    if !err.is_empty() {
        text += "--- stderr\n";
        text += &err;
    }
    text
}

/// insta settings: snapshots live in the top-level `snapshots/` directory.
pub fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    s.set_prepend_module_to_snapshot(true);
    s.set_omit_expression(true);
    s
}

/// The headers `deftab verify` reported errors for, from its stderr: the path in the error
/// line (`error: /usr/include/linux/coda.h: `gcc` cannot compile it:`) or in the `-->` line
/// that follows a diagnostic (`--> /usr/include/linux/kfd_ioctl.h:26:1`).
pub fn headers_with_errors(stderr: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("error: ") else {
            continue;
        };
        let in_line = rest.split(": ").next().filter(|p| p.ends_with(".h"));
        let arrow = lines
            .get(i + 1)
            .and_then(|l| l.trim_start().strip_prefix("--> "));
        let path = in_line.or_else(|| arrow.and_then(|a| a.split(':').next()));
        match path {
            Some(p) => out.push(p.to_string()),
            None => out.push(format!("<no header named in: {line}>")),
        }
    }
    out
}

/// Whether `cc` (a command line) fails to compile `header` on its own.
pub fn compiler_rejects(cc: &str, header: &str) -> bool {
    let mut words = cc.split_whitespace();
    let Some(program) = words.next() else {
        return true;
    };
    let status = Command::new(program)
        .args(words)
        .args(["-fsyntax-only", "-x", "c", header])
        .output()
        .map(|o| o.status.success());
    !matches!(status, Ok(true))
}

/// Debian's linux-source-6.12 as `.ci/kernel-tree` unpacks it, if it is there (tests that
/// need it skip, saying so, when it is not).
pub fn kernel_tree() -> Option<PathBuf> {
    let tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/kernel/linux-source-6.12");
    if tree.join(".deftab-complete").exists() {
        return Some(tree);
    }
    eprintln!(
        "SKIPPED: no kernel tree at {}; run .ci/kernel-tree to get it",
        tree.display()
    );
    None
}
