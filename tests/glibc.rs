//! Ordinary C headers as bindgen and cbindgen users meet them: glibc and library headers,
//! checked against gcc.

mod common;
use common::{deftab, need_gcc};

/// The last line of `deftab verify` (its summary) and the whole output.
fn verify(args: &[&str]) -> (String, String) {
    let out = deftab(&[&["verify"], args].concat());
    let last = out
        .lines()
        .rfind(|l| l.starts_with("verify: ") && l.contains("constants compared"))
        .unwrap_or_default()
        .to_string();
    (last, out)
}

#[test]
fn position_dependent_macros_are_not_compared() {
    need_gcc();
    let (last, out) = verify(&["position.h"]);
    assert!(
        out.contains(
            "verify: 5 macros not compared: their value depends on where they are expanded"
        ),
        "{out}"
    );
    assert!(
        last.ends_with("3 constants compared, 0 mismatches, 0 skipped by deftab but known to the compiler (coverage 100.00%)"),
        "{out}"
    );
}
