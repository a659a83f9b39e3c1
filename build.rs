//! Sets `DEFTAB_VERSION` for `deftab --version`: the package version, and the commit it was
//! built from when that is known (a git checkout of this repository, or the
//! `.cargo_vcs_info.json` cargo puts in a published package).
//!
//! Never fails: without git, outside a checkout or in an unrelated one (a package unpacked
//! inside someone else's repository), the version is the package version alone. Reruns only
//! when the checkout's HEAD moves, not on every cargo call.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo::rerun-if-changed=build.rs");
    let commit = git_commit(&manifest_dir).or_else(|| packaged_commit(&manifest_dir));
    match commit {
        Some(c) => println!("cargo::rustc-env=DEFTAB_VERSION={version} (commit {c})"),
        None => println!("cargo::rustc-env=DEFTAB_VERSION={version}"),
    }
}

/// `git` in `dir`, its trimmed output when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// HEAD's commit when `dir` is the top of a git checkout, and the files that say when it
/// moves as rerun triggers.
fn git_commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let same = |a: &Path, b: &Path| a.canonicalize().ok() == b.canonicalize().ok();
    if !same(Path::new(&top), dir) {
        return None;
    }
    let commit = git(dir, &["rev-parse", "--short=12", "HEAD"])?;
    let absolute = |p: String| dir.join(p);
    let git_dir = absolute(git(dir, &["rev-parse", "--git-dir"])?);
    let common = absolute(git(dir, &["rev-parse", "--git-common-dir"])?);
    // HEAD, and the branch it names: its loose ref file, or packed-refs when it is packed
    // (packed-refs changes with other branches too: only watched when needed).
    let mut watched = vec![git_dir.join("HEAD")];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        let loose = common.join(branch);
        watched.push(match loose.exists() {
            true => loose,
            false => common.join("packed-refs"),
        });
    }
    // A path that does not exist would make cargo rerun this script every time.
    for p in watched.iter().filter(|p| p.exists()) {
        println!("cargo::rerun-if-changed={}", p.display());
    }
    Some(commit)
}

/// The commit cargo recorded when the package was made (`"sha1": "…"`).
fn packaged_commit(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(".cargo_vcs_info.json")).ok()?;
    let start = text.find("\"sha1\"")?;
    let hex: String = text[start + 6..]
        .chars()
        .skip_while(|c| !c.is_ascii_hexdigit())
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (hex.len() >= 12).then(|| hex[..12].to_string())
}
