//! The layout engine against gcc: every record of the fixtures (tests/fixtures/layout/) is
//! laid out by deftab, and gcc checks the results as `_Static_assert`s.

use super::LayoutEngine;
use crate::ctype::{IntType, RecordKind};
use crate::evaluate::{EvalError, Evaluator, Value, record_name};
use crate::header::{Session, Unit};
use crate::preprocess::Options;
use crate::target::Target;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layout")
        .join(name)
}

/// Enumerator values in order (fixtures only use literal initializers or none).
fn enum_values<'a>(ev: &mut Evaluator<'a>, unit: &'a Unit) {
    for e in &unit.decls.enums {
        let mut next = 0i128;
        for m in &e.members {
            if let Some(init) = &m.init {
                next = ev.eval(init).expect("fixture enumerators evaluate").value;
            }
            let ty = if ev.fits(next, IntType::INT) {
                IntType::INT
            } else {
                IntType::LLONG
            };
            ev.enum_values.insert(&m.name, Value { value: next, ty });
            next += 1;
        }
    }
}

/// `_Static_assert`s for every record of `path` as deftab lays it out for `target`, and for
/// `exprs` (integer constant expressions) as deftab evaluates them.
fn assertions_with(target: &'static Target, path: &Path, exprs: &[&str]) -> (String, usize) {
    let mut session = Session::new(target, Options::default());
    let unit = session.read(path.to_str().unwrap()).expect("fixture reads");
    assert!(
        unit.decls.diagnostics.is_empty(),
        "{:?}",
        unit.decls.diagnostics
    );
    let expr_tokens: Vec<_> = exprs
        .iter()
        .map(|e| {
            let f = session.sm.add_virtual("<expr>", e.to_string());
            crate::scan::scan(f, e).unwrap()
        })
        .collect();
    let engine = LayoutEngine::with_pack_pragmas(unit.preprocessed.pack_pragmas.clone());
    let mut ev = Evaluator {
        sm: &session.sm,
        target,
        decls: &unit.decls,
        enum_values: Default::default(),
        layouts: &engine,
    };
    enum_values(&mut ev, &unit);
    let mut records: Vec<_> = unit.decls.records.values().collect();
    records.sort_by_key(|r| r.loc.offset);
    let mut out = format!("#include \"{}\"\n", path.display());
    let mut count = 0;
    for (e, toks) in exprs.iter().zip(&expr_tokens) {
        let v = ev
            .eval(toks)
            .unwrap_or_else(|l| panic!("{e}: {:?}", l.error));
        let _ = writeln!(out, "_Static_assert(({e}) == {}, \"{e}\");", v.value);
        count += 1;
    }
    for r in records.iter().filter(|r| !r.tag.starts_with('<')) {
        let name = record_name(r.kind, &r.tag);
        let l = engine
            .layout(&ev, r.kind, &r.tag, 0)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let _ = writeln!(
            out,
            "_Static_assert(sizeof({name}) == {} && __alignof__({name}) == {}, \"{name}\");",
            l.size, l.align
        );
        count += 1;
        for f in &l.fields {
            let Some(field) = &f.name else { continue };
            if f.bit_width.is_none() {
                let _ = writeln!(
                    out,
                    "_Static_assert(__builtin_offsetof({name}, {field}) == {}, \"{name}.{field}\");",
                    f.bit_offset / 8
                );
                count += 1;
            }
        }
    }
    (out, count)
}

fn gcc_agrees(target_name: &str, flags: &[&str], fixture_name: &str) {
    gcc_agrees_with(target_name, flags, fixture_name, &[]);
}

