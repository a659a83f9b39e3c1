//! `deftab explain`: text and JSON snapshots of a define, an enumerator, skipped constants
//! and an inactive #if branch; the step-wise expansion checked against C's.

mod common;
use common::{deftab, settings};
use deftab::constant::ConstKind;
use deftab::header::Session;
use deftab::preprocess::Options;
use deftab::scan;
use deftab::target::Target;

fn snap(name: &str, args: &[&str]) -> String {
    let mut argv = vec!["explain"];
    argv.extend_from_slice(args);
    let text = deftab(&argv);
    argv.extend_from_slice(&["--format", "json"]);
    let json = deftab(&argv);
    settings().bind(|| {
        insta::assert_snapshot!(name, text);
        insta::assert_snapshot!(format!("{name}_json"), json);
    });
    text
}

#[test]
fn define_through_function_like_macros_with_override_and_undef() {
    let out = snap("define", &["FLAGS", "explain/define.h"]);
    // ((sizeof(long)) << 4) | 'a': size_t arithmetic, as C gives it.
    assert!(
        out.starts_with("exit: 0\nFLAGS = 225 (0xe1, unsigned long) on x86_64\n"),
        "{out}"
    );
    assert!(out.contains("sizeof(long) = 8"), "{out}");
    let i386 = deftab(&["explain", "FLAGS", "explain/define.h", "--target", "i386"]);
    assert!(
        i386.contains("FLAGS = 97 (0x61, unsigned int) on i386"),
        "{i386}"
    );
    assert!(i386.contains("sizeof(long) = 4"), "{i386}");
}

#[test]
fn enumerator_with_implicit_value() {
    let out = snap("enumerator", &["ALPHA", "explain/enum.h"]);
    assert!(out.contains("ALPHA = 12 (0xc, int)"), "{out}");
    assert!(out.contains("implicit: BLUE + 1"), "{out}");
}

#[test]
fn skipped_constants_say_why_and_what_would_fix_them() {
    let out = snap(
        "skipped_unknown",
        &["-I", "explain", "NEEDS_OTHER", "explain/skipped.h"],
    );
    assert!(out.contains("linux/explain_other.h:2"), "{out}");
    snap("skipped_function_like", &["TWICE", "explain/skipped.h"]);
    snap("skipped_empty", &["JUST_A_FLAG", "explain/skipped.h"]);
}

#[test]
fn inactive_branch_of_the_real_fadvise_h() {
    common::need_kernel_headers();
    let out = snap(
        "inactive_fadvise",
        &["POSIX_FADV_DONTNEED", "linux/fadvise.h"],
    );
    assert!(out.contains("`#if defined(__s390x__)`"), "{out}");
    // Without a header, the text search finds fadvise.h.
    let found = deftab(&["explain", "POSIX_FADV_DONTNEED"]);
    assert_eq!(found, out);
}

#[test]
fn ioctl_number_shows_every_step_and_the_target_fact() {
    common::need_kernel_headers();
    let out = deftab(&["explain", "FS_IOC_GETFLAGS", "linux/fs.h"]);
    assert!(
        out.contains("FS_IOC_GETFLAGS = 2148034049 (0x80086601, unsigned long)"),
        "{out}"
    );
    assert!(out.contains("→ _IOR('f', 1, long)\n"), "{out}");
    assert!(
        out.contains("→ _IOC(_IOC_READ,('f'),(1),(_IOC_TYPECHECK(long)))\n"),
        "{out}"
    );
    assert!(out.contains("sizeof(long) = 8\n"), "{out}");
    assert!(
        !out.contains("note:"),
        "the step-wise view ends where C does: {out}"
    );
}

#[test]
fn not_defined_is_an_input_error_with_a_hint() {
    let out = deftab(&["explain", "FS_IOC_GETFLAGS", "explain/enum.h"]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    common::need_kernel_headers();
    settings().bind(|| insta::assert_snapshot!("diag_explain_not_defined", out));
    assert!(deftab(&["explain", "NO_HEADER_DEFINES_THIS_NAME_AT_ALL"]).starts_with("exit: 2\n"));
}

/// The last step of the step-wise expansion is C's expansion, for every object-like
/// `#define` with a value in every `linux/*.h` (differences are listed).
#[test]
fn stepwise_expansion_ends_where_c_expansion_does_on_all_uapi_headers() {
    common::need_kernel_headers();
    let dir = std::fs::read_dir("/usr/include/linux").expect("/usr/include/linux is readable");
    let mut headers: Vec<String> = dir
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".h"))
        .map(|n| format!("linux/{n}"))
        .collect();
    headers.sort();
    let target = Target::lookup("x86_64").expect("x86_64 is known");
    let mut session = Session::new(target, Options::default());
    let (mut compared, mut differ) = (0, Vec::new());
    for h in &headers {
        let Ok(hc) = session.constants(h) else {
            continue;
        };
        for c in hc
            .constants
            .iter()
            .filter(|c| c.kind == ConstKind::Define && c.value.is_ok())
        {
            let Some(m) = hc
                .unit
                .preprocessed
                .macros
                .get(c.name.as_str())
                .filter(|m| m.loc == c.loc)
            else {
                continue;
            };
            let tok = m.name_use();
            let macros = &hc.unit.preprocessed.macros;
            let steps = session
                .preprocessor
                .expand_steps(&mut session.sm, macros, &[tok], 10_000);
            let exact = session.preprocessor.expand(&mut session.sm, macros, &[tok]);
            let (Ok(steps), Ok(exact)) = (steps, exact) else {
                differ.push(format!("{h}: {}: an expansion failed", c.name));
                continue;
            };
            let last = steps.last().map(|s| scan::render(&session.sm, &s.tokens));
            let c_text = scan::render(&session.sm, &exact);
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            compared += 1;
            if last.as_deref().map(squeeze) != Some(squeeze(&c_text)) {
                differ.push(format!("{h}: {}: {last:?} vs {c_text}", c.name));
            }
        }
    }
    assert!(compared > 10_000, "only {compared} defines compared");
    assert!(
        differ.is_empty(),
        "{} of {compared} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
