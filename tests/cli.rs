//! The documented exit codes of every command (0 ok, 1 differences found, 2 usage or input
//! error), quiet endings on a closed pipe, `--color`, `-q`, completions, man page, help.

mod common;
use common::{deftab, fixtures, settings};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn code(args: &[&str]) -> String {
    let out = deftab(args);
    out.lines().next().unwrap_or_default().to_string()
}

fn assert_exit(want: u8, args: &[&str]) {
    let out = deftab(args);
    assert!(
        out.starts_with(&format!("exit: {want}\n")),
        "deftab {args:?}:\n{out}"
    );
}

/// A kernel tree with one drifted copy (and one in sync), for check-headers.
fn drifted_tree() -> PathBuf {
    let root = std::env::temp_dir().join(format!("deftab-cli-tree-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (file, text) in [
        ("include/uapi/linux/fadvise.h", "#define A 1\n"),
        ("tools/include/uapi/linux/fadvise.h", "#define A 2\n"),
        ("include/uapi/linux/const.h", "#define B 1\n"),
        ("tools/include/uapi/linux/const.h", "#define B 1\n"),
    ] {
        let p = root.join(file);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    root
}

#[test]
fn usage_errors_are_2_for_every_command() {
    for cmd in [
        "generate",
        "dump",
        "table",
        "verify",
        "check-headers",
        "diff",
        "explain",
        "completions",
        "man",
    ] {
        assert_exit(2, &[cmd, "--no-such-option"]);
    }
    assert_exit(2, &[]);
    assert_exit(2, &["no-such-command"]);
    assert_exit(2, &["--color", "sometimes", "dump", "paste.h"]);
    assert_exit(2, &["-q", "-v", "dump", "paste.h"]);
    assert_exit(2, &["completions", "cmd.exe"]);
}

#[test]
fn dump_exit_codes() {
    assert_exit(0, &["dump", "paste.h"]);
    assert_exit(2, &["dump", "no/such/header.h"]);
    assert_exit(2, &["dump", "bad/if_div_zero.h"]);
    assert_exit(2, &["dump", "--target", "vax", "paste.h"]);
}

#[test]
fn table_exit_codes() {
    assert_exit(
        0,
        &[
            "table",
            "tables/advice.h",
            "--define",
            "ADV_(\\w+)",
            "--no-provenance",
        ],
    );
    assert_exit(2, &["table", "tables/advice.h", "--enum", "no_such_tag"]);
    assert_exit(2, &["table", "tables/advice.h"]);
    assert_exit(2, &["table", "no/such.h", "--define", "X"]);
}

#[test]
fn verify_exit_codes() {
    assert_exit(0, &["verify", "verify/options.h"]);
    // The compiler sees -DOPTION_ON, deftab does not: a mismatch.
    assert_exit(
        1,
        &["verify", "--cc", "gcc -DOPTION_ON", "verify/options.h"],
    );
    assert_exit(2, &["verify", "no/such.h"]);
}

#[test]
fn check_headers_exit_codes() {
    let tree = drifted_tree();
    let root = tree.to_string_lossy().into_owned();
    assert_exit(0, &["check-headers", "--root", &root]);
    assert_exit(1, &["check-headers", "--strict", "--root", &root]);
    assert_exit(2, &["check-headers", "--root", "no/such/dir"]);
    // Outside a kernel tree: upstream's warning and 0, but --strict is an error.
    assert_exit(0, &["check-headers", "--root", "verify"]);
    let out = deftab(&["check-headers", "--strict", "--root", "verify"]);
    assert!(
        out.starts_with("exit: 2\n") && out.contains("is not a kernel tree"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(tree);
}

#[test]
fn diff_exit_codes() {
    assert_exit(0, &["diff", "drift/old/bpf.h", "drift/old/bpf.h"]);
    assert_exit(0, &["diff", "drift/old/bpf.h", "drift/new/bpf.h"]);
    assert_exit(
        1,
        &["diff", "--exit-code", "drift/old/bpf.h", "drift/new/bpf.h"],
    );
    assert_exit(2, &["diff", "drift/old/bpf.h", "drift/new/missing.h"]);
}

#[test]
fn an_empty_diff_says_so_on_stderr() {
    let out = deftab(&["diff", "drift/old/bpf.h", "drift/old/bpf.h"]);
    assert_eq!(
        out,
        "exit: 0\n--- stderr\nnote: no changes: drift/old/bpf.h and drift/old/bpf.h define \
         the same constants\n"
    );
    // A diff that shows something says nothing more; -q hides the note.
    let changed = deftab(&["diff", "drift/old/bpf.h", "drift/new/bpf.h"]);
    assert!(!changed.contains("no changes"), "{changed}");
    let quiet = deftab(&["-q", "diff", "drift/old/bpf.h", "drift/old/bpf.h"]);
    assert_eq!(quiet, "exit: 0\n");
}

#[test]
fn an_empty_header_says_so_on_stderr() {
    let out = deftab(&["dump", "/dev/null"]);
    assert_eq!(
        out,
        "exit: 0\n--- stderr\nnote: /dev/null: no #define or enum constant\n"
    );
    let out = deftab(&["table", "/dev/null", "--define", "X_(\\w+)"]);
    assert!(out.starts_with("exit: 2\n--- stderr\n"), "{out}");
    assert!(out.contains("the headers have 0 #defines"), "{out}");
}

#[test]
fn generate_into_an_existing_file_is_one_error() {
    let out = deftab(&["generate", "--preset", "uapi", "--out-dir", "paste.h"]);
    assert_eq!(
        out,
        "exit: 2\n--- stderr\nerror: --out-dir paste.h: paste.h is not a directory\n"
    );
    let out = deftab(&[
        "generate",
        "--preset",
        "uapi",
        "--out-dir",
        "paste.h/sub",
        "--check",
    ]);
    assert_eq!(
        out,
        "exit: 2\n--- stderr\nerror: --out-dir paste.h/sub: paste.h is not a directory\n"
    );
}

#[test]
fn explain_exit_codes() {
    assert_exit(0, &["explain", "BLUE", "explain/enum.h"]);
    // A constant without a value is still explained.
    assert_exit(0, &["explain", "TWICE", "explain/skipped.h"]);
    assert_exit(2, &["explain", "NOT_THERE", "explain/enum.h"]);
    assert_exit(2, &["explain", "BLUE", "no/such.h"]);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = deftab(&["completions", shell]);
        assert!(
            out.starts_with("exit: 0\n") && out.contains("explain"),
            "{shell}: {out}"
        );
    }
    let man = deftab(&["man"]);
    assert!(man.starts_with("exit: 0\n.ie"), "{man}");
    for section in [
        ".TH deftab 1",
        "\"DEFTAB EXPLAIN\"",
        "\"DEFTAB CHECK-HEADERS\"",
        "Exit status",
        ".SH \"EXIT STATUS\"",
        ".SS Examples",
        "\\fBdeftab dump\\fR",
    ] {
        assert!(man.contains(section), "{section} missing from the man page");
    }
    // No references to per-command pages that are not shipped, no clap "EXTRA" section.
    assert!(
        !man.contains("(1)\n") && !man.contains(".SH EXTRA"),
        "{man}"
    );
}

#[test]
fn every_command_help_ends_with_real_examples() {
    for cmd in [
        "dump",
        "table",
        "verify",
        "check-headers",
        "diff",
        "explain",
        "completions",
        "man",
    ] {
        let out = deftab(&[cmd, "--help"]);
        let examples = out.rsplit("Examples:\n").next().unwrap_or_default();
        let lines: Vec<&str> = examples.lines().collect();
        assert!(
            out.contains("Examples:\n") && (2..=3).contains(&lines.len()),
            "{cmd}: {out}"
        );
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with(&format!("  deftab {cmd} "))),
            "{cmd}: {out}"
        );
    }
}

#[test]
fn color_never_by_default_in_tests_always_on_request_and_quiet_drops_warnings() {
    let plain = deftab(&["dump", "bad/latin1.h"]);
    assert!(
        plain.contains("warning:") && !plain.contains('\x1b'),
        "{plain}"
    );
    let colored = deftab(&["--color", "always", "dump", "bad/latin1.h"]);
    assert!(colored.contains("\x1b["), "{colored}");
    let never = deftab(&["dump", "--color", "never", "bad/latin1.h"]);
    assert_eq!(never, plain);
    let quiet = deftab(&["-q", "dump", "bad/latin1.h"]);
    assert!(!quiet.contains("warning"), "{quiet}");
    assert_eq!(
        code(&["-q", "dump", "bad/latin1.h"]),
        code(&["dump", "bad/latin1.h"])
    );
    let verbose = deftab(&["-v", "explain", "BLUE", "explain/enum.h"]);
    assert!(verbose.contains("reading explain/enum.h"), "{verbose}");
}

/// `deftab … | head`: the reader goes away early; deftab ends without a word.
#[test]
fn closed_pipe_ends_quietly() {
    for args in [
        &[
            "dump",
            "--format",
            "json",
            "values.h",
            "paste.h",
            "variadic.h",
            "xmacro.h",
        ][..],
        &["man"][..],
        &["completions", "bash"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_deftab"))
            .args(args)
            .current_dir(fixtures())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("deftab starts");
        let mut first = [0u8; 16];
        let mut stdout = child.stdout.take().expect("piped");
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("deftab ends");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.is_empty(), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
    }
}

#[test]
#[cfg_attr(
    not(all(target_arch = "x86_64", target_pointer_width = "64")),
    ignore = "its snapshot lists the x86_64 host's include directories (/usr/include/x86_64-linux-gnu)"
)]
fn three_diagnostics() {
    let typo = deftab(&["table", "linux/bpf.h", "--enum", "bpf_cmdd"]);
    if typo.contains("did you mean `--enum bpf_cmd`") {
        settings().bind(|| insta::assert_snapshot!("diag_enum_typo", typo));
    }
    let div = deftab(&["dump", "bad/if_div_zero.h"]);
    settings().bind(|| insta::assert_snapshot!("diag_if_div_zero", div));
    let missing = deftab(&["dump", "-I", "inc_a", "bad/missing_include.h"]);
    settings().bind(|| insta::assert_snapshot!("diag_missing_include", missing));
}

