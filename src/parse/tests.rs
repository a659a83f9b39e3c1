//! Tests on hand-written declarations and on real headers preprocessed by gcc.

use super::*;
use crate::ctype::{CType, FloatKind, IntRank, IntType, RecordKind};
use crate::scan::{render, scan};
use std::process::Command;

fn parse_text(text: &str) -> (SourceMap, Declarations) {
    let mut sm = SourceMap::new();
    let f = sm.add_virtual("t.h", text.to_string());
    let toks = scan(f, &sm.file(f).text.clone()).unwrap();
    let d = parse(&sm, &toks);
    (sm, d)
}

fn int(rank: IntRank, signed: bool) -> CType {
    CType::Int(IntType { rank, signed })
}

fn record<'d>(d: &'d Declarations, kind: RecordKind, tag: &str) -> &'d RecordDecl {
    d.records
        .get(&(kind, tag.to_string()))
        .unwrap_or_else(|| panic!("no {kind:?} {tag}: {:?}", d.records.keys()))
}

fn field<'r>(r: &'r RecordDecl, name: &str) -> &'r Field {
    r.fields
        .iter()
        .find(|f| f.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no field {name} in {}", r.tag))
}

#[test]
fn types_of_typedefs_and_declarators() {
    let (sm, d) = parse_text(
        "typedef unsigned long long u64;\ntypedef signed char s8; typedef char c;\n\
         typedef long double ld; typedef int *ap[2][3]; typedef int (*pa)[4];\n\
         typedef void (*fn)(int); typedef unsigned __int128 u128; typedef u64 alias;\n\
         typedef u64 au64 __attribute__((aligned(8)));\n",
    );
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    let t = |n: &str| d.typedefs[n].clone();
    assert_eq!(t("u64"), int(IntRank::LongLong, false));
    assert_eq!(t("s8"), int(IntRank::Char, true));
    assert_eq!(t("c"), int(IntRank::Char, true));
    assert_eq!(t("ld"), CType::Float(FloatKind::LongDouble));
    assert_eq!(t("u128"), int(IntRank::Int128, false));
    assert_eq!(t("alias"), CType::Typedef("u64".into()));
    let CType::Array(outer, Some(n2)) = t("ap") else {
        panic!("{:?}", t("ap"))
    };
    assert_eq!(render(&sm, &n2), "2");
    let CType::Array(inner, Some(n3)) = *outer else {
        panic!()
    };
    assert_eq!(render(&sm, &n3), "3");
    assert_eq!(*inner, CType::Pointer(Box::new(CType::Int(IntType::INT))));
    assert!(matches!(t("pa"), CType::Pointer(a) if matches!(*a, CType::Array(_, Some(_)))));
    assert_eq!(t("fn"), CType::Pointer(Box::new(CType::Function)));
    assert_eq!(render(&sm, &d.aligned_typedefs["au64"]), "8");
    assert!(!d.aligned_typedefs.contains_key("u64"));
}

