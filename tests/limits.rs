//! Every guard against hostile input, once: going past it is a clear error with a position
//! (never a crash, a hang or a huge allocation), and `--limit NAME=N` moves it.

use std::path::PathBuf;
use std::process::{Command, Output};

/// A fresh directory holding `files`.
fn dir_with(test: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("deftab-limits-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

fn dump(dir: &PathBuf, args: &[&str]) -> (Option<i32>, String, String) {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .arg("dump")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the deftab binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// With the limit lowered, `header` fails with `message` at `position`; with the default
/// limit it is read without error.
fn check(test: &str, files: &[(&str, String)], limit: &str, message: &str, position: &str) {
    let dir = dir_with(test, files);
    // Without the C library's stdc-predef.h: a small file-size limit would stop there.
    let (code, _, err) = dump(&dir, &["--no-stdc-predef", "--limit", limit, "main.h"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains(message), "expected `{message}` in:\n{err}");
    assert!(err.contains(position), "expected `{position}` in:\n{err}");
    let (code, out, err) = dump(&dir, &["main.h"]);
    assert_eq!(code, Some(0), "default limits:\n{err}");
    assert!(out.contains("main.h:"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn include_depth() {
    let mut files = vec![("main.h", "#include \"i1.h\"\n#define A 1\n".to_string())];
    let names: Vec<String> = (1..=30).map(|i| format!("i{i}.h")).collect();
    for i in 1..30 {
        files.push((
            names[i - 1].as_str(),
            format!("#include \"i{}.h\"\n", i + 1),
        ));
    }
    files.push((names[29].as_str(), String::new()));
    check(
        "include",
        &files,
        "include-depth=10",
        "#include nested more than 10 levels deep (the include-depth limit is 10)",
        "i9.h:1",
    );
}

#[test]
fn expansion_depth() {
    let mut text: String = (0..40)
        .map(|i| format!("#define M{i} M{}\n", i + 1))
        .collect();
    text += "#define M40 1\nint x = M0;\n";
    check(
        "expdepth",
        &[("main.h", text)],
        "expansion-depth=20",
        "macro expansion nested more than 20 levels deep",
        "main.h:42",
    );
}

#[test]
fn expansion_tokens() {
    // A macro bomb: each level doubles, 2^30 tokens at the top.
    let mut text: String = (0..30)
        .map(|i| format!("#define B{i} B{n} B{n}\n", n = i + 1))
        .collect();
    text += "#define B30 1\n";
    let dir = dir_with(
        "bomb",
        &[("main.h", format!("{text}int x[] = {{ B0 }};\n"))],
    );
    let start = std::time::Instant::now();
    let (code, _, err) = dump(&dir, &["--limit", "expansion-tokens=5000", "main.h"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("macro expansion produces more than 5000 tokens"),
        "{err}"
    );
    assert!(err.contains("main.h:32"), "{err}");
    // The default limit stops it as well, without running out of memory.
    let (code, _, err) = dump(&dir, &["main.h"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("macro expansion produces more than 1048576 tokens"),
        "{err}"
    );
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unit_tokens() {
    let text: String = (0..40).map(|i| format!("int v{i};\n")).collect();
    check(
        "unittokens",
        &[("main.h", format!("#define A 1\n{text}"))],
        "unit-tokens=100",
        "the translation unit exceeds 100 tokens",
        "main.h:35",
    );
}

#[test]
fn file_size() {
    let text = format!("#define A 1\n/* {} */\n", "x".repeat(2000));
    check(
        "filesize",
        &[("main.h", text)],
        "file-size=1000",
        "bytes is larger than the limit of 1000 bytes",
        "main.h:",
    );
}

#[test]
fn line_length() {
    let text = format!("#define A 1\n#define LONG {}\n", "1 + ".repeat(100) + "1");
    check(
        "linelength",
        &[("main.h", text)],
        "line-length=100",
        "the line is 414 bytes long, more than the limit of 100 bytes",
        "main.h:2",
    );
}

/// Expression nesting is fixed (deeper nesting is no real header; the bound keeps the
/// recursive parsers off the end of the stack): a constant is skipped with the reason, an
/// `#if` is an error at its position.
#[test]
fn expression_depth() {
    let deep = |n: usize| format!("{}1{}", "(".repeat(n), ")".repeat(n));
    let ok = format!("#define OK {}\n#if {}\n#endif\n", deep(100), deep(100));
    let dir = dir_with("exprok", &[("main.h", ok)]);
    let (code, out, err) = dump(&dir, &["main.h"]);
    assert_eq!(
        (code, out.as_str()),
        (Some(0), "main.h:1: OK = 1\n"),
        "{err}"
    );
    let bad = format!("#define DEEP {}\n", deep(100_000));
    let dir = dir_with("exprdeep", &[("main.h", bad)]);
    let (_, out, _) = dump(&dir, &["main.h"]);
    assert_eq!(
        out,
        "main.h:1: DEEP skipped: expression nested deeper than 128 levels\n"
    );
    let bad_if = format!("#define A 1\n#if {}\n#endif\n", deep(100_000));
    let dir = dir_with("ifdeep", &[("main.h", bad_if)]);
    let (code, _, err) = dump(&dir, &["main.h"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("#if expression nested deeper than 256 levels"),
        "{err}"
    );
    assert!(err.contains("main.h:2:"), "{err}");
    for d in ["exprok", "exprdeep", "ifdeep"] {
        let _ = std::fs::remove_dir_all(dir_with(d, &[]));
    }
}

#[test]
fn unknown_limits_are_usage_errors() {
    let dir = dir_with("unknown", &[("main.h", "#define A 1\n".to_string())]);
    for bad in ["stack=1", "include-depth", "include-depth=lots"] {
        let (code, _, err) = dump(&dir, &["--limit", bad, "main.h"]);
        assert_eq!(code, Some(2), "{bad}: {err}");
        assert!(err.contains("--limit"), "{bad}: {err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
