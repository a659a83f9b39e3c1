//! Test helpers: tokens from text, and running gcc to check results.

use crate::scan::{Token, scan};
use crate::source::SourceMap;
use std::io::Write;
use std::process::{Command, Stdio};

/// Scans `text` as a virtual file.
pub fn tokens(sm: &mut SourceMap, text: &str) -> Vec<Token> {
    let f = sm.add_virtual("<test>", text.to_string());
    scan(f, text).expect("test text has no unterminated comment")
}

/// Runs gcc with `args` on C source from stdin; returns (success, stderr).
pub fn gcc(args: &[&str], source: &str) -> (bool, String) {
    cc_output("gcc", args, source).expect("gcc is installed (tests compare with it)")
}

/// As [`gcc`] with another compiler; `None` if it is not installed.
pub fn cc_output(cc: &str, args: &[&str], source: &str) -> Option<(bool, String)> {
    let mut child = Command::new(cc)
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(source.as_bytes())
        .expect("write to gcc");
    let out = child.wait_with_output().expect("the compiler runs");
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// Line numbers (1-based) gcc reported an error on, from `<stdin>:LINE:COL: error:` lines.
pub fn error_lines(stderr: &str) -> Vec<u32> {
    let mut lines: Vec<u32> = stderr
        .lines()
        .filter(|l| l.contains(": error:"))
        .filter_map(|l| l.strip_prefix("<stdin>:")?.split(':').next()?.parse().ok())
        .collect();
    lines.dedup();
    lines
}
