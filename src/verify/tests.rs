//! End-to-end checks of `verify` against the host gcc (and `gcc -m32`, and a big-endian
//! cross gcc where one is installed), with constants built by hand as deftab would.

use super::*;
use crate::constant::{ConstKind, Skipped};
use crate::ctype::{IntRank, IntType};
use crate::evaluate::EvalError;
use crate::evaluate::Value;
use crate::source::FileId;
use probe::decode;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/verify")
        .join(name)
}

fn gcc(extra: &[&str]) -> Compiler {
    let mut argv = vec!["gcc".to_string()];
    argv.extend(extra.iter().map(|s| s.to_string()));
    Compiler { argv }
}

/// A header loaded into a source map, and constants placed at their names in it.
struct Header {
    sm: SourceMap,
    file: FileId,
    path: PathBuf,
}

impl Header {
    fn load(path: PathBuf) -> Header {
        let mut sm = SourceMap::new();
        let (file, _) = sm.load(&path).unwrap();
        Header { sm, file, path }
    }

    /// The constant `name` at its `#define`, or else at its first whole-word occurrence.
    fn constant(&self, name: &str, value: Result<Value, Skipped>) -> Constant {
        let text = &self.sm.file(self.file).text;
        let word = |i: usize| {
            let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
            let b = text.as_bytes();
            (i == 0 || !ident(b[i - 1])) && b.get(i + name.len()).is_none_or(|&c| !ident(c))
        };
        let (offset, kind) = match text.find(&format!("#define {name}")) {
            Some(i) if word(i + 8) => (i + 8, ConstKind::Define),
            _ => {
                let i = text
                    .match_indices(name)
                    .map(|(i, _)| i)
                    .find(|&i| word(i))
                    .unwrap_or_else(|| panic!("{name} not in fixture"));
                (i, ConstKind::Enumerator)
            }
        };
        Constant {
            name: name.to_string(),
            kind,
            loc: crate::source::Loc {
                file: self.file,
                offset: offset as u32,
            },
            text: None,
            enum_tag: None,
            value,
        }
    }

    fn line_of(&self, c: &Constant) -> u32 {
        self.sm.line(c.loc)
    }

    fn check(&self, cc: &Compiler, options: &Options, constants: &[Constant]) -> VerifyReport {
        check_header(cc, &self.path, options, constants, &self.sm)
            .unwrap_or_else(|e| panic!("{}: {e}", self.path.display()))
    }
}

fn v(value: i128, rank: IntRank, signed: bool) -> Result<Value, Skipped> {
    Ok(Value {
        value,
        ty: IntType { rank, signed },
    })
}

fn skipped(error: EvalError) -> Result<Value, Skipped> {
    Err(Skipped { error, loc: None })
}

/// The target facts that change kinds.h's values.
struct Model {
    ilp32: bool,
    char_signed: bool,
}

/// kinds.h as deftab must evaluate it for `model`.
fn kinds_constants(h: &Header, model: &Model) -> Vec<Constant> {
    use IntRank::*;
    let not_int = |what: &str| skipped(EvalError::NotInteger(what.to_string()));
    let ulong_all_ones = if model.ilp32 {
        v(u64::MAX.into(), LongLong, false)
    } else {
        v(u64::MAX.into(), Long, false)
    };
    let char_cast = if model.char_signed {
        v(-1, Char, true)
    } else {
        v(255, Char, false)
    };
    [
        ("KINDS_H", skipped(EvalError::Empty)),
        ("INT_A", v(42, Int, true)),
        ("UNSIGNED_A", v(42, Int, false)),
        ("LONG_A", v(42, Long, true)),
        ("ULONG_ALL_ONES", ulong_all_ones),
        ("NEG_A", v(-5, Int, true)),
        ("CHAR_A", v(65, Int, true)),
        ("CHAR_CAST", char_cast),
        ("BOOL_A", v(1, Bool, false)),
        ("SHIFTED", v(1 << 40, LongLong, false)),
        ("STRING_A", not_int("string literal")),
        ("TYPE_A", not_int("type name")),
        ("EMPTY_A", skipped(EvalError::Empty)),
        ("POINTER_A", not_int("pointer")),
        ("FLOAT_A", not_int("floating constant")),
        ("ENUM_A", v(3, Int, true)),
        ("ENUM_B", v(4, Int, true)),
        ("ENUM_NEG", v(-1, Int, true)),
        ("FROM_ENUM", v(4, Int, true)),
        (
            "RUNTIME_A",
            skipped(EvalError::UnknownIdentifier("runtime_var".into())),
        ),
    ]
    .into_iter()
    .map(|(name, value)| h.constant(name, value))
    .collect()
}

