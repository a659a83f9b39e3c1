//! Tests on hand-written declarations and on real headers preprocessed by gcc.

use super::*;
use crate::ctype::{FloatKind, IntRank, IntType};
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
        msg.starts_with("t.h:3:1: warning: cannot parse this declaration (skipped): expected"),
        "{msg}"
    );
    assert!(msg.contains("before `@` at t.h:3:19"), "{msg}");
    assert!(
        d.diagnostics[0]
            .render(&sm)
            .starts_with("t.h:5:1: warning: enum or struct defined inside a function")
    );
}
