//! Bad input: a clear message naming file:line, a non-zero exit, never a panic or a hang.

mod common;
use common::{deftab, settings};

fn snap(name: &str, header: &str) {
    let out = deftab(&["dump", header]);
    assert!(!out.contains("panicked"), "{out}");
    settings().bind(|| insta::assert_snapshot!(name, out));
}

#[test]
fn missing_header_lists_the_directories_searched() {
    snap("missing_header", "no/such/header.h");
    snap("missing_include", "bad/missing_include.h");
}

#[test]
fn unterminated_things() {
    snap("unterminated_comment", "bad/unterminated_comment.h");
    snap("unterminated_if", "bad/unterminated_if.h");
    snap("unterminated_string", "bad/unterminated_string.h");
}

#[test]
fn include_cycle_hits_the_depth_limit() {
    snap("include_cycle", "bad/cycle_a.h");
}

#[test]
fn macro_bomb_fails_fast() {
    snap("macro_bomb", "bad/macro_bomb.h");
}

#[test]
fn division_by_zero_in_if() {
    snap("if_div_zero", "bad/if_div_zero.h");
}

#[test]
fn error_directive_only_when_active() {
    snap("error_directive", "bad/error_directive.h");
}

#[test]
fn non_utf8_and_binary_files() {
    snap("latin1", "bad/latin1.h");
    snap("binary", "bad/binary.h");
}

#[test]
fn unknown_target() {
    let out = deftab(&["dump", "--target", "vax", "paste.h"]);
    settings().bind(|| insta::assert_snapshot!("unknown_target", out));
}