const KINDS_INTEGERS: usize = 13;

fn assert_clean(report: &VerifyReport) {
    assert!(!report.has_mismatches(), "{}", report.render());
    assert!(report.skipped_known.is_empty(), "{}", report.render());
    assert_eq!(report.compared, KINDS_INTEGERS, "{}", report.render());
    assert_eq!(report.unknown_to_compiler, 0, "{}", report.render());
}

#[test]
fn compiler_classifies_every_kind_of_define() {
    let h = Header::load(fixture("kinds.h"));
    let dir = TempDir::new().unwrap();
    let macros = compiler_macros(&gcc(&[]), &h.path, &[], &dir).unwrap();
    let names: Vec<&str> = macros.iter().map(|(n, _)| n.as_str()).collect();
    // Function-like and #undef'd macros are not candidates; the enum is not a macro.
    assert!(!names.contains(&"FUNC_A") && !names.contains(&"UNDEF_LATER"));
    assert!(names.contains(&"KINDS_H") && names.contains(&"RUNTIME_A"));
    assert!(!names.contains(&"ENUM_A"));
    let int_a = macros.iter().find(|(n, _)| n == "INT_A").unwrap();
    assert_eq!(int_a.1, 6, "line of INT_A");

    let mut all: Vec<String> = macros.iter().map(|(n, _)| n.clone()).collect();
    all.push("ENUM_NEG".into());
    let results = probe_all(&gcc(&[]), &h.path, &[], &dir, &all, HashMap::new()).unwrap();
    let not_integer = |what: &str| CompilerResult::NotInteger(what.to_string());
    assert_eq!(results["FLOAT_A"], not_integer("double"));
    assert!(matches!(&results["STRING_A"], CompilerResult::NotInteger(w) if w.contains("pointer")));
    assert!(matches!(
        &results["POINTER_A"],
        CompilerResult::NotInteger(_)
    ));
    for name in ["KINDS_H", "TYPE_A", "EMPTY_A", "RUNTIME_A"] {
        assert_eq!(results[name], CompilerResult::NotConstant, "{name}");
    }
    let int = |value| {
        CompilerResult::Int(Value {
            value,
            ty: IntType::INT,
        })
    };
    assert_eq!(results["ENUM_NEG"], int(-1));
    assert_eq!(results["FROM_ENUM"], int(4));
    assert_eq!(
        results["ULONG_ALL_ONES"],
        CompilerResult::Int(Value {
            value: u64::MAX.into(),
            ty: IntType::ULONG
        })
    );
}

#[test]
fn correct_constants_have_no_mismatch_and_full_coverage() {
    let h = Header::load(fixture("kinds.h"));
    let constants = kinds_constants(
        &h,
        &Model {
            ilp32: false,
            char_signed: true,
        },
    );
    let report = h.check(&gcc(&[]), &Options::default(), &constants);
    assert_clean(&report);
    assert_eq!(
        report.render(),
        format!(
            "verify: 1 headers, {KINDS_INTEGERS} constants compared, 0 mismatches, 0 skipped \
             by deftab but known to the compiler (coverage 100.00%)\n"
        )
    );
}

