//! The full evaluator checked against gcc: every result becomes `_Static_assert`s on its
//! value, sign and type; every error must be one gcc also rejects.

use super::*;
use crate::ctype::{IntRank, RecordKind};
use crate::evaluate::ops::EXPR_MAX_DEPTH;
use crate::evaluate::testutil::{error_lines, gcc, tokens};
use crate::parse::{EnumDecl, Enumerator};
use crate::source::FileId;

/// Typedefs and enums known to both deftab (built by hand) and gcc (as C text).
const PRELUDE: &str = "\
typedef unsigned int __u32;
typedef unsigned short __u16;
typedef __u16 __le16;
typedef signed char __s8;
typedef unsigned long __kernel_ulong_t;
typedef unsigned long long __u64;
typedef long long __s64;
typedef _Bool boolean;
typedef int quad[4];
typedef quad quads[3];
typedef void *ptr_t;
enum small { SMALL_A = 1, SMALL_B = 200 };
enum neg { NEG_A = -1, NEG_B = 5 };
enum big { BIG_A = 0x100000000 };
enum ubig { UBIG_A = 0x8000000000000000 };
enum __attribute__((packed)) tiny { TINY_A = 3 };
enum __attribute__((packed)) tinyneg { TINYNEG_A = -3, TINYNEG_B = 1000 };
";

fn fixture(sm: &mut SourceMap, target: &Target) -> (Declarations, HashMap<String, Value>) {
    let int = |rank, signed| CType::Int(IntType { rank, signed });
    let mut d = Declarations::default();
    let td = &mut d.typedefs;
    td.insert("__u32".into(), int(IntRank::Int, false));
    td.insert("__u16".into(), int(IntRank::Short, false));
    td.insert("__le16".into(), CType::Typedef("__u16".into()));
    td.insert("__s8".into(), int(IntRank::Char, true));
    td.insert("__kernel_ulong_t".into(), int(IntRank::Long, false));
    td.insert("__u64".into(), int(IntRank::LongLong, false));
    td.insert("__s64".into(), int(IntRank::LongLong, true));
    td.insert("boolean".into(), int(IntRank::Bool, false));
    let four = tokens(sm, "4");
    let three = tokens(sm, "3");
    td.insert(
        "quad".into(),
        CType::Array(Box::new(int(IntRank::Int, true)), Some(four)),
    );
    td.insert(
        "quads".into(),
        CType::Array(Box::new(CType::Typedef("quad".into())), Some(three)),
    );
    td.insert("ptr_t".into(), CType::Pointer(Box::new(CType::Void)));
    let ar = arith::Arith { target };
    let mut values = HashMap::new();
    let loc = Loc {
        file: FileId(0),
        offset: 0,
    };
    // Enumerator constants: `int` when the value fits, else gcc gives them the enum's type.
    let mut add_enum = |tag: &str, packed: bool, members: &[(&str, i128)], wide: IntType| {
        d.enums.push(EnumDecl {
            tag: Some(tag.into()),
            type_tag: tag.into(),
            loc,
            members: members
                .iter()
                .map(|(n, _)| Enumerator {
                    name: n.to_string(),
                    loc,
                    init: None,
                })
                .collect(),
            packed,
        });
        for &(n, v) in members {
            let ty = if ar.fits(v, IntType::INT) {
                IntType::INT
            } else {
                wide
            };
            values.insert(n.to_string(), Value { value: v, ty });
        }
    };
    let long_or_ll = |signed| IntType {
        rank: if target.model.long == 8 {
            IntRank::Long
        } else {
            IntRank::LongLong
        },
        signed,
    };
    add_enum(
        "small",
        false,
        &[("SMALL_A", 1), ("SMALL_B", 200)],
        IntType::UINT,
    );
    add_enum("neg", false, &[("NEG_A", -1), ("NEG_B", 5)], IntType::INT);
    add_enum("big", false, &[("BIG_A", 1 << 32)], long_or_ll(false));
    add_enum("ubig", false, &[("UBIG_A", 1 << 63)], long_or_ll(false));
    add_enum("tiny", true, &[("TINY_A", 3)], IntType::INT);
    add_enum(
        "tinyneg",
        true,
        &[("TINYNEG_A", -3), ("TINYNEG_B", 1000)],
        IntType::INT,
    );
    (d, values)
}

