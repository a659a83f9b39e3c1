//! Behaviour tests on small fixture trees (written to a temporary directory).

use super::{CmdMacro, Limits, MacroEvent, Options, Output, Preprocessor};
use crate::diag::Diagnostic;
use crate::scan::{Token, spelling};
use crate::source::SourceMap;
use crate::target::Target;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Writes `files` (the first is the main file) under a fresh directory with `inc/` as the
/// `-I` directory and `sys/` as the only system directory.
pub(super) fn tree(files: &[(&str, &str)]) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "deftab-pp-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::create_dir_all(dir.join("inc")).unwrap();
    std::fs::create_dir_all(dir.join("sys")).unwrap();
    dir
}

pub(super) fn options(dir: &std::path::Path) -> Options {
    Options {
        include_dirs: vec![dir.join("inc")],
        system_dirs: Some(vec![dir.join("sys")]),
        ..Options::default()
    }
}

fn run_opts(
    files: &[(&str, &str)],
    edit: impl FnOnce(&mut Options),
) -> (SourceMap, Result<Output, Diagnostic>) {
    let dir = tree(files);
    let mut opts = options(&dir);
    edit(&mut opts);
    let mut sm = SourceMap::new();
    let mut pp = Preprocessor::new(Target::default_target(), opts);
    let out = pp.run(&mut sm, &dir.join(files[0].0));
    (sm, out)
}

fn run(files: &[(&str, &str)]) -> (SourceMap, Output) {
    let (sm, out) = run_opts(files, |_| {});
    match out {
        Ok(o) => (sm, o),
        Err(d) => panic!("{}", d.render(&sm)),
    }
}

fn words(sm: &SourceMap, toks: &[Token]) -> String {
    toks.iter()
        .map(|t| spelling(sm, t).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Output tokens of a one-file unit.
fn pp(text: &str) -> String {
    let (sm, out) = run(&[("main.h", text)]);
    words(&sm, &out.tokens)
}

/// The fatal error of a unit: its message and line.
fn fatal(files: &[(&str, &str)]) -> (String, u32, Diagnostic) {
    let (sm, out) = run_opts(files, |_| {});
    let d = out.expect_err("expected a fatal error");
    let line = d.loc.map_or(0, |l| sm.line(l));
    (d.message.clone(), line, d)
}

#[test]
fn stringify_and_paste() {
    assert_eq!(
        pp(
            "#define S(x) #x\n#define P(a,b) a##b\n#define Q P(x, y)\nS( a  \"b\\n\"  'c' ) P(x,y) P(,y) P(x,) P(1,2) P(,) Q\n"
        ),
        r#""a \"b\\n\" 'c'" xy y x 12 xy"#
    );
    // Operands of ## are not expanded first; the result is rescanned.
    assert_eq!(
        pp(
            "#define A 1\n#define AB 2\n#define C(a,b) a##b\n#define S(x) #x\n#define X(x) S(x)\nC(A,B) C(A,) S(A) X(A)\n"
        ),
        "2 1 \"A\" \"1\""
    );
}

#[test]
fn variadics_gnu_comma_and_va_opt() {
    assert_eq!(
        pp(
            "#define F(a,...) f(a, ## __VA_ARGS__)\n#define G(fmt, args...) g(fmt, ## args)\n#define H(...) h(__VA_ARGS__)\n#define O(...) __VA_OPT__(x)y\n#define X 1\nF(0,X) F(0) F(0,) G(1) G(1,2,3) H() H(1,(2,3)) O() O(1)\n"
        ),
        "f ( 0 , 1 ) f ( 0 ) f ( 0 , ) g ( 1 ) g ( 1 , 2 , 3 ) h ( ) h ( 1 , ( 2 , 3 ) ) y x y"
    );
}

#[test]
fn recursion_is_painted_blue() {
    assert_eq!(
        pp(
            "#define foo foo\n#define a b\n#define b a\n#define f(x) x+f\n#define f2(a) a*g2\n#define g2(a) f2(a)\nfoo a b f(1)(2) f2(2)(9)\n"
        ),
        "foo a b 1 + f ( 2 ) 2 * 9 * g2"
    );
    let (sm, out) = run(&[("main.h", "#define foo (4 + foo)\nfoo\n")]);
    let inner = out
        .tokens
        .iter()
        .find(|t| spelling(&sm, t) == "foo")
        .unwrap();
    assert!(inner.has(Token::NO_EXPAND) && inner.has(Token::FROM_MACRO));
}

#[test]
fn if_arithmetic_and_defined() {
    assert_eq!(
        pp(
            "#define A 3\n#if (1 << 4) == 16 && defined(A) && defined A && A * 2 == 6\nyes\n#else\nno\n#endif\n#if UNDEFINED_NAME || !defined(A)\nbad\n#elif -1 < 0u\nbad2\n#elif 0x10 % 3 == 1\nelif\n#endif\n#ifdef __x86_64__\nx86\n#endif\n#ifdef __LINE__\nline\n#endif\n"
        ),
        "yes elif x86 line"
    );
    // An erroneous condition counts as false, so `#else` is taken (gcc reports the error
    // too but goes on with the left operand, 1 here).
    let (sm, out) = run(&[("main.h", "#if 1 / 0\nbad\n#else\nelse\n#endif\n")]);
    assert_eq!(words(&sm, &out.tokens), "else");
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains("division by zero")),
        "{:?}",
        out.diagnostics
    );
}