#[test]
fn wrong_value_and_wrong_signedness_are_mismatches() {
    let h = Header::load(fixture("kinds.h"));
    let model = Model {
        ilp32: false,
        char_signed: true,
    };
    let mut constants = kinds_constants(&h, &model);
    for c in &mut constants {
        match c.name.as_str() {
            "INT_A" => c.value = v(43, IntRank::Int, true),
            "UNSIGNED_A" => c.value = v(42, IntRank::Int, true),
            // Same bits, other width: `long long` is not `long`, even at 8 bytes.
            "LONG_A" => c.value = v(42, IntRank::LongLong, true),
            _ => {}
        }
    }
    let report = h.check(&gcc(&[]), &Options::default(), &constants);
    let names: Vec<&str> = report.mismatches.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["INT_A", "UNSIGNED_A", "LONG_A"], "in line order");
    assert_eq!(report.compared, KINDS_INTEGERS);
    let text = report.render();
    let int_a = constants.iter().find(|c| c.name == "INT_A").unwrap();
    let expected = format!(
        "{}:{}: mismatch: INT_A: deftab 43 (int), compiler 42 (int)\n",
        h.path.display(),
        h.line_of(int_a)
    );
    assert!(text.starts_with(&expected), "{text}");
    assert!(
        text.contains("mismatch: UNSIGNED_A: deftab 42 (int), compiler 42 (unsigned int)"),
        "{text}"
    );
    assert!(text.contains(", 3 mismatches, "), "{text}");
}

#[test]
fn an_integer_that_is_a_double_for_the_compiler_is_a_mismatch() {
    let h = Header::load(fixture("kinds.h"));
    let constants = vec![h.constant("FLOAT_A", v(1, IntRank::Int, true))];
    let report = h.check(&gcc(&[]), &Options::default(), &constants);
    assert_eq!(report.mismatches.len(), 1, "{}", report.render());
    assert!(
        report
            .render()
            .contains("FLOAT_A: deftab 1 (int), compiler not an integer (double)"),
        "{}",
        report.render()
    );
}

#[test]
fn constants_deftab_skipped_or_missed_are_listed() {
    let h = Header::load(fixture("kinds.h"));
    let model = Model {
        ilp32: false,
        char_signed: true,
    };
    let mut constants = kinds_constants(&h, &model);
    constants.retain(|c| c.name != "NEG_A");
    for c in &mut constants {
        if c.name == "SHIFTED" {
            c.value = skipped(EvalError::NeedsLayout("struct x".into()));
        }
        if c.name == "INT_A" {
            // deftab evaluated it; the compiler cannot: only counted.
            c.name = "NOT_IN_HEADER".into();
        }
    }
    let report = h.check(&gcc(&[]), &Options::default(), &constants);
    assert!(!report.has_mismatches(), "{}", report.render());
    let listed: Vec<(&str, &str)> = report
        .skipped_known
        .iter()
        .map(|s| (s.name.as_str(), s.reason.as_str()))
        .collect();
    // INT_A, NEG_A: deftab has no constant of that name; SHIFTED: skipped, with the reason.
    assert_eq!(
        listed,
        [
            ("INT_A", "not found by deftab"),
            ("NEG_A", "not found by deftab"),
            ("SHIFTED", "needs the layout of struct x"),
        ]
    );
    assert_eq!(report.unknown_to_compiler, 1);
    assert_eq!(report.compared, KINDS_INTEGERS - 3);
    let text = report.render();
    assert!(
        text.contains(&format!(
            "{}:10: skipped by deftab: NEG_A: compiler -5 (int); deftab: not found by deftab",
            h.path.display()
        )),
        "{text}"
    );
    assert!(
        text.contains("1 constants evaluated by deftab are not integer constants"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "10 constants compared, 0 mismatches, 3 skipped by deftab but known to the \
             compiler (coverage 76.92%; 83.33% leaving out 1 that need a struct layout)\n"
        ),
        "{text}"
    );
}