#[test]
fn records_fields_bitfields_and_attributes() {
    let (sm, d) = parse_text(
        "struct __attribute__((packed)) p { char a; int b : 3, : 2; unsigned c[]; };\n\
         struct q { int x __attribute__((aligned(16))); union { int u1; struct { char s; }; };\n\
         \x20 struct inner { int i; } in; enum { QA, QB = 1 << 2 } e; } __attribute__((aligned(8)));\n\
         typedef struct { int t; } t_t;\n",
    );
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    let p = record(&d, RecordKind::Struct, "p");
    assert!(p.packed);
    assert_eq!(p.aligned, None);
    let names: Vec<_> = p.fields.iter().map(|f| f.name.clone()).collect();
    assert_eq!(
        names,
        vec![Some("a".into()), Some("b".into()), None, Some("c".into())]
    );
    assert_eq!(render(&sm, p.fields[1].bit_width.as_ref().unwrap()), "3");
    assert_eq!(render(&sm, p.fields[2].bit_width.as_ref().unwrap()), "2");
    assert_eq!(
        field(p, "c").ty,
        CType::Array(Box::new(int(IntRank::Int, false)), None)
    );

    let q = record(&d, RecordKind::Struct, "q");
    assert!(!q.packed);
    assert_eq!(render(&sm, q.aligned.as_ref().unwrap()), "8");
    assert_eq!(render(&sm, field(q, "x").aligned.as_ref().unwrap()), "16");
    assert_eq!(q.fields.len(), 4, "{:?}", q.fields);
    let CType::Record(RecordKind::Union, anon) = &q.fields[1].ty else {
        panic!("{:?}", q.fields[1])
    };
    assert_eq!(anon, "<anon@t.h:2:48>");
    assert_eq!(q.fields[1].name, None);
    let u = record(&d, RecordKind::Union, anon);
    assert_eq!(u.fields.len(), 2);
    assert!(
        matches!(&u.fields[1].ty, CType::Record(RecordKind::Struct, t) if t.starts_with("<anon@t.h:2:"))
    );
    assert_eq!(
        field(q, "in").ty,
        CType::Record(RecordKind::Struct, "inner".into())
    );
    record(&d, RecordKind::Struct, "inner");
    assert_eq!(d.enums.len(), 1);
    assert_eq!(d.enums[0].tag, None);
    assert_eq!(field(q, "e").ty, CType::Enum(d.enums[0].type_tag.clone()));
    assert_eq!(
        render(&sm, d.enums[0].members[1].init.as_ref().unwrap()),
        "1 << 2"
    );

    let CType::Record(RecordKind::Struct, t) = &d.typedefs["t_t"] else {
        panic!()
    };
    assert_eq!(t, "<anon@t.h:4:9>");
    assert_eq!(
        field(record(&d, RecordKind::Struct, t), "t").ty,
        CType::Int(IntType::INT)
    );
}

#[test]
fn enums_in_source_order_with_typedefs_and_packed() {
    let (sm, d) = parse_text(
        "enum a { A0, A1 = 5, A2 };\ntypedef enum { B0 = A1 + 1 } b_t;\n\
         struct s { enum c { C0 } f; };\nenum __attribute__((packed)) d { D0 };\n\
         enum e { E0 } __attribute__((__packed__));\n",
    );
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    let tags: Vec<_> = d.enums.iter().map(|e| e.tag.clone()).collect();
    assert_eq!(
        tags,
        vec![
            Some("a".into()),
            None,
            Some("c".into()),
            Some("d".into()),
            Some("e".into())
        ]
    );
    let packed: Vec<_> = d.enums.iter().map(|e| e.packed).collect();
    assert_eq!(packed, vec![false, false, false, true, true]);
    assert_eq!(d.typedefs["b_t"], CType::Enum("<anon@t.h:2:9>".into()));
    assert_eq!(d.enums[1].type_tag, "<anon@t.h:2:9>");
    let init = d.enums[1].members[0].init.as_ref().unwrap();
    assert_eq!(render(&sm, init), "A1 + 1");
    assert_eq!(
        sm.position(d.enums[0].members[2].loc).to_string(),
        "t.h:1:22"
    );
    assert_eq!(sm.position(d.enums[2].loc).to_string(), "t.h:3:12");
}

#[test]
fn syntax_errors_drop_one_declaration_and_keep_typedef_names() {
    let (sm, d) = parse_text(
        "typedef int ok_t;\nenum first { F };\ntypedef int bad_t @;\nstruct later { bad_t x; ok_t y; };\n\
         int f(void) { enum local { L }; return 0; }\nenum last { Z };\n",
    );
    let tags: Vec<_> = d.enums.iter().filter_map(|e| e.tag.clone()).collect();
    assert_eq!(tags, vec!["first", "last"]);
    record(&d, RecordKind::Struct, "later");
    assert_eq!(d.diagnostics.len(), 2, "{:?}", d.diagnostics);
    let msg = d.diagnostics[1].render(&sm);
    assert!(
        msg.starts_with("warning: cannot parse this declaration (skipped): expected")
            && msg.contains("--> t.h:3:1\n"),
        "{msg}"
    );
    assert!(msg.contains("before `@` at t.h:3:19"), "{msg}");
    let msg = d.diagnostics[0].render(&sm);
    assert!(
        msg.starts_with("warning: enum or struct defined inside a function")
            && msg.contains("--> t.h:5:1\n"),
        "{msg}"
    );
}

