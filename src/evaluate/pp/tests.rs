use super::*;
use crate::evaluate::testutil::{cc_output, error_lines, gcc, tokens};

/// The value our `#if` arithmetic gives `text` for `target`.
fn value_for(target: &Target, text: &str) -> Result<PpVal, Diagnostic> {
    let mut sm = SourceMap::new();
    let toks = tokens(&mut sm, text);
    let mut p = PpParser {
        sm: &sm,
        target,
        toks: &toks,
        pos: 0,
        depth: 0,
    };
    let v = p.comma(true)?;
    assert!(p.peek().is_none(), "{text}: trailing tokens");
    Ok(v)
}

const VALID: &[&str] = &[
    "1",
    "0",
    "-1",
    "18446744073709551615",
    "9223372036854775807",
    "9223372036854775808",
    "0xffffffffffffffff",
    "-1 < 0u",
    "-1 < 0",
    "~0u",
    "~0",
    "!5",
    "-0x8000000000000000",
    "(-9223372036854775807-1) / -1",
    "(-9223372036854775807-1) % -1",
    "-7 / 2",
    "-7 % 2",
    "7u / 2",
    "1 << 63",
    "1 << 64",
    "1 << 100",
    "1u << 64",
    "-1 >> 64",
    "-1 >> 1",
    "-1u >> 1",
    "4 >> -1",
    "4 << -1",
    "1 << -100",
    "-1 << 63",
    "0x7fffffffffffffff + 1",
    "0xffffffffffffffff + 1",
    "3 * -2u",
    "1 ? -1 : 0u",
    "0 ? 1 : 2",
    "1 ? 2 : 1/0",
    "0 && 1/0",
    "1 || 1/0",
    "0 && (1 % 0)",
    "1 , 2",
    "(1, 0)",
    "'a'",
    "'\\377'",
    "'\\xff'",
    "'ab'",
    "'abcde'",
    "'\\0'",
    "'\\n' + '\\t' * '\\a'",
    "L'a'",
    "L'\\xffffffff'",
    "u'\\xffff'",
    "U'\\xffffffff'",
    "'\\''",
    "'\"'",
    "foo + 1",
    "int",
    "0b101",
    "0B11u",
    "017",
    "0x1fULL",
    "10LU",
    "5ll",
    "1 == 1 == 1",
    "1 < 2 < 3",
    "2 > 1 ? 10 : 20",
    "1 ? 2 ? 3 : 4 : 5",
    "0 ? 1 : 0 ? 2 : 3",
    "-(-9223372036854775807-1)",
    "- - 1",
    "+-+1",
    "1 - -1",
    "6 & 3 | 8 ^ 1",
    "1 + 2 * 3 - 4 / 2 % 3",
    "(((((1)))))",
    "0x10 >> 2 << 1",
    "-1 / 2u",
    "-1 % 7u",
    "(0 || 0) + (2 && 3)",
];

/// Expressions gcc rejects in `#if`.
const INVALID: &[&str] = &[
    "",
    "1 +",
    "(1",
    "1 2",
    "1)",
    "()",
    "1 = 1",
    "\"s\"",
    "08",
    "1z",
    "1.0",
    "1 / 0",
    "1 % 0",
    "1 ? 2",
    "1 : 2",
    "* 2",
    "foo(1)",
    "1 ++",
    "0x",
    "''",
    "1 ? 1/0 : 2",
    "0 || 1/0",
    "u8'a'",
    ", 1",
    "0x10000000000000000",
    "99999999999999999999",
];

/// `#if` lines that fail (`#error`) where `target`'s compiler disagrees with deftab.
fn checks(target: &Target, exprs: &[&str]) -> String {
    let mut src = String::new();
    for (i, e) in exprs.iter().enumerate() {
        let v = value_for(target, e).unwrap_or_else(|d| panic!("{e}: {}", d.message));
        // Value, and signedness: `x * 0 - 1 > 0` holds only for uintmax_t.
        let lit = if v.unsigned {
            format!("{}u", v.v)
        } else if v.v == i128::from(i64::MIN) {
            "(-9223372036854775807-1)".to_string()
        } else {
            format!("({})", v.v)
        };
        src += &format!(
            "#if !(({e}) == {lit}) || ((({e}) * 0 - 1 > 0) != {})\n#error {i}: {e}\n#endif\n",
            u8::from(v.unsigned)
        );
    }
    src
}

#[test]
fn values_agree_with_gcc() {
    let src = checks(Target::default_target(), VALID);
    let (ok, stderr) = gcc(&["-E", "-std=gnu11", "-w", "-x", "c"], &src);
    assert!(ok, "gcc disagrees:\n{stderr}");
}