/// The fadvise.h constants with their x86 values.
fn fadvise_x86(h: &Header) -> Vec<Constant> {
    [
        ("POSIX_FADV_NORMAL", 0),
        ("POSIX_FADV_RANDOM", 1),
        ("POSIX_FADV_SEQUENTIAL", 2),
        ("POSIX_FADV_WILLNEED", 3),
        ("POSIX_FADV_DONTNEED", 4),
        ("POSIX_FADV_NOREUSE", 5),
    ]
    .into_iter()
    .map(|(name, value)| h.constant(name, v(value, IntRank::Int, true)))
    .chain([h.constant("FADVISE_H_INCLUDED", skipped(EvalError::Empty))])
    .collect()
}

#[test]
fn fadvise_header_of_the_system() {
    let h = Header::load(PathBuf::from("/usr/include/linux/fadvise.h"));
    let constants = fadvise_x86(&h);
    let report = h.check(&gcc(&[]), &Options::default(), &constants);
    assert!(!report.has_mismatches(), "{}", report.render());
    assert_eq!(report.compared, 6);
    assert!((report.coverage() - 100.0).abs() < 1e-9);
}

/// The same x86 values are wrong for s390x, where DONTNEED/NOREUSE are 6 and 7.
#[test]
#[ignore = "needs s390x-linux-gnu-gcc (.ci/run installs it)"]
fn fadvise_x86_values_mismatch_on_s390x() {
    let h = Header::load(PathBuf::from("/usr/include/linux/fadvise.h"));
    let s390x = Compiler::from_command_line("s390x-linux-gnu-gcc");
    assert!(
        which(&s390x),
        "needs s390x-linux-gnu-gcc (.ci/run installs it)"
    );
    let report = h.check(&s390x, &Options::default(), &fadvise_x86(&h));
    let names: Vec<&str> = report.mismatches.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["POSIX_FADV_DONTNEED", "POSIX_FADV_NOREUSE"]);
    assert!(
        report
            .render()
            .contains("POSIX_FADV_DONTNEED: deftab 4 (int), compiler 6 (int)")
    );
}

