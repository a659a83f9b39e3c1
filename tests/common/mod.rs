//! Running the deftab binary the way a user does.

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