const CHARS: &[&str] = &[
    "'a'",
    "'\\377'",
    "'\\xff' - 256",
    "'\\xff' > 0",
    "'ab'",
    "'\\xff\\xff'",
    "L'\\xffffffff'",
    "L'\\xffffffff' > 0",
    "L'a' - 98",
];

/// One plain character is `uintmax_t` where `char` is unsigned: gcc's own
/// `-funsigned-char` shows it without a cross compiler.
#[test]
fn plain_chars_follow_the_targets_signedness() {
    let arm = Target::lookup("arm").unwrap();
    assert_eq!(value_for(arm, "'\\xff'").unwrap(), PpVal::new(255, true));
    let x86 = Target::default_target();
    assert_eq!(value_for(x86, "'\\xff'").unwrap(), PpVal::signed(-1));
    let plain: Vec<&str> = CHARS.iter().copied().filter(|e| !e.contains('L')).collect();
    let src = checks(arm, &plain);
    let (ok, stderr) = gcc(
        &["-E", "-std=gnu11", "-w", "-funsigned-char", "-x", "c"],
        &src,
    );
    assert!(ok, "gcc -funsigned-char disagrees:\n{stderr}");
}

/// Character constants, wide ones included, against each installed cross compiler: the
/// ones `.ci/run` installs must be there, the others are checked where installed.
#[test]
#[ignore = "needs the cross compilers .ci/run installs (gcc-<triplet>)"]
fn chars_agree_with_cross_compilers() {
    const CI_TARGETS: [&str; 4] = ["i386", "s390x", "mips", "alpha"];
    for t in crate::target::TARGETS {
        let cc = format!("{}-gcc", t.cc_triplet);
        let src = checks(t, CHARS);
        match cc_output(&cc, &["-E", "-std=gnu11", "-w", "-x", "c"], &src) {
            Some((ok, stderr)) => assert!(ok, "{cc} disagrees:\n{stderr}"),
            None if CI_TARGETS.contains(&t.name) => panic!("needs {cc} (.ci/run installs it)"),
            None => eprintln!("not checked {}: {cc} is not installed", t.name),
        }
    }
}

#[test]
fn errors_agree_with_gcc() {
    let mut src = String::new();
    for e in INVALID {
        let mut sm = SourceMap::new();
        let toks = tokens(&mut sm, e);
        assert!(
            eval(&sm, Target::default_target(), &toks).is_err(),
            "`{e}` should be an error"
        );
        src += &format!("#if {e}\n#endif\n");
    }
    let (_, stderr) = gcc(&["-E", "-std=gnu11", "-w", "-x", "c"], &src);
    let lines = error_lines(&stderr);
    let missing: Vec<_> = INVALID
        .iter()
        .enumerate()
        .filter(|(i, _)| !lines.contains(&(*i as u32 * 2 + 1)))
        .map(|(_, e)| *e)
        .collect();
    // gcc only warns for a too-large constant (and truncates it); deftab refuses it.
    assert_eq!(
        missing,
        ["0x10000000000000000", "99999999999999999999"],
        "{stderr}"
    );
}

#[test]
fn errors_point_at_the_offending_token() {
    let cases = [
        ("1 / 0", 2, "division by zero in #if"),
        ("(1 + 2", 0, "missing ')' in expression"),
        ("1 2", 2, "missing binary operator before token \"2\""),
        (
            "1 = 1",
            2,
            "token \"=\" is not valid in preprocessor expressions",
        ),
        ("1.5", 0, "floating constant in preprocessor expression"),
        ("1 +", 2, "operator '+' has no right operand"),
    ];
    for (text, offset, msg) in cases {
        let mut sm = SourceMap::new();
        let toks = tokens(&mut sm, text);
        let d = eval(&sm, Target::default_target(), &toks).unwrap_err();
        assert_eq!(d.message, msg, "{text}");
        assert_eq!(d.loc.map(|l| l.offset), Some(offset), "{text}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = "(".repeat(100_000) + "1" + &")".repeat(100_000);
    let mut sm = SourceMap::new();
    let toks = tokens(&mut sm, &text);
    let d = eval(&sm, Target::default_target(), &toks).unwrap_err();
    assert!(d.message.contains("nested deeper"), "{}", d.message);
    let text = "-".repeat(100_000) + "1";
    let toks = tokens(&mut sm, &text);
    assert!(eval(&sm, Target::default_target(), &toks).is_err());
}