/// Whether a compiler can be run here.
fn which(cc: &Compiler) -> bool {
    std::process::Command::new(&cc.argv[0])
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn ilp32_compiler_gets_ilp32_types() {
    let h = Header::load(fixture("kinds.h"));
    let lp64 = kinds_constants(
        &h,
        &Model {
            ilp32: false,
            char_signed: true,
        },
    );
    let ilp32 = kinds_constants(
        &h,
        &Model {
            ilp32: true,
            char_signed: true,
        },
    );
    let m32 = gcc(&["-m32"]);
    assert_clean(&h.check(&m32, &Options::default(), &ilp32));
    let report = h.check(&m32, &Options::default(), &lp64);
    assert_eq!(report.mismatches.len(), 1, "{}", report.render());
    assert!(
        report.render().contains(
            "ULONG_ALL_ONES: deftab 18446744073709551615 (unsigned long), \
             compiler 18446744073709551615 (unsigned long long)"
        ),
        "{}",
        report.render()
    );
}

#[test]
#[ignore = "needs s390x-linux-gnu-gcc (.ci/run installs it)"]
fn big_endian_unsigned_char_compiler() {
    let cc = Compiler::from_command_line("s390x-linux-gnu-gcc");
    assert!(
        which(&cc),
        "needs s390x-linux-gnu-gcc (.ci/run installs it)"
    );
    let h = Header::load(fixture("kinds.h"));
    let s390x = Model {
        ilp32: false,
        char_signed: false,
    };
    assert_clean(&h.check(&cc, &Options::default(), &kinds_constants(&h, &s390x)));
}

#[test]
fn int128_values_are_exact() {
    let h = Header::load(fixture("int128.h"));
    let constants = [
        h.constant("I128_NEG", v(-(1 << 100), IntRank::Int128, true)),
        h.constant("U128_BIG", v(1 << 120, IntRank::Int128, false)),
    ];
    let report = h.check(&gcc(&[]), &Options::default(), &constants);
    assert!(!report.has_mismatches(), "{}", report.render());
    assert_eq!(report.compared, 2);
    // Without __int128 (i386) the compiler cannot evaluate them: counted, not compared.
    let report = h.check(&gcc(&["-m32"]), &Options::default(), &constants);
    assert_eq!((report.compared, report.unknown_to_compiler), (0, 2));
}

#[test]
fn command_line_macros_reach_the_compiler() {
    use crate::preprocess::CmdMacro;
    let h = Header::load(fixture("options.h"));
    let one = [h.constant("OPTION_VALUE", v(1, IntRank::Int, true))];
    let on = Options {
        macros: vec![CmdMacro::Define("OPTION_ON".into())],
        ..Options::default()
    };
    assert!(!h.check(&gcc(&[]), &on, &one).has_mismatches());
    let off = Options {
        macros: vec![
            CmdMacro::Define("OPTION_ON".into()),
            CmdMacro::Undef("OPTION_ON".into()),
        ],
        ..Options::default()
    };
    assert!(h.check(&gcc(&[]), &off, &one).has_mismatches());
}

#[test]
fn missing_compiler_is_a_clear_error() {
    let h = Header::load(fixture("kinds.h"));
    let cc = Compiler::from_command_line("deftab-no-such-cc --flag");
    let err = check_header(&cc, &h.path, &Options::default(), &[], &h.sm).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, VerifyError::CannotRun { .. }), "{text}");
    assert!(
        text.starts_with("cannot run the C compiler `deftab-no-such-cc`: "),
        "{text}"
    );
    let none = Compiler { argv: vec![] };
    let err = check_header(&none, &h.path, &Options::default(), &[], &h.sm).unwrap_err();
    assert!(matches!(err, VerifyError::NoCompiler), "{err}");
}

#[test]
fn header_that_does_not_compile_is_an_error_with_stderr() {
    let path = fixture("broken_include.h");
    let sm = SourceMap::new();
    let err = check_header(&gcc(&[]), &path, &Options::default(), &[], &sm).unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(
            err,
            VerifyError::HeaderFails {
                stage: "preprocess",
                ..
            }
        ),
        "{text}"
    );
    assert!(
        text.contains("verify_fixture_that_does_not_exist.h"),
        "{text}"
    );

    let path = fixture("broken_syntax.h");
    let err = check_header(&gcc(&[]), &path, &Options::default(), &[], &sm).unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(
            err,
            VerifyError::HeaderFails {
                stage: "compile",
                ..
            }
        ),
        "{text}"
    );
    assert!(text.contains("broken_syntax.h:2"), "{text}");
}

#[test]
fn reports_merge_in_file_and_line_order() {
    let h = Header::load(fixture("kinds.h"));
    let late = [h.constant("ENUM_B", v(5, IntRank::Int, true))];
    let early = [h.constant("INT_A", v(0, IntRank::Int, true))];
    let mut report = h.check(&gcc(&[]), &Options::default(), &late);
    report.merge(h.check(&gcc(&[]), &Options::default(), &early));
    assert_eq!(report.headers, 2);
    let names: Vec<&str> = report.mismatches.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["INT_A", "ENUM_B"]);
    assert!(
        report
            .render()
            .contains("verify: 2 headers, 2 constants compared, 2 mismatches")
    );
}

#[test]
fn temp_dirs_are_private_and_removed() {
    let a = TempDir::new().unwrap();
    let b = TempDir::new().unwrap();
    assert_ne!(a.path(), b.path());
    let file = a.write("probe.c", "int x;").unwrap();
    assert_eq!(a.read(&file).unwrap(), b"int x;");
    let (pa, pb) = (a.path().to_path_buf(), b.path().to_path_buf());
    drop(a);
    drop(b);
    assert!(!pa.exists() && !pb.exists());
}