/// `gcc -E -P` of a header, `#` lines (pragmas) dropped; `None` if gcc rejects it.
fn gcc_preprocess(header: &str) -> Option<String> {
    let out = Command::new("gcc")
        .args(["-E", "-P", "-x", "c", header])
        .output()
        .expect("gcc runs");
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect();
    Some(lines.join("\n"))
}

/// The value of an integer constant expression after `#include <header>`, as gcc computes it
/// (read from the assembly of `int v = EXPR;`).
fn gcc_value(header: &str, expr: &str) -> i64 {
    let src = format!("#include <{header}>\nint v = {expr};\n");
    let dir = std::env::temp_dir().join(format!("deftab-parse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let c = dir.join("v.c");
    std::fs::write(&c, src).unwrap();
    let out = Command::new("gcc")
        .args(["-S", "-o", "-"])
        .arg(&c)
        .output()
        .expect("gcc runs");
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let asm = String::from_utf8_lossy(&out.stdout);
    let line = asm
        .lines()
        .find_map(|l| l.trim().strip_prefix(".long"))
        .expect(".long in the assembly");
    line.trim().parse().unwrap()
}

fn parse_header(header: &str) -> (SourceMap, Declarations) {
    let text = gcc_preprocess(header).expect("gcc preprocesses the header");
    let mut sm = SourceMap::new();
    let f = sm.add_virtual(header, text);
    let toks = scan(f, &sm.file(f).text).unwrap();
    let d = parse(&sm, &toks);
    (sm, d)
}

fn enum_by_tag<'d>(d: &'d Declarations, tag: &str) -> &'d EnumDecl {
    d.enums
        .iter()
        .find(|e| e.tag.as_deref() == Some(tag))
        .unwrap_or_else(|| panic!("no enum {tag}"))
}

#[test]
fn linux_bpf_h() {
    let (sm, d) = parse_header("/usr/include/linux/bpf.h");
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);

    let cmd = enum_by_tag(&d, "bpf_cmd");
    let names: Vec<&str> = cmd.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names[..4],
        [
            "BPF_MAP_CREATE",
            "BPF_MAP_LOOKUP_ELEM",
            "BPF_MAP_UPDATE_ELEM",
            "BPF_MAP_DELETE_ELEM"
        ]
    );
    // `BPF_PROG_RUN = BPF_PROG_TEST_RUN`: an initializer kept as tokens.
    let run = cmd
        .members
        .iter()
        .find(|m| m.name == "BPF_PROG_RUN")
        .unwrap();
    assert_eq!(render(&sm, run.init.as_ref().unwrap()), "BPF_PROG_TEST_RUN");

    // X-macro members: one per BPF_FUNC_*, counted by gcc's own __BPF_FUNC_MAX_ID.
    let func = enum_by_tag(&d, "bpf_func_id");
    let count = func
        .members
        .iter()
        .filter(|m| m.name.starts_with("BPF_FUNC_"))
        .count();
    let max = gcc_value("linux/bpf.h", "__BPF_FUNC_MAX_ID");
    assert_eq!(count as i64, max);
    assert_eq!(func.members[0].name, "BPF_FUNC_unspec");
    assert_eq!(func.members.last().unwrap().name, "__BPF_FUNC_MAX_ID");

    // Enums come out in source order: bpf_cmd before bpf_map_type before bpf_func_id.
    let pos = |tag: &str| d.enums.iter().position(|e| e.tag.as_deref() == Some(tag));
    assert!(pos("bpf_cmd") < pos("bpf_map_type"));
    assert!(pos("bpf_map_type") < pos("bpf_func_id"));

    // union bpf_attr: anonymous struct members, `__aligned_u64` fields.
    let attr = record(&d, RecordKind::Union, "bpf_attr");
    let first = &attr.fields[0];
    assert_eq!(first.name, None);
    let CType::Record(RecordKind::Struct, anon) = &first.ty else {
        panic!("{first:?}")
    };
    assert!(
        anon.starts_with("<anon@/usr/include/linux/bpf.h:"),
        "{anon}"
    );
    let map_create = record(&d, RecordKind::Struct, anon);
    assert_eq!(map_create.fields[0].name.as_deref(), Some("map_type"));
    assert_eq!(map_create.fields[0].ty, CType::Typedef("__u32".into()));
    let inner = record(
        &d,
        RecordKind::Struct,
        match &attr.fields[1].ty {
            CType::Record(_, t) => t,
            other => panic!("{other:?}"),
        },
    );
    let key = field(inner, "key");
    assert_eq!(key.ty, CType::Typedef("__u64".into()));
    assert_eq!(render(&sm, key.aligned.as_ref().unwrap()), "8");

    // Bit-fields.
    let insn = record(&d, RecordKind::Struct, "bpf_insn");
    let dst = field(insn, "dst_reg");
    assert_eq!(dst.ty, CType::Typedef("__u8".into()));
    assert_eq!(render(&sm, dst.bit_width.as_ref().unwrap()), "4");
    assert_eq!(field(insn, "off").bit_width, None);
    assert_eq!(d.typedefs["__u8"], int(IntRank::Char, false));
}

