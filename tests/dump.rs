//! Snapshots of `deftab dump` over the fixture headers: one per preprocessor feature.

mod common;
use common::{deftab, settings};

fn snap(name: &str, args: &[&str]) {
    let out = deftab(args);
    settings().bind(|| insta::assert_snapshot!(name, out));
}

#[test]
fn stringify_and_paste() {
    snap("paste", &["dump", "paste.h"]);
}

#[test]
fn variadic_macros() {
    snap("variadic", &["dump", "variadic.h"]);
}

#[test]
fn recursion_guard() {
    snap("recursion", &["dump", "recursion.h"]);
}

#[test]
fn if_arithmetic() {
    snap("if_arith", &["dump", "if_arith.h"]);
    snap("if_arith_i386", &["dump", "--target", "i386", "if_arith.h"]);
}

#[test]
fn include_next() {
    snap(
        "include_next",
        &["dump", "-I", "inc_a", "-I", "inc_b", "include_next.h"],
    );
}

#[test]
fn include_guards_and_pragma_once() {
    snap("guards", &["dump", "guards.h"]);
}

#[test]
fn conditional_enum_members() {
    snap("enum_cond", &["dump", "enum_cond.h"]);
    snap(
        "enum_cond_i386",
        &["dump", "--target", "i386", "enum_cond.h"],
    );
}

#[test]
fn x_macro_enum() {
    snap("xmacro", &["dump", "xmacro.h"]);
}

#[test]
fn literal_types_casts_and_sizeof() {
    snap("values", &["dump", "values.h"]);
    snap("values_i386", &["dump", "--target", "i386", "values.h"]);
}

#[test]
fn json_schema() {
    snap("values_json", &["dump", "--format", "json", "values.h"]);
}

#[test]
fn command_line_macros_keep_their_order() {
    // -D then -U: gone; -U then -D: defined. Checked through #if in if_arith.h.
    snap(
        "cmdline_undef_last",
        &["dump", "-D__s390x__", "-U__s390x__", "if_arith.h"],
    );
    snap(
        "cmdline_define_last",
        &["dump", "-U__x86_64__", "-D__s390x__", "if_arith.h"],
    );
}

#[test]
fn ioctl_numbers_need_struct_layouts() {
    snap("ioctl", &["dump", "layout/ioctl.h"]);
    snap(
        "ioctl_i386",
        &["dump", "--target", "i386", "layout/ioctl.h"],
    );
    snap(
        "ioctl_json",
        &["dump", "--format", "json", "layout/ioctl.h"],
    );
}

#[test]
fn pragma_operator_is_executed_and_removed() {
    // RES_AAONLY = 4, PACKED_SIZE 5 (pack(push, 1) from _Pragma), PLAIN_SIZE 8.
    snap("pragma_op", &["dump", "pragma_op.h"]);
}

#[test]
fn compiler_provided_headers_follow_the_target() {
    // long double: 64 mantissa bits on x86_64, 113 on s390x (float.h from the predefs).
    snap("compiler_headers", &["dump", "verify/compiler_headers.h"]);
}

/// s390x's stdint.h reaches glibc's, which only its cross sysroot has.
#[test]
#[ignore = "needs the s390x cross sysroot: libc6-dev-s390x-cross (.ci/run installs it)"]
fn compiler_provided_headers_follow_the_target_s390x() {
    common::need_path(
        "/usr/s390x-linux-gnu/include",
        "apt-get install libc6-dev-s390x-cross",
    );
    snap(
        "compiler_headers_s390x",
        &["dump", "--target", "s390x", "verify/compiler_headers.h"],
    );
}

#[test]
fn stdc_predef_is_read_first_unless_turned_off() {
    let args = ["dump", "--sysroot-include", "stdc_predef/sys"];
    snap(
        "stdc_predef",
        &[&args[..], &["stdc_predef/unicode.h"]].concat(),
    );
    snap(
        "stdc_predef_off",
        &[&args[..], &["--no-stdc-predef", "stdc_predef/unicode.h"]].concat(),
    );
}

#[test]
fn position_dependent_macros_have_no_fixed_value() {
    // __LINE__, __COUNTER__, __INCLUDE_LEVEL__ and __FILE__ reached through other macros;
    // an unused argument or a stringified one does not count; an enumerator is fixed.
    snap("position", &["dump", "position.h"]);
}

/// `-` reads standard input; /dev/null (no constants) says so on stderr; a directory is
/// named as one.
#[test]
fn stdin_devices_and_directories() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(["dump", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("deftab runs");
    let mut stdin = child.stdin.take().expect("piped");
    stdin.write_all(b"#define A (1 << 3)\n").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "/dev/stdin:1: A = 8\n"
    );
    let null = common::deftab(&["dump", "/dev/null"]);
    assert_eq!(
        null,
        "exit: 0\n--- stderr\nnote: /dev/null: no #define or enum constant\n"
    );
    let dir = common::deftab(&["dump", "verify"]);
    assert!(
        dir.starts_with("exit: 2\n") && dir.contains("`verify` is a directory"),
        "{dir}"
    );
}

#[test]
fn constants_without_value_say_why_not_just_not_an_integer() {
    snap("not_integer", &["dump", "not_integer.h"]);
}