#[test]
fn decode_follows_type_and_signedness() {
    let int = |v: CompilerResult| match v {
        CompilerResult::Int(v) => (v.value, v.ty.c_name()),
        other => panic!("{other:?}"),
    };
    assert_eq!(int(decode(7, (u64::MAX, 0), true)), (-1, "int"));
    assert_eq!(
        int(decode(8, (u32::MAX.into(), 0), true)),
        (4294967295, "unsigned int")
    );
    assert_eq!(int(decode(2, (u64::MAX, 0), true)), (-1, "signed char"));
    assert_eq!(int(decode(2, (255, 0), false)), (255, "unsigned char"));
    assert_eq!(
        int(decode(13, (0, u64::MAX), true)),
        (-(1i128 << 64), "__int128")
    );
    assert_eq!(
        decode(22, (0, 0), true),
        CompilerResult::NotInteger("long double".into())
    );
}

#[test]
fn errors_placed_in_the_header_are_blamed_on_their_candidates() {
    let h = Header::load(fixture("blame.h"));
    let constants = [
        h.constant("GOOD_BEFORE", v(1, IntRank::Int, true)),
        h.constant("GOOD_AFTER", v(2, IntRank::Int, true)),
        h.constant(
            "ZORRO_MANUF_PROGRESSIVE_PERIPHERALS_AND_SYSTEMS_2",
            v(0x2f4, IntRank::Int, true),
        ),
    ];
    let report = h.check(&gcc(&[]), &Options::default(), &constants);
    assert!(!report.has_mismatches(), "{}", report.render());
    assert_eq!(report.compared, 3);
    assert!(report.skipped_known.is_empty(), "{}", report.render());
}

#[test]
fn bisection_finds_the_first_failing_candidate() {
    let active = [4, 8, 15, 16, 23, 42];
    for bad in active {
        let mut calls = 0;
        let found = first_failing(&active, |prefix| {
            calls += 1;
            Ok(!prefix.contains(&bad))
        })
        .unwrap();
        assert_eq!(found, bad);
        assert!(calls <= 3, "{calls} compiles for 6 candidates");
    }
}

/// Slow (about 30 s): every candidate rejected in a full probe of a quarter of the system's
/// linux/*.h headers is also rejected alone, so one bad macro's errors never cost another.
#[test]
#[ignore = "slow: about 30 s of gcc runs (CI runs it with --include-ignored)"]
fn rejections_hold_for_each_candidate_alone() {
    let mut paths: Vec<_> = std::fs::read_dir("/usr/include/linux")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "h"))
        .collect();
    paths.sort();
    let (mut checked, mut wrong) = (0, 0);
    for p in paths.iter().step_by(4) {
        let dir = TempDir::new().unwrap();
        let Ok(macros) = compiler_macros(&gcc(&[]), p, &[], &dir) else {
            continue;
        };
        let names: Vec<String> = macros.iter().map(|(n, _)| n.clone()).collect();
        let lines = macros
            .iter()
            .enumerate()
            .map(|(i, (_, l))| (*l, i))
            .collect();
        let Ok(results) = probe_all(&gcc(&[]), p, &[], &dir, &names, lines) else {
            continue;
        };
        for (name, r) in &results {
            if *r != CompilerResult::NotConstant {
                continue;
            }
            checked += 1;
            let one = vec![name.clone()];
            let alone = probe_all(&gcc(&[]), p, &[], &dir, &one, HashMap::new()).unwrap();
            if alone[name] != CompilerResult::NotConstant {
                wrong += 1;
                eprintln!("WRONG {}: {name}: alone {:?}", p.display(), alone[name]);
            }
        }
    }
    assert!(checked > 100, "only {checked} rejections checked");
    assert_eq!(wrong, 0);
}
