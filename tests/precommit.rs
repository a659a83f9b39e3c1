//! The pre-commit hook, for real: `pre-commit try-repo <this checkout> deftab-check` in a git
//! repository whose checked-in table is stale fails, showing the diff, and passes once the
//! table is regenerated. pre-commit builds deftab from this checkout with `cargo install`
//! (`language: rust`), into its own target directory under `target/`.

mod common;
use common::{GIT_IDENTITY, add_a_flag, deftab_in, precommit_project, venv_tool};
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .envs(GIT_IDENTITY)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// `pre-commit try-repo <checkout> deftab-check --all-files` in `repo`: exit code, output.
fn try_repo(repo: &Path) -> (i32, String) {
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = checkout.join("target");
    let out = Command::new(venv_tool("pre-commit"))
        .args([
            "try-repo",
            checkout.to_str().unwrap(),
            "deftab-check",
            "--all-files",
        ])
        .current_dir(repo)
        .envs(GIT_IDENTITY)
        // Its own cache and build directory, kept between runs: the first install builds
        // every dependency, later ones only deftab. The release profile without fat LTO,
        // as the tests' `ci` profile, so that the build takes minutes rather than more.
        .env("PRE_COMMIT_HOME", target.join("pre-commit-home"))
        .env("CARGO_TARGET_DIR", target.join("pre-commit-build"))
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
        .output()
        .expect("pre-commit runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
#[ignore = "needs the Python tools: .ci/venv (CI runs it); builds deftab with cargo install"]
fn deftab_check_hook_fails_on_a_stale_table_and_passes_once_regenerated() {
    venv_tool("pre-commit");
    let repo = precommit_project("pre-commit");
    deftab_in(&repo, &["generate", "--manifest", "deftab.toml"], 0);
    add_a_flag(&repo);
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "a table, then a new flag"]);

    let (code, out) = try_repo(&repo);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("deftab generate --check....") && out.contains("Failed"),
        "{out}"
    );
    assert!(out.contains("+\t[3] = \"SYNC\","), "{out}");

    deftab_in(&repo, &["generate", "--manifest", "deftab.toml"], 0);
    git(&repo, &["commit", "-q", "-a", "-m", "regenerated"]);
    let (code, out) = try_repo(&repo);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("deftab generate --check....") && out.contains("Passed"),
        "{out}"
    );
    std::fs::remove_dir_all(&repo).unwrap();
}