struct Fixed<'a> {
    sm: SourceMap,
    ev_parts: (Declarations, HashMap<String, Value>),
    target: &'a Target,
}

impl<'a> Fixed<'a> {
    fn new(target: &'a Target) -> Self {
        let mut sm = SourceMap::new();
        let ev_parts = fixture(&mut sm, target);
        Fixed {
            sm,
            ev_parts,
            target,
        }
    }
    fn eval(&mut self, text: &str) -> Result<Value, Located> {
        self.eval_with(text, &NoLayouts)
    }
    fn eval_with(&mut self, text: &str, layouts: &dyn Layouts) -> Result<Value, Located> {
        let toks = tokens(&mut self.sm, text);
        let ev = Evaluator {
            sm: &self.sm,
            target: self.target,
            decls: &self.ev_parts.0,
            enum_values: self
                .ev_parts
                .1
                .iter()
                .map(|(k, v)| (k.as_str(), *v))
                .collect(),
            layouts,
        };
        ev.eval(&toks)
    }
}

/// A C expression of type `ty` with value `v`.
fn c_literal(v: i128, ty: IntType) -> String {
    let mag = v.unsigned_abs();
    let sign = if v < 0 { "-" } else { "" };
    format!("(({}){sign}{mag}ULL)", c_type(ty))
}

fn c_type(ty: IntType) -> &'static str {
    ty.c_name()
}