#[test]
fn packed_struct_in_if_ether_h() {
    let (sm, d) = parse_header("/usr/include/linux/if_ether.h");
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    let eth = record(&d, RecordKind::Struct, "ethhdr");
    assert!(eth.packed);
    let dest = field(eth, "h_dest");
    let CType::Array(elem, Some(len)) = &dest.ty else {
        panic!("{dest:?}")
    };
    assert_eq!(**elem, int(IntRank::Char, false));
    assert_eq!(render(&sm, len), "6");
}

/// Every /usr/include/linux/*.h gcc accepts: no panic, and (printed) which headers give
/// diagnostics and how long parsing took. Slow (gcc runs 544 times): `cargo test -- --ignored`.
#[test]
#[ignore = "slow: gcc on each of the 544 linux/*.h (CI runs it with --include-ignored)"]
fn sweep_all_linux_headers() {
    let mut headers: Vec<_> = std::fs::read_dir("/usr/include/linux")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "h"))
        .collect();
    headers.sort();
    let texts: Vec<(String, Option<String>)> = std::thread::scope(|s| {
        let chunks: Vec<_> = headers.chunks(headers.len().div_ceil(4)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|c| {
                s.spawn(move || {
                    c.iter()
                        .map(|p| {
                            let p = p.display().to_string();
                            let t = gcc_preprocess(&p);
                            (p, t)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let (mut parsed, mut with_diags, mut bytes) = (0, Vec::new(), 0);
    let mut elapsed = std::time::Duration::ZERO;
    // For comparison: lang-c on each whole translation unit.
    let (mut whole_unit, mut whole_ok) = (std::time::Duration::ZERO, 0);
    let mut lang_c_only = std::time::Duration::ZERO;
    let mut mismatches = Vec::new();
    for (path, text) in texts {
        let Some(text) = text else { continue };
        bytes += text.len();
        let mut sm = SourceMap::new();
        let f = sm.add_virtual(&path, text);
        let toks = scan(f, &sm.file(f).text).unwrap();
        let t0 = std::time::Instant::now();
        let d = parse(&sm, &toks);
        elapsed += t0.elapsed();
        let t1 = std::time::Instant::now();
        let slow = parse_with(
            &sm,
            &toks,
            Options {
                lang_c_only: true,
                ..Options::default()
            },
        );
        lang_c_only += t1.elapsed();
        let t2 = std::time::Instant::now();
        let whole = lang_c::driver::parse_preprocessed(
            &lang_c::driver::Config::with_gcc(),
            sm.file(f).text.clone(),
        );
        whole_unit += t2.elapsed();
        let same = d.enums == slow.enums
            && d.typedefs == slow.typedefs
            && d.aligned_typedefs == slow.aligned_typedefs
            && d.records == slow.records
            && d.diagnostics == slow.diagnostics;
        if !same {
            let first_enum = d.enums.iter().zip(&slow.enums).find(|(a, b)| a != b);
            let typedef = d
                .typedefs
                .iter()
                .find(|(k, v)| slow.typedefs.get(*k) != Some(v));
            let record = d
                .records
                .iter()
                .find(|(k, v)| slow.records.get(*k) != Some(v));
            mismatches.push(format!(
                "{path}: {} vs {} enums, first differing {first_enum:?}; typedef {typedef:?}; \
                 record {record:?}; {} vs {} records; diagnostics {} vs {}",
                d.enums.len(),
                slow.enums.len(),
                d.records.len(),
                slow.records.len(),
                d.diagnostics.len(),
                slow.diagnostics.len()
            ));
        }
        whole_ok += usize::from(whole.is_ok());
        parsed += 1;
        if !d.diagnostics.is_empty() {
            with_diags.push(format!("{path}: {}", d.diagnostics[0].render(&sm)));
        }
    }
    eprintln!(
        "parsed {parsed} headers ({bytes} bytes) in {elapsed:?} (lang-c only: {lang_c_only:?}; \
         lang-c on whole units: {whole_unit:?}, {whole_ok} without error); {} with diagnostics:\n{}",
        with_diags.len(),
        with_diags.join("")
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(parsed > 500);
}

#[test]
fn fast_path_agrees_with_lang_c() {
    let src = "__extension__ typedef __signed__ long long s64; typedef unsigned int u32, *pu32, a32[2][3];\n\
               typedef struct { int v; } st_t; typedef st_t *stp, st_arr[4];\n\
               typedef u32 al32 __attribute__((aligned(4))); typedef enum { X0, X1 = (1 << 3), } x_t;\n\
               enum tagged { T0 = sizeof(int), T1 }; typedef struct st st_t2; typedef unknown_t bad;\n";
    let (sm, fast) = assert_fast_matches_lang_c(src);
    // `unknown_t` is declared nowhere: lang-c reports it either way.
    assert_eq!(fast.diagnostics.len(), 1, "{:?}", fast.diagnostics);
    assert_eq!(
        fast.typedefs["stp"],
        CType::Pointer(Box::new(CType::Typedef("st_t".into())))
    );
    assert_eq!(
        render(&sm, &fast.enums[0].members[1].init.clone().unwrap()),
        "(1 << 3)"
    );
}

/// Reads `src` both ways (the direct readers where they apply, and lang-c alone) and
/// checks the results are identical.
fn assert_fast_matches_lang_c(src: &str) -> (SourceMap, Declarations) {
    let mut sm = SourceMap::new();
    let f = sm.add_virtual("t.h", src.to_string());
    let toks = scan(f, src).unwrap();
    let fast = parse(&sm, &toks);
    let slow = parse_with(
        &sm,
        &toks,
        Options {
            lang_c_only: true,
            ..Options::default()
        },
    );
    assert_eq!(fast.enums, slow.enums);
    assert_eq!(fast.typedefs, slow.typedefs);
    assert_eq!(fast.aligned_typedefs, slow.aligned_typedefs);
    for (key, r) in &slow.records {
        assert_eq!(fast.records.get(key), Some(r), "{key:?}");
    }
    assert_eq!(fast.records.len(), slow.records.len());
    assert_eq!(fast.diagnostics, slow.diagnostics);
    (sm, fast)
}

#[test]
fn fast_records_agree_with_lang_c() {
    let (_, d) = assert_fast_matches_lang_c(
        "typedef unsigned int __u32; typedef unsigned long long __u64;\n\
         struct a { __u32 x, *y, z[4][2]; const char *s; unsigned b : 3, : 0, c : 1 + 1; };\n\
         struct __attribute__((packed)) b { char c; __u64 v __attribute__((aligned(8))); } __attribute__((aligned(4)));\n\
         typedef struct { int n; union { __u32 w; struct { short lo, hi; }; }; struct a in; } __attribute__((packed)) b_t, *b_p;\n\
         union u { struct n { int q; } named; struct { int r; } __attribute__((aligned(16))) anon; __attribute__((packed)) int p; };\n\
         typedef struct c { struct a *link; enum e kind; long flex[]; } c_t __attribute__((aligned(8)));\n\
         struct d { char buf[sizeof(struct a) * 2]; int w : (sizeof(int) > 2 ? 3 : 4); };\n\
         struct e1 { undeclared_t x; }; struct e2 { int __u32; }; struct e3 { int a[__u32]; };\n\
         struct f { int (*fn)(int); }; struct g { int x; } var; struct h { int a[(n) 1]; };\n\
         struct i { __u64 __attribute__((aligned(8))) a; __u64 : 64; struct { } empty; int flex[]; }; struct k { };\n\
         struct j { char a[sizeof(__u32) * (int) sizeof (__u64)]; char b[(__u32)4 + (__u32)(2)]; int c : (__u32)-1; };\n",
    );
    // The unknown type and `(n) 1` fail in lang-c.
    assert_eq!(d.diagnostics.len(), 2, "{:?}", d.diagnostics);
    assert_eq!(d.records.len(), 18, "{:?}", d.records.keys());
}

/// Units of one SourceMap: `shared.h`'s tokens after a unit-specific `prefix`.
fn cached_units(prefixes: &[&str], shared: &str) -> (SourceMap, Vec<Vec<Token>>) {
    let mut sm = SourceMap::new();
    let s = sm.add_virtual("shared.h", shared.to_string());
    let shared_toks = scan(s, &sm.file(s).text.clone()).unwrap();
    let mut units = Vec::new();
    for (n, prefix) in prefixes.iter().enumerate() {
        let f = sm.add_virtual(&format!("p{n}.h"), prefix.to_string());
        let mut toks = scan(f, &sm.file(f).text.clone()).unwrap();
        toks.extend_from_slice(&shared_toks);
        units.push(toks);
    }
    (sm, units)
}

#[test]
fn cached_parse_matches_a_fresh_parse_in_every_unit() {
    // `struct s` parses only where `T` is a typedef name (units 1 and 3, not 2); unit 3
    // shifts the token indices; the bad declaration's diagnostic replays too.
    let shared = "struct s { T *p; struct { int a; } u; unsigned b : 3; };\n\
                  typedef struct { long x; } anon_t;\nstruct bad { int a b; };\n\
                  typedef int later_t __attribute__((aligned(8)));\n";
    let prefixes = [
        "typedef int T;\n",
        "",
        "struct p { int x; }; typedef long T;\n",
    ];
    let (sm, units) = cached_units(&prefixes, shared);
    let mut cache = Cache::default();
    for toks in units.iter().chain(&units) {
        let cached = parse_cached(&sm, toks, Options::default(), &mut cache);
        let fresh = parse_with(&sm, toks, Options::default());
        assert_eq!(cached.enums, fresh.enums);
        assert_eq!(cached.typedefs, fresh.typedefs);
        assert_eq!(cached.aligned_typedefs, fresh.aligned_typedefs);
        assert_eq!(cached.records, fresh.records);
        assert_eq!(cached.diagnostics, fresh.diagnostics);
        assert!(!fresh.diagnostics.is_empty());
    }
    let mut unit = |n: usize| parse_cached(&sm, &units[n], Options::default(), &mut cache);
    let s1 = record(&unit(0), RecordKind::Struct, "s").clone();
    assert_eq!(
        field(&s1, "p").ty,
        CType::Pointer(Box::new(CType::Typedef("T".into())))
    );
    assert!(
        !unit(1)
            .records
            .contains_key(&(RecordKind::Struct, "s".to_string()))
    );
    let s3 = record(&unit(2), RecordKind::Struct, "s").clone();
    assert!(s3.end > s1.end, "{} {}", s3.end, s1.end);
}
