//! Syscall tables from a kernel `.tbl` file (`deftab table --syscalls`, the manifest's
//! `syscalls` source) on tests/fixtures/syscalls, and what bad tables are told.

mod common;

use common::deftab;

/// `deftab table` in tests/fixtures/syscalls.
fn table(args: &[&str]) -> String {
    let mut argv = vec!["table", "syscalls/mini.tbl", "--no-provenance"];
    argv.extend_from_slice(args);
    deftab(&argv)
}

/// The JSON on stdout of a [`deftab`] run that succeeded.
fn json_of(out: &str) -> &str {
    let stdout = out
        .strip_prefix("exit: 0\n")
        .unwrap_or_else(|| panic!("{out}"));
    stdout.split("--- stderr\n").next().unwrap()
}

#[test]
fn a_tbl_gives_number_to_name_for_the_abis_kept() {
    let out = table(&[
        "--syscalls",
        "common,64",
        "--name",
        "sc",
        "--shape",
        "array",
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    for line in ["[0] = \"read\"", "[2] = \"open\"", "[4] = \"stat\""] {
        assert!(out.contains(line), "{line} missing:\n{out}");
    }
    assert!(
        !out.contains("open_x32") && !out.contains("rt_sigaction"),
        "{out}"
    );
    let x32 = table(&[
        "--syscalls",
        "common,x32",
        "--syscall-offset",
        "0x40000000",
        "--lang",
        "json",
    ]);
    let json: serde_json::Value =
        serde_json::from_str(json_of(&x32)).unwrap_or_else(|e| panic!("{e}: {x32}"));
    let entries: Vec<(i64, &str)> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["value"].as_i64().unwrap(), e["display"].as_str().unwrap()))
        .collect();
    let bit = 0x4000_0000;
    assert_eq!(
        entries,
        [
            (bit, "read"),
            (bit + 1, "write"),
            (bit + 2, "open_x32"),
            (bit + 4, "stat"),
            (bit + 512, "rt_sigaction")
        ]
    );
}

#[test]
fn the_numbers_can_be_bounded() {
    let out = table(&["--syscalls", "common,x32", "--max", "511", "--lang", "json"]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(
        out.contains("\"open_x32\"") && !out.contains("rt_sigaction"),
        "{out}"
    );
}

#[test]
fn an_unknown_abi_is_an_error_listing_the_abis_of_the_file() {
    let out = table(&["--syscalls", "common,n64"]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(
        out.contains("syscalls/mini.tbl:3: no entry has the ABI `n64`"),
        "{out}"
    );
    assert!(
        out.contains("the ABIs of this table: common, 64, x32"),
        "{out}"
    );
}

#[test]
fn a_number_used_twice_and_a_malformed_line_are_errors_at_their_line() {
    let dup = deftab(&["table", "syscalls/duplicate.tbl", "--syscalls", "common,64"]);
    assert!(dup.starts_with("exit: 2\n"), "{dup}");
    assert!(
        dup.contains("syscalls/duplicate.tbl:3: number 1 is used twice for the ABI `64`: `write` and `write_again`"),
        "{dup}"
    );
    let bad = deftab(&["table", "syscalls/malformed.tbl", "--syscalls", "all"]);
    assert!(bad.starts_with("exit: 2\n"), "{bad}");
    assert!(
        bad.contains("syscalls/malformed.tbl:2: malformed syscall table line"),
        "{bad}"
    );
}

/// The manifest source: two files from one table; a bad table fails the run with its
/// file:line and writes nothing, not even the good file.
#[test]
fn a_manifest_reads_tbl_files_and_writes_nothing_when_one_is_bad() {
    let out = std::env::temp_dir().join(format!("deftab-syscalls-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let dir = common::fixtures().join("syscalls");
    let run = |manifest: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_deftab"))
            .args([
                "generate",
                "--no-provenance",
                "--manifest",
                manifest,
                "--out-dir",
            ])
            .arg(&out)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let bad = run("duplicate.toml");
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("duplicate.tbl:3: number 1 is used twice"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);

    let good = run("mini.toml");
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let c = std::fs::read_to_string(out.join("syscalls_64.c")).unwrap();
    assert!(c.contains("[2] = \"open\","), "{c}");
    let rs = std::fs::read_to_string(out.join("syscalls_x32.rs")).unwrap();
    assert!(rs.contains("\"open_x32\""), "{rs}");
    std::fs::remove_dir_all(&out).unwrap();
}

/// One number in two ABIs kept (x86_64's `64` and `x32` here, powerpc's `64` and `spu` in
/// the kernel) is the alias policy's: the first by default (noted), or an error.
#[test]
fn one_number_in_two_abis_follows_the_alias_policy() {
    let first = table(&["--syscalls", "all", "--lang", "json"]);
    let json: serde_json::Value = serde_json::from_str(json_of(&first)).unwrap();
    let kept: Vec<&str> = (json["entries"].as_array().unwrap().iter())
        .map(|e| e["display"].as_str().unwrap())
        .collect();
    assert_eq!(kept, ["read", "write", "open", "stat", "rt_sigaction"]);
    assert!(
        first.contains("syscalls/mini.tbl:6: open_x32 is an alias of open (value 2): dropped"),
        "{first}"
    );
    let error = table(&["--syscalls", "all", "--aliases", "error"]);
    assert!(error.starts_with("exit: 2\n"), "{error}");
    assert!(
        error.contains("syscalls/mini.tbl:6: open_x32 has the value 2"),
        "{error}"
    );
}
