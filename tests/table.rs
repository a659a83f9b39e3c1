//! `deftab table`: snapshots of every shape × language on tests/fixtures/tables, the errors,
//! and bpf_cmd from /usr/include/linux/bpf.h.

mod common;

use common::{deftab, settings};

/// Runs `deftab table ARGS` in tests/fixtures and snapshots exit code, stdout and stderr.
fn snap(name: &str, args: &[&str]) {
    let mut argv = vec!["table"];
    argv.extend_from_slice(args);
    let out = deftab(&argv);
    let mut s = settings();
    s.add_filter(r"deftab \d+\.\d+\.\d+[^;\s]*", "deftab [VERSION]");
    s.add_filter(r"fnv1a64 [0-9a-f]{16}", "fnv1a64 [HASH]");
    s.add_filter(r#""deftab": "[^"]+""#, r#""deftab": "[VERSION]""#);
    s.bind(|| insta::assert_snapshot!(name, out));
}

const ADVICE: &[&str] = &[
    "tables/advice.h",
    "--define",
    r"ADV_(\w+)",
    "--no-provenance",
];
const CMDS: &[&str] = &[
    "tables/cmds.h",
    "--enum",
    "cmd",
    "--strip-prefix",
    "CMD_",
    "--exclude",
    "^__",
    "--no-provenance",
];
const FLAGS: &[&str] = &["tables/flags.h", "--define", r"FL_(\w+)", "--no-provenance"];
const RANGES: &[&str] = &[
    "tables/ranges.h",
    "--define",
    r"ARCH_(\w+)",
    "--exclude",
    "NEG",
    "--no-provenance",
];

fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(more).copied().collect()
}

#[test]
fn shapes_in_c_and_rust() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("array", ADVICE, &["--shape", "array"]),
        ("offset", RANGES, &["--shape", "offset"]),
        ("flags", FLAGS, &["--single-bit", "--shape", "flags"]),
        ("switch", CMDS, &["--shape", "switch"]),
        ("sorted", CMDS, &["--shape", "sorted"]),
        ("reverse", CMDS, &["--shape", "reverse", "--aliases", "all"]),
        ("flagfmt", FLAGS, &["--shape", "flagfmt"]),
        ("auto_dense", ADVICE, &[]),
        ("auto_sparse", CMDS, &[]),
    ];
    for (shape, base, more) in cases {
        for lang in ["c", "rust"] {
            snap(
                &format!("{shape}_{lang}"),
                &with(base, &with(more, &["--lang", lang])),
            );
        }
    }
}

#[test]
fn json_and_provenance() {
    snap("json", &with(CMDS, &["--lang", "json", "--order", "value"]));
    snap(
        "provenance_c",
        &["tables/advice.h", "--define", r"ADV_(\w+)", "--name", "adv"],
    );
    snap(
        "provenance_rust",
        &[
            "tables/cmds.h",
            "--enum",
            "cmd",
            "--exclude",
            "^__",
            "--lang",
            "rust",
        ],
    );
    snap(
        "provenance_json",
        &["tables/cmds.h", "--enum", "cmd_flags", "--lang", "json"],
    );
}

#[test]
fn perf_style_c_arrays() {
    // The forms of tools/perf/trace/beauty: ilog2 index with `#ifndef` fallbacks, zero-safe
    // index, offset arrays with `]= "`, and a blank line after the table.
    snap(
        "perf_flags",
        &with(
            FLAGS,
            &[
                "--single-bit",
                "--shape=flags",
                "--declaration=static const char *{table}[]",
                "--index=ilog2({text}) + 1",
                r"--after=#ifndef {name}\n#define {name} {text}\n#endif\n",
                r"--trailer=\n\n",
            ],
        ),
    );
    snap(
        "perf_zero_safe",
        &with(
            FLAGS,
            &[
                "--single-bit",
                "--shape=flags",
                "--index={text} ? (ilog2({text}) + 1) : 0",
            ],
        ),
    );
    snap(
        "perf_offset",
        &with(
            RANGES,
            &["--shape=offset", "--index={hex} - {base}", "--separator== "],
        ),
    );
}

#[test]
fn errors() {
    snap(
        "error_no_match",
        &["tables/advice.h", "--define", r"POSIX_FADV_(\w+)"],
    );
    snap(
        "error_no_value",
        &["tables/bad_value.h", "--define", r"BV_(\w+)"],
    );
    snap(
        "error_function_like",
        &[
            "tables/bad_value.h",
            "--define",
            r"BV_(\w+)",
            "--exclude",
            "TWO",
        ],
    );
    snap("error_enum_tag", &["tables/cmds.h", "--enum", "cmds"]);
    snap(
        "error_alias",
        &[
            "tables/advice.h",
            "--define",
            r"ADV_(\w+)",
            "--aliases",
            "error",
        ],
    );
    snap(
        "error_filtered_empty",
        &["tables/advice.h", "--define", r"ADV_(\w+)", "--min", "100"],
    );
    snap(
        "error_not_single_bit",
        &[
            "tables/flags.h",
            "--define",
            r"FL_(\w+)",
            "--shape",
            "flags",
            "--lang",
            "rust",
        ],
    );
    snap("error_no_source", &["tables/advice.h"]);
    // The pattern as given, not inside the anchors that make it match whole names.
    snap(
        "error_bad_regex",
        &["tables/advice.h", "--define", r"ADV_(\w+", "--exclude", "["],
    );
    snap(
        "error_bad_exclude_regex",
        &[
            "tables/advice.h",
            "--define",
            r"ADV_(\w+)",
            "--exclude",
            "a[",
        ],
    );
}