#[test]
fn has_include_and_has_attribute() {
    assert_eq!(
        pp(
            "#if __has_include(<stdio_nope.h>)\nbad\n#endif\n#if __has_include(\"main.h\") && __has_attribute(packed) && !__has_attribute(nope) && __has_builtin(__builtin_expect)\nok\n#endif\n#if __has_attribute(fallthrough) == 201904\nstd\n#endif\n"
        ),
        "ok std"
    );
}

#[test]
fn include_next_continues_the_chain() {
    let (sm, out) = run(&[
        ("main.h", "#include <a.h>\n#include \"b.h\"\n"),
        ("inc/a.h", "first\n#include_next <a.h>\n"),
        ("sys/a.h", "second\n"),
        ("b.h", "local\n"),
        ("inc/b.h", "wrong\n"),
    ]);
    assert_eq!(words(&sm, &out.tokens), "first second local");
    assert_eq!(out.files.len(), 4);
}

#[test]
fn guards_and_pragma_once() {
    let (sm, out) = run(&[
        (
            "main.h",
            "#include \"g.h\"\n#include \"g.h\"\n#include \"o.h\"\n#include \"o.h\"\n#include \"n.h\"\n#include \"n.h\"\n",
        ),
        (
            "g.h",
            "#ifndef G_H\n#define G_H\nguarded\n#endif /* G_H */\n",
        ),
        ("o.h", "#pragma once\nonce\n"),
        ("n.h", "plain\n"),
    ]);
    assert_eq!(words(&sm, &out.tokens), "guarded once plain plain");
    let mut sm = SourceMap::new();
    let f = sm.add_virtual(
        "x.h",
        "#if !defined(X)\n#define X\n#if A\n#else\n#endif\n#endif\n".into(),
    );
    let toks = crate::scan::scan(f, &sm.file(f).text.clone()).unwrap();
    assert_eq!(
        super::include::detect_guard(&sm, &toks).as_deref(),
        Some("X")
    );
    let g = sm.add_virtual("y.h", "#ifndef X\n#define X\n#endif\nint after;\n".into());
    let toks = crate::scan::scan(g, &sm.file(g).text.clone()).unwrap();
    assert_eq!(super::include::detect_guard(&sm, &toks), None);
}

