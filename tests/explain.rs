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

/// Without a header, `asm/` and `asm-generic/` headers are searched too: the target's
/// `asm/` first, so its own value wins over the generic one it replaces.
#[test]
fn search_finds_the_arch_value_before_the_generic_one() {
    let root = ["--sysroot-include", "explain/sysroot"];
    let out = deftab(&[&["explain", "MAP_LIKE"][..], &root].concat());
    assert!(
        out.starts_with("exit: 0\nMAP_LIKE = 2048 (0x800, int)"),
        "{out}"
    );
    assert!(out.contains("explain/sysroot/asm/mman.h"), "{out}");
    let generic = deftab(&[&["explain", "MAP_OTHER"][..], &root].concat());
    assert!(
        generic.starts_with("exit: 0\nMAP_OTHER = 64 (0x40, int)"),
        "{generic}"
    );
    let linux = deftab(&[&["explain", "WAIT_LIKE"][..], &root].concat());
    assert!(
        linux.starts_with("exit: 0\nWAIT_LIKE = 4 (0x4, int)"),
        "{linux}"
    );
}

/// A name no header defines: where the search looked, and the defined names closest to it.
#[test]
fn misspelled_name_gets_did_you_mean() {
    let root = ["--sysroot-include", "explain/sysroot"];
    let out = deftab(&[&["explain", "MAP_LIK"][..], &root].concat());
    settings().bind(|| insta::assert_snapshot!("diag_explain_did_you_mean", out));
    let far = deftab(&[&["explain", "NOTHING_CLOSE_AT_ALL"][..], &root].concat());
    assert!(far.starts_with("exit: 2\n"), "{far}");
    assert!(!far.contains("did you mean"), "{far}");
    assert!(far.contains("deftab explain NAME HEADER"), "{far}");
}

/// The names the issue found missing, each in the uapi header that defines it, and a
/// misspelling of one.
#[test]
fn names_of_asm_and_asm_generic_headers_are_found() {
    common::need_kernel_headers();
    for (name, first, dir) in [
        ("SIGKILL", "SIGKILL = 9 (0x9, int) on x86_64", "/asm/"),
        (
            "MAP_ANONYMOUS",
            "MAP_ANONYMOUS = 32 (0x20, int) on x86_64",
            "/asm-generic/",
        ),
        (
            "O_CLOEXEC",
            "O_CLOEXEC = 524288 (0x80000, int) on x86_64",
            "/asm-generic/",
        ),
        (
            "EAGAIN",
            "EAGAIN = 11 (0xb, int) on x86_64",
            "/asm-generic/",
        ),
        (
            "TCGETS",
            "TCGETS = 21505 (0x5401, int) on x86_64",
            "/asm-generic/",
        ),
    ] {
        let out = deftab(&["explain", name]);
        let mut lines = out.lines().skip(1);
        assert_eq!(lines.next(), Some(first), "{out}");
        let at = lines.next().unwrap_or_default();
        assert!(
            at.starts_with("  define in /usr/include/") && at.contains(dir),
            "{out}"
        );
    }
    let typo = deftab(&["explain", "O_CLOXEC"]);
    assert!(typo.starts_with("exit: 2\n"), "{typo}");
    assert!(
        typo.contains("did you mean `O_CLOEXEC` (asm-generic/fcntl.h:"),
        "{typo}"
    );
}

/// Another target's search reads its own include directories: mips' sysroot has its own
/// `TCGETS` and `MAP_ANONYMOUS`, unlike the generic ones x86_64 uses.
#[test]
fn another_target_finds_its_own_values() {
    common::need_path(
        "/usr/mips-linux-gnu/include/asm/ioctls.h",
        "apt-get install linux-libc-dev-mips-cross",
    );
    let tcgets = deftab(&["explain", "TCGETS", "--target", "mips"]);
    assert!(
        tcgets.starts_with("exit: 0\nTCGETS = 21517 (0x540d, int) on mips\n"),
        "{tcgets}"
    );
    assert!(
        tcgets.contains("/usr/mips-linux-gnu/include/asm/ioctls.h"),
        "{tcgets}"
    );
    let map = deftab(&["explain", "MAP_ANONYMOUS", "--target", "mips"]);
    assert!(
        map.starts_with("exit: 0\nMAP_ANONYMOUS = 2048 (0x800, int) on mips\n"),
        "{map}"
    );
}

/// The same in a kernel tree: the arch's uapi `asm/` before `include/uapi/asm-generic`.
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn another_target_finds_its_own_values_in_a_kernel_tree() {
    let tree = common::kernel_tree();
    let tree = tree.to_str().expect("a UTF-8 path");
    let mips = deftab(&[
        "explain",
        "TCGETS",
        "--target",
        "mips",
        "--kernel-tree",
        tree,
    ]);
    assert!(
        mips.starts_with("exit: 0\nTCGETS = 21517 (0x540d, int) on mips\n"),
        "{mips}"
    );
    assert!(
        mips.contains("arch/mips/include/uapi/asm/ioctls.h"),
        "{mips}"
    );
    let x86 = deftab(&["explain", "SIGKILL", "--kernel-tree", tree]);
    assert!(
        x86.starts_with("exit: 0\nSIGKILL = 9 (0x9, int) on x86_64\n"),
        "{x86}"
    );
}

/// A macro using `__LINE__` or `__COUNTER__` has no value: explain shows its steps and says
/// so, without a value from wherever explain happened to expand it.
#[test]
fn position_dependent_macro_shows_no_value_from_its_expansion_site() {
    for (name, builtin) in [("HERE_LINE", "__LINE__"), ("NEXT_ID", "__COUNTER__")] {
        let out = deftab(&["explain", name, "position.h"]);
        assert!(out.starts_with("exit: 0\n"), "{out}");
        assert!(
            out.contains("note: no fixed value: it changes with where the macro is expanded"),
            "{out}"
        );
        assert!(!out.contains("evaluated:"), "{out}");
        assert!(
            out.contains(&format!(
                "Skipped: depends on where it is expanded: `{builtin}`"
            )),
            "{out}"
        );
    }
}

#[test]
fn an_undefined_enum_is_said_as_such_not_as_not_an_integer() {
    let out = deftab(&["explain", "NI_UNDEFINED_ENUM", "not_integer.h"]);
    assert!(
        out.contains("Skipped: enum undefined_e is not defined"),
        "{out}"
    );
    assert!(out.contains("no enum undefined_e is defined"), "{out}");
    assert!(!out.contains("only integer constant expressions"), "{out}");
    let float = deftab(&["explain", "NI_FLOAT", "not_integer.h"]);
    assert!(
        float.contains("only integer constant expressions have a value"),
        "{float}"
    );
}
