//! Bad input: a clear message naming file:line, never a panic or a hang. Input deftab
//! cannot read as a whole (a missing or binary file, an unterminated comment or `#if`, an
//! include cycle, `#error`) is an error, exit 2; input it can read with a problem in places
//! is read: a file that is not UTF-8 with a warning, a macro that explodes as that constant's
//! reason (`skipped: …`), exit 0.

mod common;
use common::{deftab, settings};

/// An error: exit 2.
const ERROR: i32 = 2;
/// Read, with a warning or per-constant reasons: exit 0.
const READ: i32 = 0;

fn snap(name: &str, header: &str, exit: i32) {
    let out = deftab(&["dump", header]);
    assert!(!out.contains("panicked"), "{out}");
    assert!(out.starts_with(&format!("exit: {exit}\n")), "{out}");
    assert!(out.contains(header), "{header} not named: {out}");
    settings().bind(|| insta::assert_snapshot!(name, out));
}

#[test]
#[cfg_attr(
    not(all(target_arch = "x86_64", target_pointer_width = "64")),
    ignore = "its snapshot lists the x86_64 host's include directories (/usr/include/x86_64-linux-gnu)"
)]
fn missing_header_lists_the_directories_searched() {
    snap("missing_header", "no/such/header.h", ERROR);
    snap("missing_include", "bad/missing_include.h", ERROR);
}

#[test]
fn unterminated_things() {
    snap("unterminated_comment", "bad/unterminated_comment.h", ERROR);
    snap("unterminated_if", "bad/unterminated_if.h", ERROR);
    snap("unterminated_string", "bad/unterminated_string.h", ERROR);
}

#[test]
fn include_cycle_hits_the_depth_limit() {
    snap("include_cycle", "bad/cycle_a.h", ERROR);
}

#[test]
fn macro_bomb_fails_fast() {
    snap("macro_bomb", "bad/macro_bomb.h", READ);
}

#[test]
fn division_by_zero_in_if() {
    snap("if_div_zero", "bad/if_div_zero.h", ERROR);
}

#[test]
fn error_directive_only_when_active() {
    snap("error_directive", "bad/error_directive.h", ERROR);
}

#[test]
fn non_utf8_and_binary_files() {
    snap("latin1", "bad/latin1.h", READ);
    snap("binary", "bad/binary.h", ERROR);
}

#[test]
fn unknown_target() {
    let out = deftab(&["dump", "--target", "vax", "paste.h"]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    settings().bind(|| insta::assert_snapshot!("unknown_target", out));
}