#[test]
fn conditional_enum_members_and_inactive_history() {
    let (sm, out) = run(&[(
        "main.h",
        "enum e {\n A,\n#ifdef __x86_64__\n B,\n#else\n#define NOT_X86 1\n C,\n#endif\n#if defined(__s390x__)\n#define S390 2\n#endif\n};\n",
    )]);
    assert_eq!(words(&sm, &out.tokens), "enum e { A , B , } ;");
    let inactive: Vec<_> = out
        .history
        .iter()
        .filter_map(|e| match e {
            MacroEvent::Inactive {
                name,
                loc,
                condition,
                condition_loc,
            } => Some((
                name.as_str(),
                sm.line(*loc),
                condition.as_str(),
                sm.line(*condition_loc),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        inactive,
        vec![
            ("NOT_X86", 6, "#ifdef __x86_64__ … #else", 5),
            ("S390", 10, "#if defined(__s390x__)", 9),
        ]
    );
}

#[test]
fn computed_includes() {
    let (sm, out) = run(&[
        (
            "main.h",
            "#define HDR <a.h>\n#define Q \"q.h\"\n#define CAT(a,b) <a/b.h>\n#include HDR\n#include Q\n#include CAT(d,e)\n",
        ),
        ("sys/a.h", "angle\n"),
        ("q.h", "quoted\n"),
        ("inc/d/e.h", "nested\n"),
    ]);
    assert_eq!(words(&sm, &out.tokens), "angle quoted nested");
}

#[test]
fn x_macro_members_report_the_invocation() {
    let (sm, out) = run(&[(
        "main.h",
        "#define X(n) n,\n#define LIST \\\n X(A) \\\n X(B)\nenum {\nLIST\n  X(C)\n};\n",
    )]);
    let pos = |name: &str| {
        let t = out
            .tokens
            .iter()
            .find(|t| spelling(&sm, t) == name)
            .unwrap();
        (sm.line(t.origin), t.has(Token::FROM_MACRO))
    };
    assert_eq!(pos("A"), (6, true));
    assert_eq!(pos("B"), (6, true));
    assert_eq!(pos("C"), (7, true));
    assert_eq!(pos("enum"), (5, false));
}

#[test]
fn expand_uses_the_final_table() {
    let dir = tree(&[(
        "main.h",
        "#define _IOC(d,t,n,s) (((d) << 30) | ((t) << 8) | (n) | (sizeof(s) << 16))\n#define _IOR(t,n,s) _IOC(2U,(t),(n),s)\n#define GETFLAGS _IOR('f', 1, long)\n#define FN(x) x\n#define SELF SELF + 1\n",
    )]);
    let mut sm = SourceMap::new();
    let mut pp = Preprocessor::new(Target::default_target(), options(&dir));
    let out = pp.run(&mut sm, &dir.join("main.h")).unwrap();
    for (name, want) in [
        (
            "GETFLAGS",
            "( ( ( 2U ) << 30 ) | ( ( ( 'f' ) ) << 8 ) | ( ( 1 ) ) | ( sizeof ( long ) << 16 ) )",
        ),
        ("FN", "FN"),
        ("SELF", "SELF + 1"),
    ] {
        // A use of the name at the end of the header.
        let f = sm.add_virtual("use.h", name.to_string());
        let body = crate::scan::scan(f, name).unwrap();
        let got = pp.expand(&mut sm, &out.macros, &body).unwrap();
        assert_eq!(words(&sm, &got), want, "{name}");
    }
}

#[test]
fn predefined_and_command_line_macros() {
    let (sm, out) = run_opts(
        &[(
            "main.h",
            "#ifdef __x86_64__\nx86\n#endif\nX Y F(2) __STDC__ __CHAR_BIT__\n",
        )],
        |o| {
            o.macros = vec![
                CmdMacro::Define("X".into()),
                CmdMacro::Define("Y=".into()),
                CmdMacro::Define("F(a)=a+1".into()),
                CmdMacro::Undef("__x86_64__".into()),
            ]
        },
    );
    let out = out.unwrap();
    assert_eq!(words(&sm, &out.tokens), "1 2 + 1 1 8");
    let x = &out.macros["X"];
    assert_eq!(sm.path(x.loc.file).to_str(), Some("<command line>"));
    assert_eq!(
        sm.path(out.macros["__CHAR_BIT__"].loc.file).to_str(),
        Some("<built-in>")
    );
}

#[test]
fn definition_text_and_location() {
    let (sm, out) = run(&[(
        "main.h",
        "\n#  define  T  (1 + \\\n 2) /* c */ \n#define E\n#define F(a, b...) a /* x\n y */ b\n#undef E\n",
    )]);
    let t = &out.macros["T"];
    assert_eq!(t.text, "(1 +  2)");
    assert_eq!(sm.position(t.loc).line, 2);
    assert_eq!(sm.position(t.loc).column, 12);
    assert_eq!(out.macros["F"].text, "a /* x  y */ b");
    assert!(out.macros["F"].named_variadic);
    assert!(!out.macros.contains_key("E"));
    let names: Vec<_> = out
        .history
        .iter()
        .filter_map(|e| match e {
            MacroEvent::Define(m) if sm.path(m.loc.file).ends_with("main.h") => {
                Some(m.name.clone())
            }
            MacroEvent::Undef { name, .. } => Some(format!("-{name}")),
            _ => None,
        })
        .collect();
    assert_eq!(names, vec!["T", "E", "F", "-E"]);
}

#[test]
fn dynamic_builtins_and_line() {
    let (sm, out) = run(&[
        (
            "main.h",
            "__LINE__ __COUNTER__ __COUNTER__ __INCLUDE_LEVEL__\n#include \"i.h\"\n#line 100 \"fake.h\"\n__LINE__ __FILE__ __DATE__ __TIME__\n",
        ),
        ("i.h", "__INCLUDE_LEVEL__\n"),
    ]);
    let w = words(&sm, &out.tokens);
    assert!(
        w.starts_with("1 0 1 0 1 100 \"fake.h\" \"Jan  1 1970\" \"00:00:00\""),
        "{w}"
    );
}

#[test]
fn skipped_groups_tolerate_garbage() {
    assert_eq!(
        pp(
            "#if 0\nit's garbage, isn't it\n#frobnicate\n#if 1\n#else\n#else\n#endif\n#elif 1\nyes\n#else\nno\n#endif\n"
        ),
        "yes"
    );
}

#[test]
fn fatal_errors_have_positions() {
    let (m, line, d) = fatal(&[
        ("main.h", "\n#include \"a.h\"\n"),
        ("a.h", "x\n#include <missing.h>\n"),
    ]);
    assert!(m.contains("`missing.h` not found"), "{m}");
    assert_eq!(line, 2);
    assert!(
        d.notes
            .iter()
            .any(|n| n.starts_with("searched: ") && n.ends_with("sys")),
        "{:?}",
        d.notes
    );
    assert!(
        d.notes.iter().any(|n| n.contains("main.h:2")),
        "{:?}",
        d.notes
    );

    let (m, line, _) = fatal(&[("main.h", "x\n#ifdef A\n#if 1\n#endif\n")]);
    assert_eq!((m.as_str(), line), ("unterminated #ifdef", 2));
    let (m, line, _) = fatal(&[("main.h", "#if 1\n#else\n#else\n#endif\n")]);
    assert_eq!((m.as_str(), line), ("#else after #else", 3));
    let (m, line, _) = fatal(&[("main.h", "#if 1\n#else\n#elif 1\n#endif\n")]);
    assert_eq!((m.as_str(), line), ("#elif after #else", 3));
    let (m, line, _) = fatal(&[("main.h", "\n\n#endif\n")]);
    assert_eq!((m.as_str(), line), ("#endif without #if", 3));
    let (m, line, _) = fatal(&[("main.h", "int a;\n/* never\nends\n")]);
    assert_eq!((m.as_str(), line), ("unterminated comment", 2));
    let (m, line, _) = fatal(&[("main.h", "#define F(x) x\nF(1,\n2\n")]);
    assert_eq!(
        (m.as_str(), line),
        ("unterminated argument list invoking macro `F`", 2)
    );
    let (m, line, _) = fatal(&[
        ("main.h", "#include \"c.h\"\n"),
        ("c.h", "\n#include \"main.h\"\n"),
    ]);
    assert!(m.contains("nested more than 200"), "{m}");
    assert_eq!(line, 2);
}

#[test]
fn macro_bombs_fail_fast() {
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!("#define M{i} M{n} M{n}\n", n = i + 1));
    }
    text.push_str("M0\n");
    let start = std::time::Instant::now();
    let (_, out) = run_opts(&[("main.h", &text)], |o| {
        o.limits = Limits {
            expansion_tokens: 100_000,
            ..Limits::default()
        }
    });
    let d = out.unwrap_err();
    assert!(
        d.message.contains("more than 100000 tokens"),
        "{}",
        d.message
    );
    assert!(start.elapsed().as_secs() < 5);
}

#[test]
fn non_fatal_problems_are_reported() {
    let (sm, out) = run(&[(
        "main.h",
        "#if 0\n#error not active\n#endif\n#error stop \"here\"\n#warning careful\n#define F(a,b) a b\n#define P(a,b) a##b\n#define R 1\n#define R 2\nF(1) P(+,/) after\n#bogus\nchar c = 'x;\n",
    )]);
    let msgs: Vec<_> = out
        .diagnostics
        .iter()
        .map(|d| (d.is_error(), sm.line(d.loc.unwrap()), d.message.clone()))
        .collect();
    let has = |err: bool, line: u32, part: &str| {
        msgs.iter()
            .any(|(e, l, m)| *e == err && *l == line && m.contains(part))
    };
    assert!(has(true, 4, "#error stop \"here\""), "{msgs:?}");
    assert!(!msgs.iter().any(|m| m.2.contains("not active")));
    assert!(has(false, 5, "#warning careful"), "{msgs:?}");
    assert!(
        has(true, 10, "requires 2 arguments, but only 1 given"),
        "{msgs:?}"
    );
    assert!(has(true, 10, "pasting `+` and `/`"), "{msgs:?}");
    assert!(has(false, 9, "`R` redefined"), "{msgs:?}");
    assert!(
        has(true, 11, "invalid preprocessing directive #bogus"),
        "{msgs:?}"
    );
    assert!(has(false, 12, "missing terminating '"), "{msgs:?}");
    assert_eq!(words(&sm, &out.tokens), "F + / after char c = 'x;");
}

#[test]
fn non_utf8_bytes_warn_once() {
    let dir = tree(&[("main.h", "#include \"l.h\"\n#include \"l.h\"\n")]);
    std::fs::write(dir.join("l.h"), b"/* caf\xe9 */\nlatin\n").unwrap();
    let mut sm = SourceMap::new();
    let mut pp = Preprocessor::new(Target::default_target(), options(&dir));
    let out = pp.run(&mut sm, &dir.join("main.h")).unwrap();
    assert_eq!(words(&sm, &out.tokens), "latin latin");
    let warnings = out
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("not valid UTF-8"))
        .count();
    assert_eq!(warnings, 1);
}

#[test]
fn pragma_operator_is_removed_or_reported() {
    assert_eq!(
        pp("#define W(x) _Pragma(#x) x\nW(GCC warning) 1 _Pragma(\"once\") 2\n"),
        "GCC warning 1 2"
    );
    let (sm, out) = run(&[("main.h", "a _Pragma(1) b\n")]);
    assert_eq!(words(&sm, &out.tokens), "a _Pragma ( 1 ) b");
    assert!(out.diagnostics.iter().any(|d| {
        d.message
            .contains("_Pragma takes a parenthesized string literal")
    }));
}