#[test]
fn targets_lists_every_target_with_its_names_and_what_is_installed_here() {
    let out = deftab(&["targets"]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip(2) // exit, header
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 16, "{out}");
    let row = |name: &str| rows.iter().find(|r| r[0] == name).expect(name).clone();
    assert_eq!(
        row("x86_64")[..5],
        ["x86_64", "x86-64", "x86_64-linux-gnu", "amd64", "x86"]
    );
    assert_eq!(row("powerpc64le")[3], "ppc64el");
    // Installed here (.ci/run installs the s390x cross compiler and sysroot).
    let s390x = common::need_path(
        "/usr/s390x-linux-gnu/include",
        "apt-get install gcc-s390x-linux-gnu",
    );
    assert_eq!(row("s390x")[5], s390x.to_str().unwrap(), "{out}");
    assert_eq!(row("s390x")[6], "s390x-linux-gnu-gcc", "{out}");
    // The names the table shows are the names --target takes.
    for r in &rows {
        for name in r[1]
            .split(',')
            .filter(|a| *a != "-")
            .chain([r[0], r[2], r[3]])
        {
            assert_exit(0, &["dump", "--target", name, "values.h"]);
        }
    }
}

#[test]
fn target_names_people_type_are_accepted_or_explained() {
    assert_exit(0, &["dump", "--target", "i686", "values.h"]);
    let out = deftab(&["dump", "--target", "armel", "values.h"]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(
        out.contains("soft-float ARM") && out.contains("--target arm"),
        "{out}"
    );
    let out = deftab(&["dump", "--target", "mipsel", "values.h"]);
    assert!(out.contains("little-endian MIPS"), "{out}");
    let out = deftab(&["dump", "--target", "vax", "values.h"]);
    assert!(out.contains("`deftab targets` lists them"), "{out}");
}

/// Headers the compiler rejects alone are "not compared" warnings (exit 0 when nothing
/// mismatches); deftab failing where the compiler does not stays an error; `--jobs N`
/// gives the same report.
#[test]
fn verify_warns_about_headers_the_compiler_rejects_and_runs_on_n_threads() {
    common::need_kernel_headers();
    common::need_gcc();
    let headers = [
        "/usr/include/linux/coda.h",     // int64_t: not self-contained
        "/usr/include/linux/patchkey.h", // #error when included directly
        "/usr/include/linux/fadvise.h",
    ];
    let one = deftab(&[&["verify", "-j", "1"][..], &headers[..]].concat());
    assert!(one.starts_with("exit: 0\n"), "{one}");
    let rejected = "not compared: the compiler rejects it alone";
    assert_eq!(one.matches(rejected).count(), 2, "{one}");
    assert!(
        one.contains("verify: 1 headers, 6 constants compared, 0 mismatches"),
        "{one}"
    );
    let two = deftab(&[&["verify", "-j", "2"][..], &headers[..]].concat());
    assert_eq!(one, two);
    // deftab's own failure (a limit the compiler does not have) is an error.
    let out = deftab(&[
        "verify",
        "--limit",
        "include-depth=1",
        "/usr/include/linux/fs.h",
    ]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(out.contains("(the include-depth limit is 1)"), "{out}");
    let out = deftab(&["verify", "-j", "0", "verify/options.h"]);
    assert!(
        out.contains("the number of threads must be 1 or more"),
        "{out}"
    );
}

#[test]
fn presets_show_generate_messages_and_completion_values() {
    let shown = deftab(&["presets", "--show", "uapi"]);
    let file = std::fs::read_to_string(fixtures().join("../../presets/uapi.toml")).unwrap();
    assert_eq!(shown, format!("exit: 0\n{file}"));
    // Neither --manifest nor --preset: both are named.
    let out = deftab(&["generate", "--out-dir", "x"]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(out.contains("--manifest <FILE>|--preset <NAME>"), "{out}");
    // A preset reading a kernel tree, run elsewhere: what to pass, not a manifest hint.
    let out = deftab(&["generate", "--preset", "perf-beauty", "--out-dir", "x"]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(
        out.contains("pass --root DIR or run inside the tree"),
        "{out}"
    );
    assert!(!out.contains("optional"), "{out}");
    let bash = deftab(&["completions", "bash"]);
    assert!(bash.contains("x86_64 i386 x32 aarch64"), "targets offered");
    assert!(
        bash.contains("uapi perf-beauty perf-beauty-6.1 perf-beauty-fixed"),
        "presets offered"
    );
}
