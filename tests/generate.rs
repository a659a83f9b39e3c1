//! `deftab generate`: the uapi preset over fixture headers (snapshot), --check, atomic
//! writes, idempotence, manifest errors; and the real preset on /usr/include, compiled.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deftab-generate-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).expect("temp dir");
    d
}

fn fixture_root() -> PathBuf {
    common::fixtures().join("uapi")
}

/// Runs `deftab ARGS` in `dir`: (exit code, stdout, stderr with the time filtered out).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the deftab binary runs");
    let time = regex::Regex::new(r"\(\d+\.\d+ s\)").unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        time.replace_all(&err, "(TIME)").into_owned(),
    )
}

/// The uapi preset over the fixture headers, into `dir/out`.
fn uapi(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let root = fixture_root();
    let mut args = vec![
        "generate",
        "--preset",
        "uapi",
        "--root",
        root.to_str().unwrap(),
        "--out-dir",
        "out",
    ];
    args.extend_from_slice(extra);
    run(dir, &args)
}

/// Every file under `dir`, sorted, as one text.
fn files(dir: &Path) -> String {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            format!(
                "==> {} <==\n{}",
                p.file_name().unwrap().to_string_lossy(),
                fs::read_to_string(p).unwrap()
            )
        })
        .collect()
}

#[test]
fn uapi_preset_over_fixture_headers() {
    let d = scratch("snapshot");
    let (code, out, err) = uapi(&d, &[]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert_eq!(
        err,
        "deftab: 28 tables, 20 files: 20 written, 0 unchanged (TIME); 25 notes (aliases, unused filters): --verbose\n"
    );
    common::settings().bind(|| insta::assert_snapshot!("uapi_preset", files(&d.join("out"))));
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn second_run_writes_nothing_and_keeps_mtimes() {
    let d = scratch("idempotent");
    assert_eq!(uapi(&d, &[]).0, 0);
    let errno = d.join("out/errno.c");
    let before = fs::metadata(&errno).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (code, _, err) = uapi(&d, &[]);
    assert_eq!(code, 0);
    assert!(err.contains(": 0 written, 20 unchanged"), "{err}");
    assert_eq!(fs::metadata(&errno).unwrap().modified().unwrap(), before);
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn check_reports_stale_and_missing_files_and_ignores_extra_ones() {
    let d = scratch("check");
    let (code, out, err) = uapi(&d, &["--check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("0 stale, 20 missing, 0 current"), "{err}");
    assert!(out.contains("+++ out/errno.c\t(generated)\n"), "{out}");
    assert!(!d.join("out").exists(), "--check wrote something");

    assert_eq!(uapi(&d, &[]).0, 0);
    fs::write(d.join("out/extra.c"), "not ours\n").unwrap();
    let (code, out, err) = uapi(&d, &["--check"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("0 stale, 0 missing, 20 current"), "{err}");

    let signal = d.join("out/signal.c");
    let edited = fs::read_to_string(&signal)
        .unwrap()
        .replace("\"SIGKILL\"", "\"SIGKILLED\"");
    fs::write(&signal, &edited).unwrap();
    fs::remove_file(d.join("out/bpf.rs")).unwrap();
    let (code, out, err) = uapi(&d, &["--check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("1 stale, 1 missing, 18 current"), "{err}");
    common::settings().bind(|| {
        insta::assert_snapshot!(
            "check_stale",
            out.lines().take(12).collect::<Vec<_>>().join("\n")
        )
    });
    assert_eq!(
        fs::read_to_string(&signal).unwrap(),
        edited,
        "--check wrote"
    );
    assert_eq!(
        fs::read_to_string(d.join("out/extra.c")).unwrap(),
        "not ours\n"
    );
    fs::remove_dir_all(&d).unwrap();
}

/// `--check`'s diff is coloured with `--color always` only: not with `--color never`,
/// NO_COLOR or (by default) when stdout is not a terminal.
#[test]
fn check_colours_its_diff_on_request_only() {
    let d = scratch("color");
    let (code, plain, _) = uapi(&d, &["--check"]);
    assert_eq!(code, 1);
    assert!(!plain.contains('\x1b'), "{plain}");
    let (code, colored, _) = uapi(&d, &["--check", "--color", "always"]);
    assert_eq!(code, 1);
    assert!(
        colored.contains("\x1b[1m+++ out/errno.c\t(generated)\x1b[0m\n"),
        "{colored}"
    );
    assert!(colored.contains("\n\x1b[36m@@ "), "{colored}");
    assert!(colored.contains("\n\x1b[32m+"), "{colored}");
    let stripped = regex::Regex::new("\x1b\\[[0-9;]*m").unwrap();
    assert_eq!(stripped.replace_all(&colored, ""), plain);
    let (_, never, _) = uapi(&d, &["--check", "--color", "never"]);
    assert_eq!(never, plain);
    let root = fixture_root();
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args([
            "generate",
            "--preset",
            "uapi",
            "--check",
            "--out-dir",
            "out",
        ])
        .arg("--root")
        .arg(&root)
        .current_dir(&d)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), plain);
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn a_failed_write_leaves_the_old_file_and_exits_2() {
    let d = scratch("atomic");
    assert_eq!(uapi(&d, &[]).0, 0);
    // A directory where a file should go: that file fails, the others are still checked.
    fs::remove_file(d.join("out/errno.c")).unwrap();
    fs::create_dir(d.join("out/errno.c")).unwrap();
    fs::write(d.join("out/signal.c"), "old\n").unwrap();
    let (code, _, err) = uapi(&d, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error: out/errno.c: cannot read: "), "{err}");
    assert!(err.contains("1 written, 18 unchanged, 1 failed"), "{err}");
    assert!(d.join("out/errno.c").is_dir());

    // A read-only directory (meaningless as root, who may write anywhere).
    fs::remove_dir(d.join("out/errno.c")).unwrap();
    fs::write(d.join("out/signal.c"), "old\n").unwrap();
    let mut perms = fs::metadata(d.join("out")).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(d.join("out"), perms.clone()).unwrap();
    let root_can_write = fs::write(d.join("out/probe"), "").is_ok();
    if !root_can_write {
        let (code, _, err) = uapi(&d, &[]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("error: out/signal.c: cannot write: "), "{err}");
        assert_eq!(fs::read_to_string(d.join("out/signal.c")).unwrap(), "old\n");
    }
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(d.join("out"), perms).unwrap();
    let leftovers: Vec<String> = fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn manifest_errors_name_the_line_and_column() {
    let d = scratch("errors");
    fs::create_dir_all(d.join("inc")).unwrap();
    fs::write(d.join("inc/x.h"), "#define X_A 1\n#define X_B 2\n").unwrap();
    let cases = [
        (
            "unknown_key",
            "[[file]]\npath = \"x.c\"\n[[file.item]]\ntable = { name = \"x\", headrs = [\"x.h\"] }\n",
        ),
        (
            "bad_value",
            "[[file]]\npath = \"x.c\"\n[[file.item]]\ntable = { name = \"x\", shape = \"swtch\" }\n",
        ),
        ("toml_syntax", "[[file]]\npath = \"x.c\n"),
        (
            "unknown_dir",
            "[dirs]\ninc = \"inc\"\n[[file]]\npath = \"x.c\"\n[[file.item]]\ntable = { name = \"x\", headers = [\"$icn/x.h\"], sources = [{ define = 'X_(\\w+)' }] }\n",
        ),
        (
            "bad_regex",
            "[[file]]\npath = \"x.c\"\n[[file.item]]\ntable = { name = \"x\", headers = [\"inc/x.h\"], include = [\"A\", \"B[\"], sources = [{ define = 'X_(\\w+)' }] }\n",
        ),
        (
            "bad_lines_regex",
            "[[file]]\npath = \"x.c\"\n[[file.item]]\n[file.item.table]\nname = \"x\"\nheaders = [\"inc/x.h\"]\nsources = [{ lines = { regex = '^#define X_(\\w+ (\\d+)', name = 1, value = 2 } }]\n[[file.item]]\ntext = \"/* x */\"\n",
        ),
        (
            "no_match",
            "[dirs]\ninc = \"inc\"\n[[file]]\npath = \"x.c\"\n[[file.item]]\ntable = { name = \"x\", headers = [\"$inc/x.h\"], sources = [{ define = 'Y_(\\w+)' }] }\n",
        ),
    ];
    let mut all = String::new();
    for (name, text) in cases {
        fs::write(d.join("m.toml"), text).unwrap();
        let (code, out, err) = run(
            &d,
            &["generate", "--manifest", "m.toml", "--out-dir", "out"],
        );
        assert_eq!((code, out.as_str()), (2, ""), "{name}: {err}");
        all += &format!("--- {name}\n{err}");
    }
    assert!(!d.join("out").exists());
    common::settings().bind(|| insta::assert_snapshot!("manifest_errors", all));
    fs::remove_dir_all(&d).unwrap();
}

#[test]
fn presets_are_listed() {
    let out = common::deftab(&["presets"]);
    let names: Vec<&str> = out
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert_eq!(
        names,
        [
            "uapi",
            "perf-beauty",
            "perf-beauty-6.1",
            "perf-beauty-fixed",
            "perf-syscalls",
            "perf-syscalls-6.1",
            "perf-syscalls-fixed",
            "perf-syscalltbl"
        ],
        "{out}"
    );
    // Descriptions start in one column.
    let columns: Vec<usize> = out
        .lines()
        .skip(1)
        .map(|l| {
            l.find("  ")
                .map_or(0, |i| i + l[i..].len() - l[i..].trim_start().len())
        })
        .collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{out}");
}

/// The real preset on the machine's headers drops into a build: every C file compiles
/// alone with `gcc -std=c11 -Wall -Wextra -Werror` (unused static tables are no warning),
/// every Rust file with rustc, warnings as errors, and is rustfmt-clean and `@generated`.
#[test]
fn uapi_preset_on_usr_include_compiles() {
    common::need_kernel_headers();
    common::need_gcc();
    let d = scratch("real");
    let (code, _, err) = run(&d, &["generate", "--preset", "uapi", "--out-dir", "out"]);
    assert_eq!(code, 0, "{err}");
    let mut compiled = 0;
    for e in fs::read_dir(d.join("out")).unwrap() {
        let path = e.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("c") => tool(
                "gcc",
                &[
                    "-std=c11",
                    "-Wall",
                    "-Wextra",
                    "-Werror",
                    "-c",
                    "-o",
                    "/dev/null",
                ],
                &path,
            ),
            Some("rs") => {
                let text = fs::read_to_string(&path).unwrap();
                assert!(text.starts_with("// @generated by deftab "), "{text}");
                rustfmt_clean(&d, &path, &text);
                let out_dir = d.to_str().unwrap();
                let args = ["--edition", "2021", "--crate-type", "lib", "-D", "warnings"];
                let emit = ["--emit", "metadata", "--out-dir", out_dir];
                tool("rustc", &[&args[..], &emit[..]].concat(), &path);
            }
            _ => continue,
        }
        compiled += 1;
    }
    assert!(compiled > 0, "nothing compiled");
    fs::remove_dir_all(&d).unwrap();
}

/// Runs `program ARGS path`, which must succeed.
fn tool(program: &str, args: &[&str], path: &Path) {
    let out = Command::new(program)
        .args(args)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("needs `{program}`: {e} (.ci/run installs it)"));
    assert!(
        out.status.success(),
        "{program} {}:\n{}{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `rustfmt --check` on the file's text without its first line: a `@generated` file is one
/// rustfmt may skip, so the check would pass for any text with the marker.
fn rustfmt_clean(dir: &Path, path: &Path, text: &str) {
    let copy = dir.join("rustfmt-check.rs");
    let (first, rest) = text.split_once('\n').unwrap();
    assert!(first.contains("@generated"), "{first}");
    fs::write(&copy, rest).unwrap();
    let out = Command::new("rustfmt")
        .args(["--edition", "2021", "--check", "--color", "never"])
        .arg(&copy)
        .output()
        .expect("rustfmt runs (rustup component add rustfmt)");
    assert!(
        out.status.success(),
        "{} is not rustfmt-clean:\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Every C file of the preset `#include`d into one program (the way the tables are meant to
/// be used) compiles with warnings as errors, and open_flags_format shows the access mode
/// as a field and the public names O_SYNC and O_TMPFILE.
#[test]
fn uapi_preset_c_files_included_together_compile_and_format() {
    common::need_kernel_headers();
    common::need_gcc();
    let d = scratch("included");
    let (code, _, err) = run(&d, &["generate", "--preset", "uapi", "--out-dir", "out"]);
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".c"))
        .collect();
    names.sort();
    let mut program = String::from("#define _GNU_SOURCE /* O_TMPFILE */\n");
    program.extend(names.iter().map(|n| format!("#include \"out/{n}\"\n")));
    program += r#"#include <fcntl.h>
#include <string.h>
static int check(unsigned int mask, const char *want)
{
	char buf[128];
	open_flags_format(mask, buf, sizeof(buf));
	if (strcmp(buf, want) != 0) {
		printf("%#x: got \"%s\", want \"%s\"\n", mask, buf, want);
		return 1;
	}
	return 0;
}
int main(void)
{
	int bad = check(O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, "O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC");
	bad |= check(O_RDONLY, "O_RDONLY");
	bad |= check(O_RDWR | O_SYNC, "O_RDWR | O_SYNC");
	bad |= check(O_RDWR | O_DSYNC, "O_RDWR | O_DSYNC");
	bad |= check(O_RDWR | O_TMPFILE, "O_RDWR | O_TMPFILE");
	bad |= check(O_ACCMODE, "0x3");
	bad |= strcmp(signal_name[9], "SIGKILL") != 0;
	return bad;
}
"#;
    fs::write(d.join("all.c"), program).unwrap();
    let exe = d.join("all");
    let args = [
        "-std=gnu11",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-o",
        exe.to_str().unwrap(),
    ];
    tool("gcc", &args, &d.join("all.c"));
    let out = Command::new(&exe).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    fs::remove_dir_all(&d).unwrap();
}

/// Files are built on `--jobs` threads: the same bytes and the same messages whatever the
/// number, and with several failing files the error is the first one in manifest order.
#[test]
fn output_and_errors_do_not_depend_on_jobs() {
    common::need_kernel_headers();
    let d = scratch("jobs");
    let mut seen = Vec::new();
    for j in ["1", "2", "5"] {
        let out = format!("out{j}");
        let (code, _, err) = run(
            &d,
            &["generate", "--preset", "uapi", "--out-dir", &out, "-j", j],
        );
        assert_eq!(code, 0, "-j{j}: {err}");
        seen.push((files(&d.join(&out)), err));
    }
    assert!(seen[0].0.len() > 10_000, "{}", seen[0].0);
    assert!(
        seen.iter().all(|s| *s == seen[0]),
        "outputs differ by --jobs"
    );

    // File 2 has a table that matches nothing, file 3 repeats file 1's path.
    fs::create_dir_all(d.join("inc")).unwrap();
    fs::write(d.join("inc/x.h"), "#define X_A 1\n").unwrap();
    let table = |pattern: &str| {
        format!(
            "[[file.item]]\ntable = {{ name = \"x\", headers = [\"inc/x.h\"], sources = [{{ define = '{pattern}' }}] }}\n"
        )
    };
    let manifest = format!(
        "[[file]]\npath = \"a.c\"\n{}[[file]]\npath = \"b.c\"\n{}[[file]]\npath = \"a.c\"\n{}",
        table(r"X_(\w+)"),
        table(r"Y_(\w+)"),
        table(r"X_(\w+)")
    );
    fs::write(d.join("m.toml"), manifest).unwrap();
    let mut errors = Vec::new();
    for j in ["1", "3"] {
        let (code, _, err) = run(
            &d,
            &[
                "generate",
                "--manifest",
                "m.toml",
                "--out-dir",
                "bad",
                "-j",
                j,
            ],
        );
        assert_eq!(code, 2, "-j{j}: {err}");
        errors.push(err);
    }
    assert!(errors[0].contains("m.toml:7:1: table `x`"), "{}", errors[0]);
    assert_eq!(errors[0], errors[1]);
    assert!(!d.join("bad").exists());
    fs::remove_dir_all(&d).unwrap();
}

/// `--target` reaches the preset's headers (the target's cross sysroot), and the KVM table
/// holds every ioctl of the target, struct-sized ones included, none of another
/// architecture's.
#[test]
fn uapi_preset_honours_target_and_keeps_each_architectures_kvm_ioctls() {
    common::need_kernel_headers();
    common::need_path(
        "/usr/s390x-linux-gnu/include/asm/signal.h",
        "apt-get install linux-libc-dev-s390x-cross",
    );
    let d = scratch("target");
    let kvm = |target: &str| {
        let out = format!("out-{target}");
        let args = [
            "generate",
            "--preset",
            "uapi",
            "--target",
            target,
            "--out-dir",
            &out,
        ];
        let (code, _, err) = run(&d, &args);
        assert_eq!(code, 0, "{err}");
        fs::read_to_string(d.join(out).join("kvm_ioctl.c")).unwrap()
    };
    let x86 = kvm("x86_64");
    for name in [
        "KVM_RUN",
        "KVM_GET_MSRS",
        "KVM_SET_CPUID2",
        "KVM_GET_ONE_REG",
        "KVM_GET_REGS",
    ] {
        assert!(x86.contains(&format!("\"{name}\"")), "{name}:\n{x86}");
    }
    assert!(x86.contains("{ 0x8090ae81U, \"KVM_GET_REGS\" }"), "{x86}");
    assert!(
        !x86.contains("KVM_S390_") && !x86.contains("KVM_ARM_"),
        "{x86}"
    );
    assert!(x86.contains("(target x86_64)"), "{x86}");
    let s390 = kvm("s390x");
    assert!(s390.contains("\"KVM_S390_ENABLE_SIE\""), "{s390}");
    assert!(
        s390.contains("/usr/s390x-linux-gnu/include/linux/kvm.h"),
        "{s390}"
    );
    assert!(
        !s390.contains("KVM_GET_MSRS") && !s390.contains("KVM_X86_"),
        "{s390}"
    );
    fs::remove_dir_all(&d).unwrap();
}

/// docs/manifest.md names every key a table and the preprocessing options take, so the
/// reference cannot fall behind the format.
#[test]
fn the_manifest_reference_documents_every_key() {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/manifest.md"))
        .expect("docs/manifest.md");
    let keys = |value: serde_json::Value| -> Vec<String> {
        value
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect()
    };
    let table = keys(serde_json::to_value(deftab::TableSpec::default()).unwrap());
    let pp = [
        "include",
        "system",
        "defines",
        "undefines",
        "target",
        "builtin_headers",
    ];
    let file = [
        "path",
        "lang",
        "prologue",
        "epilogue",
        "provenance",
        "options",
        "each",
    ];
    let top = [
        "description",
        "root",
        "[dirs]",
        "[options]",
        "[[file]]",
        "[[copies]]",
    ];
    let all = table
        .iter()
        .map(String::as_str)
        .chain(pp)
        .chain(file)
        .chain(top);
    let missing: Vec<&str> = all.filter(|k| !doc.contains(&format!("`{k}`"))).collect();
    assert!(missing.is_empty(), "docs/manifest.md lacks {missing:?}");
}
