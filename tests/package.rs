//! What `cargo install` and `cargo publish` get: the package carries the templates, presets
//! and licences the build needs and leaves the tests and benchmarks behind; `--version`
//! names the commit of the checkout it was built from.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `cargo package --list`: the files a published package would hold.
fn package_list() -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Every file under `dir` (relative to the repository, `/`-separated).
fn files_under(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(root()).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

#[test]
fn the_package_has_what_the_build_needs_and_no_tests() {
    let list = package_list();
    let mut needed = files_under("templates");
    needed.extend(files_under("presets"));
    needed.extend(files_under("src"));
    needed.extend(
        [
            "askama.toml",
            "build.rs",
            "README.md",
            "CHANGELOG.md",
            "LICENSE-MIT",
            "LICENSE-APACHE",
        ]
        .map(String::from),
    );
    let absent: Vec<&String> = needed.iter().filter(|f| !list.contains(*f)).collect();
    assert!(absent.is_empty(), "not packaged: {absent:?}");
    let extra: Vec<&String> = list
        .iter()
        .filter(|f| {
            ["tests/", "snapshots/", "bench/", "fuzz/", ".ci/", "target/"]
                .iter()
                .any(|d| f.starts_with(d))
        })
        .collect();
    assert!(extra.is_empty(), "packaged but not needed: {extra:?}");
}

#[test]
fn version_names_the_commit_of_the_checkout() {
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .arg("--version")
        .output()
        .unwrap();
    let version = String::from_utf8(out.stdout).unwrap();
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(root())
        .output();
    let want = match head {
        Ok(h) if h.status.success() => format!(
            "deftab {} (commit {})\n",
            env!("CARGO_PKG_VERSION"),
            String::from_utf8(h.stdout).unwrap().trim()
        ),
        // Built outside a checkout (or without git): the version alone.
        _ => format!("deftab {}\n", env!("CARGO_PKG_VERSION")),
    };
    assert_eq!(version, want);
}
