//! Generated tables compile (`gcc -std=gnu11 -Wall -Wextra -Werror`, `rustc -D warnings`)
//! and their lookups give what the real headers say.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `deftab table ARGS --no-provenance` (run in tests/fixtures), which must succeed.
fn generate(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .arg("table")
        .args(args)
        .arg("--no-provenance")
        .current_dir(fixtures())
        .output()
        .expect("deftab runs");
    assert!(
        out.status.success(),
        "deftab table {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("deftab-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Compiles the files with `compiler ARGS`, runs the program and returns its stdout.
fn build_and_run(dir: &Path, compiler: &str, args: &[&str]) -> String {
    let out = Command::new(compiler)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the compiler runs");
    assert!(
        out.status.success(),
        "{compiler} {args:?}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new(dir.join("prog"))
        .output()
        .expect("the program runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

const C_MAIN: &str = r#"
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fadvise.h>
#include "tables/cmds.h"
#include "tables/flags.h"

#define ilog2(x) (63 - __builtin_clzll(x))
#define CHECK(c) do { if (!(c)) { printf("FAILED line %d: %s\n", __LINE__, #c); return 1; } } while (0)

#include "fadv.inc"
#include "cmd_sorted.inc"
#include "cmd_by_name.inc"
#include "cmd_switch.inc"
#include "fl_bits.inc"
#include "fl_fmt.inc"

static int by_value(const void *k, const void *e)
{
	unsigned int v = *(const unsigned int *)k, ev = ((const struct cmd_sorted_entry *)e)->value;
	return v < ev ? -1 : v > ev;
}

static int by_name(const void *k, const void *e)
{
	return strcmp(k, ((const struct cmd_by_name_by_name *)e)->name);
}

int main(void)
{
	unsigned int key = CMD_DELETE;
	const struct cmd_sorted_entry *s = bsearch(&key, cmd_sorted, sizeof(cmd_sorted) / sizeof(cmd_sorted[0]), sizeof(cmd_sorted[0]), by_value);
	CHECK(s && strcmp(s->name, "DELETE") == 0);
	key = 3;
	CHECK(!bsearch(&key, cmd_sorted, sizeof(cmd_sorted) / sizeof(cmd_sorted[0]), sizeof(cmd_sorted[0]), by_value));

	const struct cmd_by_name_by_name *r = bsearch("RUN", cmd_by_name, sizeof(cmd_by_name) / sizeof(cmd_by_name[0]), sizeof(cmd_by_name[0]), by_name);
	CHECK(r && r->value == CMD_RUN);

	CHECK(strcmp(fadv[POSIX_FADV_DONTNEED], "DONTNEED") == 0);
	CHECK(strcmp(fadv[POSIX_FADV_NOREUSE], "NOREUSE") == 0);
	CHECK(strcmp(cmd_switch_name(CMD_LINK), "LINK") == 0);
	CHECK(cmd_switch_name(2) == 0);
	CHECK(strcmp(fl_bits[ilog2(FL_EXEC) + 1], "EXEC") == 0);
	CHECK(strcmp(fl_bits[ilog2(FL_HUGE) + 1], "HUGE") == 0);

	char buf[64];
	/* RW (two bits) is named before its bits. */
	CHECK(fl_fmt_format(FL_READ | FL_WRITE | FL_HUGE | 0x100, buf, sizeof(buf)) == (int)strlen("RW | HUGE | 0x100"));
	CHECK(strcmp(buf, "RW | HUGE | 0x100") == 0);
	CHECK(fl_fmt_format(FL_READ | FL_EXEC, buf, sizeof(buf)) > 0 && strcmp(buf, "READ | EXEC") == 0);
	CHECK(fl_fmt_format(0, buf, sizeof(buf)) == 0 && buf[0] == '\0');
	printf("ok\n");
	return 0;
}
"#;

#[test]
fn generated_c_compiles_and_looks_up() {
    let dir = scratch("c");
    let cmds = [
        "tables/cmds.h",
        "--enum",
        "cmd",
        "--strip-prefix",
        "CMD_",
        "--exclude",
        "^__",
    ];
    let files: [(&str, Vec<&str>); 6] = [
        (
            "fadv.inc",
            vec![
                "linux/fadvise.h",
                "--define",
                r"POSIX_FADV_(\w+)",
                "--name",
                "fadv",
                "--shape",
                "array",
            ],
        ),
        (
            "cmd_sorted.inc",
            [&cmds[..], &["--name", "cmd_sorted", "--shape", "sorted"]].concat(),
        ),
        (
            "cmd_by_name.inc",
            [
                &cmds[..],
                &[
                    "--name",
                    "cmd_by_name",
                    "--shape",
                    "reverse",
                    "--aliases",
                    "all",
                ],
            ]
            .concat(),
        ),
        (
            "cmd_switch.inc",
            [&cmds[..], &["--name", "cmd_switch", "--shape", "switch"]].concat(),
        ),
        (
            "fl_bits.inc",
            vec![
                "tables/flags.h",
                "--define",
                r"FL_(\w+)",
                "--single-bit",
                "--name",
                "fl_bits",
                "--shape",
                "flags",
                "--index",
                "ilog2({text}) + 1",
            ],
        ),
        (
            "fl_fmt.inc",
            vec![
                "tables/flags.h",
                "--define",
                r"FL_(\w+)",
                "--name",
                "fl_fmt",
                "--shape",
                "flagfmt",
            ],
        ),
    ];
    for (file, args) in &files {
        std::fs::write(dir.join(file), generate(args)).unwrap();
    }
    std::fs::write(dir.join("main.c"), C_MAIN).unwrap();
    let include = format!("-I{}", fixtures().display());
    let out = build_and_run(
        &dir,
        "gcc",
        &[
            "-std=gnu11",
            "-Wall",
            "-Wextra",
            "-Werror",
            &include,
            "main.c",
            "-o",
            "prog",
        ],
    );
    assert_eq!(out, "ok\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

const RUST_MAIN: &str = r#"
mod fadvise { include!("fadvise.rs"); }
mod cmd { include!("cmd.rs"); }
mod cmd_sorted { include!("cmd_sorted.rs"); }
mod cmd_value { include!("cmd_value.rs"); }
mod fl_bits { include!("fl_bits.rs"); }
mod fl { include!("fl.rs"); }
mod ranges { include!("ranges.rs"); }

use fadvise::*;
use fl::*;

fn main() {
    assert_eq!(fadvise_advice_name(4), Some("DONTNEED"));
    assert_eq!(fadvise_advice_name(0), Some("NORMAL"));
    assert_eq!(fadvise_advice_name(6), None);
    assert_eq!(fadvise_advice_name(u32::MAX), None);
    assert_eq!(FADVISE_ADVICE.len(), 6);

    assert_eq!(cmd::cmd_name(5), Some("DELETE"));
    assert_eq!(cmd::cmd_name(1), Some("LOOKUP"));
    assert_eq!(cmd::cmd_name(2), None);
    assert_eq!(cmd_sorted::cmd_sorted_name(0x1000), Some("LINK"));
    assert_eq!(cmd_sorted::cmd_sorted_name(6), None);
    assert_eq!(cmd_sorted::CMD_SORTED.len(), 5);
    assert_eq!(cmd_value::cmd_value_value("RUN"), Some(1));
    assert_eq!(cmd_value::cmd_value_value("LOOKUP"), Some(1));
    assert_eq!(cmd_value::cmd_value_value("NOPE"), None);

    assert_eq!(fl_bits::fl_bits_name(40), Some("HUGE"));
    assert_eq!(fl_bits::fl_bits_name(3), None);
    assert_eq!(fl_bits::FL_BITS.len(), 41);

    assert_eq!(ranges::ranges_names_name(0x1003), Some("GET_FS"));
    assert_eq!(ranges::ranges_names_name(0x1000), None);
    assert_eq!(ranges::ranges_names_name(0), None);
    assert_eq!(ranges::RANGES_NAMES.len(), 4);

    let mask = 1 | 2 | (1 << 40) | 0x100;
    let text = fl_format(mask);
    assert_eq!(text, "RW | HUGE | 0x100");
    assert_eq!(fl_format(1 | 4), "READ | EXEC");
    assert_eq!(fl_parse(&text), Ok(mask));
    assert_eq!(fl_parse("RW|EXEC"), Ok(7));
    assert_eq!(fl_format(0), "");
    assert_eq!(fl_parse(""), Ok(0));
    assert!(fl_parse("READ | NOPE").is_err());
    assert_eq!(FL.len(), 6);
    println!("ok");
}
"#;

#[test]
fn generated_rust_compiles_and_looks_up() {
    let dir = scratch("rust");
    let cmds = [
        "tables/cmds.h",
        "--enum",
        "cmd",
        "--strip-prefix",
        "CMD_",
        "--exclude",
        "^__",
        "--lang",
        "rust",
    ];
    let files: [(&str, Vec<&str>); 7] = [
        (
            "fadvise.rs",
            vec![
                "linux/fadvise.h",
                "--define",
                r"POSIX_FADV_(\w+)",
                "--name",
                "fadvise_advice",
                "--lang",
                "rust",
            ],
        ),
        ("cmd.rs", [&cmds[..], &["--shape", "switch"]].concat()),
        (
            "cmd_sorted.rs",
            [&cmds[..], &["--name", "cmd_sorted", "--shape", "sorted"]].concat(),
        ),
        (
            "cmd_value.rs",
            [
                &cmds[..],
                &[
                    "--name",
                    "cmd_value",
                    "--shape",
                    "reverse",
                    "--aliases",
                    "all",
                ],
            ]
            .concat(),
        ),
        (
            "fl_bits.rs",
            vec![
                "tables/flags.h",
                "--define",
                r"FL_(\w+)",
                "--single-bit",
                "--name",
                "fl_bits",
                "--shape",
                "flags",
                "--lang",
                "rust",
            ],
        ),
        (
            "fl.rs",
            vec![
                "tables/flags.h",
                "--define",
                r"FL_(\w+)",
                "--name",
                "fl",
                "--shape",
                "flagfmt",
                "--lang",
                "rust",
            ],
        ),
        (
            "ranges.rs",
            vec![
                "tables/ranges.h",
                "--define",
                r"ARCH_(\w+)",
                "--exclude",
                "NEG",
                "--shape",
                "offset",
                "--lang",
                "rust",
            ],
        ),
    ];
    for (file, args) in &files {
        std::fs::write(dir.join(file), generate(args)).unwrap();
    }
    std::fs::write(dir.join("main.rs"), RUST_MAIN).unwrap();
    let out = build_and_run(
        &dir,
        "rustc",
        &[
            "--edition",
            "2021",
            "-D",
            "warnings",
            "main.rs",
            "-o",
            "prog",
        ],
    );
    assert_eq!(out, "ok\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A table for every target (`--targets all`, the README's errno example) drops into a
/// build: the C compiles alone with warnings as errors, the Rust is rustfmt-clean (long
/// `match` arms in rustfmt's block form) and compiles.
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn family_of_every_target_compiles_and_is_rustfmt_clean() {
    let tree = common::kernel_tree();
    common::need_gcc();
    let dir = scratch("family");
    let tree = tree.to_str().unwrap();
    for (lang, file) in [("c", "errno.c"), ("rust", "errno.rs")] {
        let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
            .args([
                "table",
                "asm/errno.h",
                "--included",
                "--define",
                "E[A-Z0-9]+",
            ])
            .args(["--name", "errno", "--targets", "all", "--kernel-tree", tree])
            .args(["--lang", lang, "--no-provenance"]) // no `@generated`: rustfmt checks it all
            .output()
            .expect("deftab runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(dir.join(file), &out.stdout).unwrap();
    }
    let c = [
        "-std=c11",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-c",
        "-o",
        "/dev/null",
        "errno.c",
    ];
    let rustc = [
        "--edition",
        "2021",
        "--crate-type",
        "lib",
        "-D",
        "warnings",
        "errno.rs",
    ];
    let rustfmt = [
        "--edition",
        "2021",
        "--check",
        "--color",
        "never",
        "errno.rs",
    ];
    for (program, args) in [
        ("gcc", &c[..]),
        ("rustc", &rustc[..]),
        ("rustfmt", &rustfmt[..]),
    ] {
        let out = Command::new(program)
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| panic!("needs `{program}`: {e}"));
        assert!(
            out.status.success(),
            "{program}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