fn gcc_agrees_with(target_name: &str, flags: &[&str], fixture_name: &str, exprs: &[&str]) {
    let target = Target::lookup(target_name).unwrap();
    let (source, count) = assertions_with(target, &fixture(fixture_name), exprs);
    assert!(count > 10, "{fixture_name}: only {count} checks");
    let dir = std::env::temp_dir().join(format!(
        "deftab-layout-{}-{target_name}-{fixture_name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("check.c");
    std::fs::write(&file, &source).unwrap();
    let out = Command::new("gcc")
        .args(flags)
        .args(["-fsyntax-only", "-w", "-std=gnu11"])
        .arg(&file)
        .output()
        .expect("gcc runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{target_name} {fixture_name}: gcc disagrees:\n{}\n{source}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn basics_agree_with_gcc() {
    gcc_agrees("x86_64", &[], "basics.h");
    gcc_agrees("i386", &["-m32"], "basics.h");
}

#[test]
fn attributes_agree_with_gcc() {
    // Aligned typedefs outside records too.
    let exprs = [
        "_Alignof(aligned_u64)",
        "__alignof__(aligned_u64)",
        "sizeof(aligned_u64)",
        "_Alignof(lowered)",
        "__alignof__(ll4)",
        "_Alignof(struct a14)",
        "__builtin_offsetof(struct a12, arr[1])",
        "(long)&((struct a5 *)0)->in.x",
    ];
    gcc_agrees_with("x86_64", &[], "attributes.h", &exprs);
    gcc_agrees_with("i386", &["-m32"], "attributes.h", &exprs);
}

#[test]
fn pragma_pack_agrees_with_gcc() {
    gcc_agrees("x86_64", &[], "pragma_pack.h");
    gcc_agrees("i386", &["-m32"], "pragma_pack.h");
}

#[test]
fn bit_fields_agree_with_gcc() {
    gcc_agrees("x86_64", &[], "bitfields.h");
    gcc_agrees("i386", &["-m32"], "bitfields.h");
}

/// Lays out `struct name` of C source `text` (x86_64).
fn layout_of(text: &str, name: &str) -> Result<(u64, u64), EvalError> {
    let target = Target::default_target();
    let mut session = Session::new(target, Options::default());
    let dir = std::env::temp_dir().join(format!("deftab-layout-src-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.h"));
    std::fs::write(&file, text).unwrap();
    let unit = session.read(file.to_str().unwrap()).unwrap();
    let _ = std::fs::remove_file(&file);
    let engine = LayoutEngine::new();
    let ev = Evaluator {
        sm: &session.sm,
        target,
        decls: &unit.decls,
        enum_values: Default::default(),
        layouts: &engine,
    };
    engine
        .layout(&ev, RecordKind::Struct, name, 0)
        .map(|l| (l.size, l.align))
}

#[test]
fn a_record_containing_itself_is_an_error() {
    let e = layout_of("struct loop { int a; struct loop inner; };", "loop").unwrap_err();
    assert!(
        matches!(&e, EvalError::Invalid(m) if m.contains("struct loop contains itself")),
        "{e:?}"
    );
    // Through an array length that asks for the record's own size.
    let e = layout_of("struct ask { char c[sizeof(struct ask)]; };", "ask").unwrap_err();
    assert!(
        matches!(&e, EvalError::Invalid(m) if m.contains("contains itself")),
        "{e:?}"
    );
}

#[test]
fn deep_nesting_ends_in_an_error_not_a_stack_overflow() {
    let mut text = "struct s0 { int x; };\n".to_string();
    for i in 1..2000 {
        let _ = writeln!(text, "struct s{i} {{ struct s{} x; }};", i - 1);
    }
    let e = layout_of(&text, "s1999").unwrap_err();
    assert!(matches!(e, EvalError::TooDeep(_)), "{e:?}");
    // Shallow enough: fine.
    assert_eq!(layout_of(&text, "s20"), Ok((4, 4)));
}

#[test]
fn incomplete_records_need_a_layout_by_name() {
    let e = layout_of("struct outer { struct nowhere x; };", "outer").unwrap_err();
    assert_eq!(e, EvalError::NeedsLayout("struct nowhere".into()));
    let e = layout_of("struct outer { int x; };", "other").unwrap_err();
    assert_eq!(e, EvalError::NeedsLayout("struct other".into()));
}

#[test]
fn invalid_bit_fields_are_reported_with_the_member() {
    let e = layout_of("struct w { char c:9; };", "w").unwrap_err();
    assert!(
        matches!(&e, EvalError::Invalid(m) if m.contains("exceeds its type") && m.contains("member c of struct w")),
        "{e:?}"
    );
    let e = layout_of("struct z { int c:0; };", "z").unwrap_err();
    assert!(
        matches!(&e, EvalError::Invalid(m) if m.contains("zero width")),
        "{e:?}"
    );
    let e = layout_of("struct f { double d:3; };", "f").unwrap_err();
    assert!(
        matches!(&e, EvalError::Invalid(m) if m.contains("non-integer")),
        "{e:?}"
    );
}

#[test]
fn pack_pragmas_are_read_and_bad_ones_reported() {
    use crate::preprocess::PackPragma;
    let text = "#pragma pack(2)\nint a;\n#pragma pack(push, 4)\n#pragma pack(push, r, 8)\n\
                #pragma pack(pop)\n#pragma pack()\n#pragma pack(3)\n#pragma pack x\n\
                #pragma pack(push)\n";
    let dir = std::env::temp_dir().join(format!("deftab-pack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("pack.h");
    std::fs::write(&file, text).unwrap();
    let mut session = Session::new(Target::default_target(), Options::default());
    let unit = session.read(file.to_str().unwrap()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let pragmas: Vec<PackPragma> = unit
        .preprocessed
        .pack_pragmas
        .iter()
        .map(|(_, p)| *p)
        .collect();
    assert_eq!(
        pragmas,
        [
            PackPragma::Set(Some(2)),
            PackPragma::Push(Some(4)),
            PackPragma::Push(Some(8)),
            PackPragma::Pop,
            PackPragma::Set(None),
            PackPragma::Push(None),
        ]
    );
    // `int a;` comes after the first pragma only.
    assert_eq!(unit.preprocessed.pack_pragmas[0].0, 0);
    assert_eq!(unit.preprocessed.pack_pragmas[1].0, 3);
    let warnings: Vec<&str> = unit
        .preprocessed
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(warnings, ["malformed `#pragma pack`: ignored"; 2]);
}
