//! The README's console examples against the real tool: every `$ deftab …` line of a
//! ```console block is run (in a scratch directory where `linux-6.12` links to the kernel tree), and
//! every output line it shows must appear in the real output, in order (`…` lines stand for
//! what the README leaves out; times are not compared). The README cannot drift from the tool.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

struct Example {
    command: String,
    expected: Vec<String>,
}

/// The `$ deftab` commands of the README's console blocks, with the lines shown after each.
fn examples() -> Vec<Example> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let mut out: Vec<Example> = Vec::new();
    let mut in_console = false;
    // A block's `cd DIR && …` holds for the block's later commands, as in a shell session.
    let mut cd: Option<String> = None;
    for line in readme.lines() {
        match (in_console, line) {
            (false, "```console") => (in_console, cd) = (true, None),
            (true, "```") => in_console = false,
            (true, l) if l.starts_with("$ ") => {
                // A trailing `# comment` says what the README did before; not part of it.
                let command = l[2..].split("   #").next().unwrap_or("").trim();
                let command = match (command.strip_prefix("cd "), &cd) {
                    (Some(rest), _) => {
                        cd = rest.split(" && ").next().map(str::to_string);
                        command.to_string()
                    }
                    (None, Some(dir)) => format!("cd {dir} && {command}"),
                    (None, None) => command.to_string(),
                };
                out.push(Example {
                    command,
                    expected: Vec::new(),
                })
            }
            (true, l) => {
                if let Some(e) = out.last_mut() {
                    e.expected.push(l.to_string());
                }
            }
            _ => {}
        }
    }
    out
}

/// `(0.24 s)` → `(TIME)`; the end of a line after `…`, which the README cuts.
fn normalize(line: &str) -> String {
    let time = regex::Regex::new(r"\(\d+\.\d+ s\)").unwrap();
    let line = time.replace_all(line, "(TIME)").into_owned();
    match line.split_once('…') {
        Some((head, _)) => head.trim_end().to_string(),
        None => line,
    }
}

fn run(dir: &Path, command: &str) -> String {
    let command = command.replacen("deftab ", &format!("{} ", env!("CARGO_BIN_EXE_deftab")), 1);
    let out = Command::new("sh")
        .args(["-c", &format!("{command} 2>&1")])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every shown line appears in the real output, in order.
fn check(example: &Example, actual: &str) -> Result<(), String> {
    let lines: Vec<String> = actual.lines().map(normalize).collect();
    let mut at = 0;
    for want in example.expected.iter().map(|l| normalize(l)) {
        if want.is_empty() {
            continue;
        }
        match lines[at..].iter().position(|l| l.starts_with(&want)) {
            Some(i) => at += i + 1,
            None => {
                return Err(format!(
                    "$ {}\nREADME shows:\n  {want}\nnot found (in order) in the real output:\n{actual}",
                    example.command
                ));
            }
        }
    }
    Ok(())
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deftab-readme-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Examples that read the installed headers (and, for verify, gcc).
#[test]
fn readme_examples_on_the_installed_headers() {
    common::need_kernel_headers();
    common::need_gcc();
    let dir = scratch("usr");
    let mut ran = 0;
    for e in examples() {
        let needs_tree = e.command.contains("linux-6.12");
        // The drift fixtures and the hand-edited --check example are tested in drift.rs
        // and generate.rs; they need files the README does not show how to make.
        let fixture = e.command.contains("old/") || e.command.contains("--check");
        if needs_tree || fixture {
            continue;
        }
        if let Err(msg) = check(&e, &run(&dir, &e.command)) {
            panic!("{msg}");
        }
        ran += 1;
    }
    assert!(ran >= 8, "only {ran} examples ran");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Examples that read a kernel source tree (`linux-6.12` in the README).
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn readme_examples_on_the_kernel_tree() {
    let tree = common::kernel_tree();
    let dir = scratch("tree");
    std::os::unix::fs::symlink(&tree, dir.join("linux-6.12")).unwrap();
    // strace's lists the README reads (`strace/src/xlat/*.in`): two of them, committed.
    let xlat = dir.join("strace/src/xlat");
    std::fs::create_dir_all(&xlat).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/readme/xlat");
    for list in ["resources.in", "snmp_ip_stats.in"] {
        std::fs::copy(fixtures.join(list), xlat.join(list)).unwrap();
    }
    let mut ran = 0;
    for e in examples()
        .into_iter()
        .filter(|e| e.command.contains("linux-6.12"))
    {
        if let Err(msg) = check(&e, &run(&dir, &e.command)) {
            panic!("{msg}");
        }
        ran += 1;
    }
    assert!(ran >= 4, "only {ran} examples ran");
    std::fs::remove_dir_all(&dir).unwrap();
}