/// Reference values from gcc: a C program built against the real header prints them.
fn gcc_values(include: &str, exprs: &[&str]) -> Vec<i64> {
    let dir = std::env::temp_dir().join(format!("deftab-table-ref-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("ref.c");
    let prints: String = exprs
        .iter()
        .map(|e| format!("printf(\"%lld\\n\", (long long)({e}));\n"))
        .collect();
    std::fs::write(
        &src,
        format!(
            "#include <stdio.h>\n#include <{include}>\nint main(void) {{\n{prints}return 0;\n}}\n"
        ),
    )
    .unwrap();
    let exe = dir.join("ref");
    let st = std::process::Command::new("gcc")
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .status()
        .expect("gcc runs");
    assert!(st.success());
    let out = std::process::Command::new(&exe).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect()
}

#[test]
fn bpf_cmd_every_command_once_in_value_order() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args([
            "table",
            "linux/bpf.h",
            "--enum",
            "bpf_cmd",
            "--strip-prefix",
            "BPF_",
            "--exclude",
            "^__",
        ])
        .args(["--order", "value", "--lang", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("BPF_PROG_RUN is an alias of BPF_PROG_TEST_RUN"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = v["entries"].as_array().unwrap();
    // gcc evaluates every selected name (and the alias); deftab's values must agree.
    let mut names: Vec<&str> = entries
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    names.push("BPF_PROG_RUN");
    let reference = gcc_values("linux/bpf.h", &names);
    let values: Vec<i64> = entries
        .iter()
        .map(|e| e["value"].as_i64().unwrap())
        .collect();
    assert_eq!(values[..], reference[..entries.len()]);
    // Dense from 0: every command once, in value order.
    assert_eq!(values, (0..entries.len() as i64).collect::<Vec<_>>());
    assert!(
        entries
            .iter()
            .any(|e| e["display"] == "PROG_TEST_RUN" && e["name"] == "BPF_PROG_TEST_RUN")
    );
    // `__MAX_BPF_CMD` (absent from linux-libc-dev 6.1, present in later headers) is excluded.
    assert!(
        entries
            .iter()
            .all(|e| !e["name"].as_str().unwrap().starts_with("__"))
    );
    let aliases = v["aliases"].as_array().unwrap();
    let prog_run = aliases
        .iter()
        .find(|a| a["name"] == "BPF_PROG_RUN")
        .expect("BPF_PROG_RUN is an alias");
    assert_eq!(prog_run["of"], "BPF_PROG_TEST_RUN");
    assert_eq!(prog_run["value"].as_i64(), reference.last().copied());
}

const SIG: &[&str] = &[
    "tables/sig/signal.h",
    "--define",
    "SIG[A-Z0-9]+",
    "--no-provenance",
    "--shape",
    "switch",
];

#[test]
fn included_files_in_unit_order_with_identical_redefinitions_and_calls() {
    // SIGIO and SIGIOT are defined identically twice: one constant each, aliases of the
    // names they are written as; SIGRTMIN, SIGRTMAX, SIGSTKSZ are calls: notes. The
    // included files' constants stand where they are included (SIGINT before SIGUSR1).
    snap("sig_included", &with(SIG, &["--included"]));
    // Named explicitly, or --strict: an error.
    snap("sig_strict", &with(SIG, &["--included", "--strict"]));
    snap(
        "sig_explicit",
        &with(SIG, &["--included", "--define", "SIGRTMIN"]),
    );
    // Without --included, the hint.
    snap("sig_not_included", SIG);
}

#[test]
#[cfg_attr(
    not(all(target_arch = "x86_64", target_pointer_width = "64")),
    ignore = "its snapshot lists the x86_64 host's include directories (/usr/include/x86_64-linux-gnu)"
)]
fn missing_header_lists_the_directories_searched() {
    snap("error_missing_header", &["tables/nope.h", "--define", "X"]);
}

/// A pattern skips what is not an integer constant expression (a note), but a constant
/// without a value for another reason (an undefined enum, too large, unsupported) is an
/// error naming that reason.
#[test]
fn only_non_integer_expressions_are_skipped_by_a_pattern() {
    let floats = deftab(&[
        "table",
        "not_integer.h",
        "--define",
        "NI_(FLOAT|STRING|CALL|KNOWN_ENUM)",
        "--no-provenance",
    ]);
    assert!(floats.starts_with("exit: 0\n"), "{floats}");
    for name in ["NI_FLOAT", "NI_STRING", "NI_CALL"] {
        assert!(
            floats.contains(&format!("{name}: not an integer: ")),
            "{floats}"
        );
    }
    let all = deftab(&["table", "not_integer.h", "--define", "NI_.*"]);
    assert!(all.starts_with("exit: 2\n"), "{all}");
    assert!(
        all.contains("3 selected constant(s) have no value"),
        "{all}"
    );
    for why in [
        "NI_UNDEFINED_ENUM: enum undefined_e is not defined",
        "NI_TOO_LARGE: array too large",
        "NI_UNSUPPORTED: not supported: anonymous struct in a type name",
    ] {
        assert!(all.contains(why), "{all}");
    }
}