/// Evaluates every expression for `target` and has gcc check each result (or error).
fn check_against_gcc(target: &Target, gcc_args: &[&str], exprs: &[String]) {
    let mut f = Fixed::new(target);
    let mut src = PRELUDE.to_string();
    let first_line = src.lines().count() as u32 + 1;
    let mut lines = vec![];
    for (i, e) in exprs.iter().enumerate() {
        match f.eval(e) {
            Ok(v) => {
                let ty = if v.ty.rank == IntRank::Char {
                    format!(
                        "(__builtin_types_compatible_p(__typeof__({e}), {}) || \
                         __builtin_types_compatible_p(__typeof__({e}), char))",
                        c_type(v.ty)
                    )
                } else {
                    format!(
                        "__builtin_types_compatible_p(__typeof__({e}), {})",
                        c_type(v.ty)
                    )
                };
                src += &format!(
                    "_Static_assert(({e}) == {} && (({e}) < 0) == {} && {ty}, \"{i}\");\n",
                    c_literal(v.value, v.ty),
                    u8::from(v.value < 0)
                );
                lines.push((e, None));
            }
            Err(l) => {
                src += &format!("enum {{ E_{i} = ({e}) }};\n");
                lines.push((e, Some(l.error)));
            }
        }
    }
    let (_, stderr) = gcc(gcc_args, &src);
    let errors = error_lines(&stderr);
    assert!(
        errors.iter().all(|&l| l >= first_line),
        "the prelude does not compile:\n{stderr}"
    );
    let mut bad = vec![];
    for (i, (e, ours)) in lines.iter().enumerate() {
        let line = first_line + i as u32;
        let gcc_rejects = errors.contains(&line);
        match ours {
            None if gcc_rejects => {
                let v = f.eval(e);
                bad.push(format!("{e}: deftab {v:?}, gcc disagrees"));
            }
            Some(err) if !gcc_rejects && !known_refusal(target, e, err) => {
                bad.push(format!("{e}: deftab error `{err}`, gcc accepts"));
            }
            _ => {}
        }
    }
    assert!(
        bad.is_empty(),
        "{} ({} disagreements):\n{}\n\ngcc said:\n{}",
        target.name,
        bad.len(),
        bad.join("\n"),
        stderr
            .lines()
            .filter(|l| l.contains("error"))
            .take(20)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Where deftab refuses on purpose what gcc accepts.
fn known_refusal(target: &Target, e: &str, err: &EvalError) -> bool {
    match err {
        // gcc would compute these with a layout (tested separately with a Layouts hook).
        EvalError::NeedsLayout(_) => true,
        // Out of scope: pointer-to-integer casts.
        EvalError::Unsupported(_) => true,
        // gcc -m32 silently truncates it to `long long` -1.
        EvalError::TooLarge(_) => target.name == "i386" && e == "18446744073709551615",
        _ => false,
    }
}

fn literal_exprs() -> Vec<String> {
    let mut v: Vec<String> = [
        "0",
        "1",
        "2147483647",
        "2147483648",
        "4294967295",
        "4294967296",
        "9223372036854775807",
        "0x7fffffff",
        "0x80000000",
        "0xffffffff",
        "0x100000000",
        "0x7fffffffffffffff",
        "0x8000000000000000",
        "0xffffffffffffffff",
        "017777777777",
        "020000000000",
        "0b1111",
        "1u",
        "1U",
        "1l",
        "1L",
        "1ul",
        "1Lu",
        "1LLU",
        "1ull",
        "1uLL",
        "1ll",
        "1LL",
        "0xffffffffl",
        "0xffffffffffffffffll",
        "4294967295u",
        "4294967296u",
        "2147483648l",
        "0",
        "00",
        "0x0",
        "'a'",
        "'\\0'",
        "'\\377'",
        "'\\xff'",
        "'\\x41'",
        "'\\101'",
        "'\\n'",
        "'\\a'",
        "'\\\\'",
        "'\\''",
        "'\"'",
        "'?'",
        "'\\?'",
        "'ab'",
        "'abcd'",
        "'abcde'",
        "'\\377\\377'",
        "L'a'",
        "L'\\xffffffff'",
        "L'ab'",
        "u'a'",
        "u'\\xffff'",
        "U'\\xffffffff'",
        "U'a'",
        "'\\e'",
        "'é'",
        "L'é'",
        "u'é'",
        "(int)1.5",
        "(int)-1.5",
        "(unsigned char)300.7",
        "(_Bool)0.5",
        "(long)1e10",
        "(int)(1.5 * 2)",
        "(int)1e100",
        "(unsigned)-1.0",
        "1.5 > 1",
        "!0.0",
        "(int)0x1p4",
        "(int)1.5f",
        "(int)2.5L",
        "\"abc\"",
        "1.5",
        "sizeof(\"abc\")",
        "sizeof(\"a\" \"bc\")",
        "sizeof(L\"ab\")",
        "08",
        "1z",
        "0x",
        "1lL",
        "u8'a'",
        "''",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("18446744073709551615".into());
    v
}

fn operator_exprs() -> Vec<String> {
    let operands = [
        "1",
        "-1",
        "2147483647",
        "(-2147483647-1)",
        "0xffffffffU",
        "1U",
        "-1L",
        "1UL",
        "0x7fffffffffffffffLL",
        "(-0x7fffffffffffffffLL-1)",
        "~0ULL",
        "(short)-3",
        "(unsigned char)200",
        "(_Bool)5",
        "(__u32)-1",
        "3",
        "31",
        "32",
        "63",
        "64",
    ];
    // Shift counts gcc treats consistently (see arith.rs for the others).
    let counts = [
        "0", "1", "3U", "(short)7", "31", "32", "40L", "63", "64ULL", "65", "-1",
    ];
    let ops = [
        "*", "/", "%", "+", "-", "<<", ">>", "<", ">", "<=", ">=", "==", "!=", "&", "^", "|", "&&",
        "||", ",",
    ];
    let mut v = vec![];
    for a in operands {
        for b in operands {
            for op in ops.iter().filter(|&&o| o != "<<" && o != ">>") {
                v.push(format!("{a} {op} {b}"));
            }
        }
        for b in counts {
            v.push(format!("{a} << {b}"));
            v.push(format!("{a} >> {b}"));
        }
        for u in ["-", "~", "!", "+"] {
            v.push(format!("{u}{a}"));
        }
        v.push(format!("{a} ? {a} : 0U"));
        v.push(format!("0 ? 1L : {a}"));
    }
    v
}

fn cast_and_type_exprs() -> Vec<String> {
    let types = [
        "char",
        "signed char",
        "unsigned char",
        "short",
        "unsigned short",
        "short int",
        "int",
        "unsigned",
        "signed",
        "unsigned int",
        "long",
        "long int",
        "unsigned long",
        "long unsigned",
        "long unsigned int",
        "int long unsigned",
        "long long",
        "unsigned long long",
        "long long unsigned int",
        "__signed__ char",
        "_Bool",
        "__u32",
        "__u16",
        "__le16",
        "__s8",
        "__kernel_ulong_t",
        "__u64",
        "__s64",
        "boolean",
        "enum small",
        "enum neg",
        "enum big",
        "enum ubig",
        "enum tiny",
        "enum tinyneg",
        "const int",
        "volatile unsigned long",
        "int const",
        "unsigned const long",
    ];
    let values = ["-1", "300", "0x1ffffffff", "-129", "65536", "2"];
    let mut v = vec![];
    for t in types {
        for x in values {
            v.push(format!("({t}){x}"));
        }
        v.push(format!("sizeof({t})"));
        v.push(format!("_Alignof({t})"));
        v.push(format!("__alignof__({t})"));
        v.push(format!("sizeof(({t})0)"));
        v.push(format!("(({t})-1 < 0)"));
    }
    for t in [
        "float",
        "double",
        "long double",
        "void *",
        "char *",
        "int *[3]",
        "int (*)[3]",
        "int (*)(int)",
        "quad",
        "quads",
        "quad *",
        "int [2][3]",
        "ptr_t",
        "void",
        "__u32 [7]",
        "enum small [2]",
        "char [sizeof(int) * 3]",
        "int (*[5])(void)",
    ] {
        v.push(format!("sizeof({t})"));
        v.push(format!("_Alignof({t})"));
        v.push(format!("__alignof__({t})"));
    }
    for e in [
        "sizeof 1",
        "sizeof(1L)",
        "sizeof(1 ? 1 : 1L)",
        "sizeof(char)1",
        "sizeof('a')",
        "sizeof(1/0)",
        "sizeof(SMALL_A)",
        "sizeof(BIG_A)",
        "sizeof(1.0f)",
        "sizeof(1.0)",
        "sizeof((short)1 + (short)1)",
        "__extension__ 1",
        "__extension__ (1ULL << 63)",
        "(int)(void *)0",
        "(void *)0",
        "-1 >> -1",
        "0 << -5",
        "1 << -1",
        "SMALL_A",
        "SMALL_B",
        "NEG_A",
        "BIG_A",
        "UBIG_A",
        "TINY_A",
        "SMALL_B - 201",
        "BIG_A >> 1",
        "nosuch",
        "nosuch(1)",
        "unsigned int",
        "__u32",
        "(1",
        "1)",
        "1 2",
        "()",
        "1 +",
        "+",
        "1 = 2",
        "(int)",
        "(int){1}",
        "&x2",
        "*x3",
        "y4++",
        "0 && (1/0)",
        "1 || (1 % 0)",
        "1 ? 2 : 1/0",
        "0 ? 1/0 : 2",
        "1 / 0",
        "1 % 0",
        "1 << -1",
        "0 && (1 << -1)",
        "1 >> -1",
        "__builtin_constant_p(1)",
        "__builtin_constant_p(1.5)",
        "(char)200",
        "(enum small)-1",
        "(enum neg)-1",
        "((__u16)1 - 2)",
        "(__u16)1 - 2U",
        "(__s8)127 + (__s8)1",
        "(long long)1 << 40",
        "-(1U)",
        "-(0x80000000)",
        "-2147483648",
        "(short)70000",
        "'a' + L'a'",
        "1 ?: 2",
        "0 ?: 2",
        "(1, 2)",
        "0 ? (void *)0 : (void *)0",
        "(1 ? 2 : 3) ? 4 : 5",
        "1 ? 2 : 0 ? 3 : 4",
        "2 - - 2",
        "- - -2",
        "!!7",
        "~~7U",
        "(unsigned long)-1 >> 1",
        "(__kernel_ulong_t)~0 >> 1",
        "(int)2.5 / 2",
        "sizeof(int) * 8 - 1",
        "(1UL << (sizeof(long) * 8 - 1))",
        "(1ULL << 63) >> 63",
        "1LL << 63",
        "(unsigned short)-1 * (unsigned short)-1",
        "(unsigned char)-1 << 24",
        // GNU typeof as a type name: of an expression (not evaluated) or of a type.
        "(__typeof__(sizeof(int)))(4U) - 1",
        "((sizeof(int)) + ((__typeof__(sizeof(int)))(4U) - 1)) & ~((__typeof__(sizeof(int)))(4U) - 1)",
        "(__typeof__(1UL))-1 >> 1",
        "(__typeof(1 ? 1 : 2LL))-1",
        "(__typeof__(__u16))70000",
        "(__typeof__(unsigned char))300",
        "sizeof(__typeof__(1LL))",
        "sizeof(__typeof__(1 / 0))",
        "sizeof(__typeof__(short) *)",
        "(int)(__typeof__(2.5))1.5",
    ] {
        v.push(e.to_string());
    }
    v
}

fn all_exprs() -> Vec<String> {
    let mut v = literal_exprs();
    v.extend(operator_exprs());
    v.extend(cast_and_type_exprs());
    v
}

#[test]
fn agrees_with_gcc_x86_64() {
    let t = Target::lookup("x86_64").unwrap();
    check_against_gcc(
        t,
        &["-fsyntax-only", "-std=gnu11", "-w", "-x", "c"],
        &all_exprs(),
    );
}

#[test]
fn agrees_with_gcc_i386() {
    let t = Target::lookup("i386").unwrap();
    check_against_gcc(
        t,
        &["-m32", "-fsyntax-only", "-std=gnu11", "-w", "-x", "c"],
        &all_exprs(),
    );
}

struct OneLayout;
impl Layouts for OneLayout {
    fn size_align(
        &self,
        _: &Evaluator,
        kind: RecordKind,
        tag: &str,
        _: usize,
    ) -> Result<(u64, u64), EvalError> {
        if kind == RecordKind::Struct && tag == "known" {
            Ok((24, 8))
        } else {
            Err(EvalError::NeedsLayout(crate::evaluate::record_name(
                kind, tag,
            )))
        }
    }
    fn member(
        &self,
        ev: &Evaluator,
        kind: RecordKind,
        tag: &str,
        name: &str,
        depth: usize,
    ) -> Result<(u64, CType), EvalError> {
        self.size_align(ev, kind, tag, depth)?;
        match name {
            "x" => Ok((4, CType::Int(IntType::INT))),
            "arr" => Ok((8, CType::Array(Box::new(CType::Int(IntType::INT)), None))),
            _ => Err(EvalError::NotInteger(format!("no member {name}"))),
        }
    }
}

#[test]
fn records_come_from_the_layouts_hook() {
    let t = Target::default_target();
    let mut f = Fixed::new(t);
    let v = f.eval_with("sizeof(struct known) * 2", &OneLayout).unwrap();
    assert_eq!((v.value, v.ty), (48, IntType::ULONG));
    let v = f
        .eval_with("_Alignof(struct known[3])", &OneLayout)
        .unwrap();
    assert_eq!(v.value, 8);
    let v = f.eval_with("sizeof(struct known[3])", &OneLayout).unwrap();
    assert_eq!(v.value, 72);
    let e = f.eval_with("sizeof(struct other)", &OneLayout).unwrap_err();
    assert_eq!(e.error, EvalError::NeedsLayout("struct other".into()));
    let e = f.eval("sizeof(union known)").unwrap_err();
    assert_eq!(e.error, EvalError::NeedsLayout("union known".into()));
    // A pointer to an unknown struct needs no layout.
    assert_eq!(f.eval("sizeof(struct other *)").unwrap().value, 8);
    let e = f.eval("__builtin_offsetof(struct known, x)").unwrap_err();
    assert_eq!(e.error, EvalError::NeedsLayout("struct known".into()));
    // offsetof walks members and subscripts, and is a size_t.
    let v = f
        .eval_with("__builtin_offsetof(struct known, arr[3]) + 0", &OneLayout)
        .unwrap();
    assert_eq!((v.value, v.ty), (20, IntType::ULONG));
    let e = f
        .eval_with("__builtin_offsetof(struct known, x[1])", &OneLayout)
        .unwrap_err();
    assert!(
        matches!(&e.error, EvalError::Invalid(m) if m.contains("not an array")),
        "{e:?}"
    );
}

#[test]
fn errors_say_what_and_where() {
    let t = Target::default_target();
    let mut f = Fixed::new(t);
    // (text, error, byte offset of the offending token)
    let cases: &[(&str, EvalError, Option<u32>)] = &[
        ("", EvalError::Empty, None),
        (
            "1 + nosuch",
            EvalError::UnknownIdentifier("nosuch".into()),
            Some(4),
        ),
        (
            "2 * foo(1)",
            EvalError::NotInteger("call to `foo`".into()),
            Some(4),
        ),
        (
            "unsigned int",
            EvalError::NotInteger("type name".into()),
            Some(0),
        ),
        (
            "\"abc\"",
            EvalError::NotInteger("string literal".into()),
            Some(0),
        ),
        ("1 / 0", EvalError::DivisionByZero, Some(2)),
        (
            "(1 + 2",
            EvalError::Syntax("unbalanced `(`".into()),
            Some(0),
        ),
        (
            "1 + 2)",
            EvalError::Syntax("unbalanced `)`".into()),
            Some(5),
        ),
        (
            "1 2",
            EvalError::Syntax("unexpected `2` after the expression".into()),
            Some(2),
        ),
        (
            "(void *)0",
            EvalError::NotInteger("pointer".into()),
            Some(0),
        ),
        (
            "1.5",
            EvalError::NotInteger("floating-point value".into()),
            Some(0),
        ),
        (
            "(unsigned __int128)1",
            EvalError::Unsupported("unsigned __int128".into()),
            Some(0),
        ),
        (
            "(long)(void *)0",
            EvalError::Unsupported("pointer converted to an integer".into()),
            Some(0),
        ),
    ];
    for (text, error, offset) in cases {
        let e = f.eval(text).unwrap_err();
        assert_eq!(&e.error, error, "{text}");
        assert_eq!(e.loc.map(|l| l.offset), *offset, "{text}");
    }
    let deep = "(".repeat(5000) + "1" + &")".repeat(5000);
    assert_eq!(
        f.eval(&deep).unwrap_err().error,
        EvalError::TooDeep(EXPR_MAX_DEPTH)
    );
    let deep = "- ".repeat(5000) + "1";
    assert_eq!(
        f.eval(&deep).unwrap_err().error,
        EvalError::TooDeep(EXPR_MAX_DEPTH)
    );
    let deep = "(int)".repeat(5000) + "1";
    assert_eq!(
        f.eval(&deep).unwrap_err().error,
        EvalError::TooDeep(EXPR_MAX_DEPTH)
    );
    let deep = "sizeof(int".to_string() + &"[2]".repeat(40) + ")";
    assert_eq!(f.eval(&deep).unwrap().value, 4 << 40);
    let deep = "sizeof(int".to_string() + &"[1]".repeat(300) + ")";
    assert_eq!(
        f.eval(&deep).unwrap_err().error,
        EvalError::TooDeep(EXPR_MAX_DEPTH)
    );
    let deep = "sizeof(int ".to_string() + &"(".repeat(5000) + "*" + &")".repeat(5000) + ")";
    assert_eq!(
        f.eval(&deep).unwrap_err().error,
        EvalError::TooDeep(EXPR_MAX_DEPTH)
    );
}

/// A self-referencing typedef (`typedef loop loop[sizeof(loop)]`) must end in an error.
#[test]
fn self_referencing_array_typedef_terminates() {
    let t = Target::default_target();
    let mut f = Fixed::new(t);
    let len = tokens(&mut f.sm, "sizeof(loop)");
    f.ev_parts.0.typedefs.insert(
        "loop".into(),
        CType::Array(Box::new(CType::Typedef("loop".into())), Some(len)),
    );
    let e = f.eval("sizeof(loop)").unwrap_err();
    assert_eq!(e.error, EvalError::TooDeep(EXPR_MAX_DEPTH));
}

/// Random token soups: never a panic, and the evaluator stays deterministic.
#[test]
fn random_token_soup_never_panics() {
    const PIECES: &[&str] = &[
        "(",
        ")",
        "1",
        "0",
        "-1",
        "0x",
        "1.5",
        "'a'",
        "''",
        "\"s\"",
        "+",
        "-",
        "*",
        "/",
        "%",
        "<<",
        ">>",
        "<",
        "==",
        "&&",
        "||",
        "?",
        ":",
        ",",
        "!",
        "~",
        "&",
        "sizeof",
        "_Alignof",
        "int",
        "unsigned",
        "long",
        "char",
        "struct",
        "enum",
        "small",
        "__u32",
        "quad",
        "[",
        "]",
        "{",
        "}",
        "=",
        "++",
        "nosuch",
        "SMALL_A",
        "__extension__",
        "void",
        "*",
        "__builtin_constant_p",
        "__builtin_offsetof",
        "9223372036854775808",
        "18446744073709551616",
        "L'x'",
        "u8'x'",
        "'\\",
        "@",
        "#",
        "...",
        "ptr_t",
        "float",
        "double",
        "_Bool",
        "const",
        "(int)",
        "1e999",
    ];
    let t = Target::default_target();
    let mut f = Fixed::new(t);
    let mut state: u64 = 0x9e3779b97f4a7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let n = (next() % 12) as usize;
        let text: Vec<&str> = (0..n)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let text = text.join(" ");
        let a = f.eval(&text);
        let b = f.eval(&text);
        assert_eq!(a.map_err(|e| e.error), b.map_err(|e| e.error), "{text}");
    }
}

/// `__typeof__` type names evaluate (the gcc comparison above would also accept a refusal):
/// the kernel's `__ALIGN_KERNEL(x, a)` casts `a` to `__typeof__(x)`.
#[test]
fn typeof_type_names_have_values() {
    let t = Target::default_target();
    let mut f = Fixed::new(t);
    let v = f
        .eval(
            "((24UL) + ((__typeof__(sizeof(int)))(4U) - 1)) & ~((__typeof__(sizeof(int)))(4U) - 1)",
        )
        .unwrap();
    assert_eq!((v.value, v.ty), (24, t.model.size_t));
    let v = f.eval("(__typeof__(__u16))70000").unwrap();
    assert_eq!((v.value, v.ty.rank), (70000 - 65536, IntRank::Short));
    let v = f.eval("sizeof(__typeof__(1 / 0) *)").unwrap();
    assert_eq!(v.value, 8);
    let e = f.eval("(__typeof__(\"ab\"))1").unwrap_err();
    assert!(matches!(e.error, EvalError::NotInteger(_)), "{e:?}");
}
