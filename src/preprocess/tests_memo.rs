//! The include memo: a unit whose includes were replayed gives the same [`Output`] as a
//! fresh preprocessor, and replays happen only when the included file's inputs are the same.

use super::tests::{options, tree};
use super::{MacroDef, MacroEvent, Output, Preprocessor};
use crate::scan::spelling;
use crate::source::{Loc, SourceMap};
use crate::target::Target;

/// A position by file name (each preprocessor has its own `<built-in>` file).
fn at(sm: &SourceMap, l: Loc) -> String {
    format!("{}:{}", sm.path(l.file).display(), l.offset)
}

/// Everything observable about an output, with invented (scratch) tokens by spelling.
fn observable(sm: &SourceMap, out: &Output) -> String {
    let tokens: Vec<String> = out
        .tokens
        .iter()
        .map(|t| {
            format!(
                "{:?}{}@{}/{}",
                t.kind,
                spelling(sm, t),
                at(sm, t.origin),
                t.flags
            )
        })
        .collect();
    let def = |m: &MacroDef| {
        let body: Vec<String> = m.body.iter().map(|t| spelling(sm, t).into()).collect();
        format!(
            "{}{:?}{body:?}{}@{}",
            m.name,
            m.params,
            m.text,
            at(sm, m.loc)
        )
    };
    let mut macros: Vec<String> = out.macros.values().map(|m| def(m)).collect();
    macros.sort();
    let history: Vec<String> = out
        .history
        .iter()
        .map(|e| match e {
            MacroEvent::Define(m) => def(m),
            MacroEvent::Undef { name, loc } => format!("undef {name}@{}", at(sm, *loc)),
            MacroEvent::Inactive {
                name,
                loc,
                condition,
                condition_loc,
            } => format!(
                "inactive {name}@{} {condition}@{}",
                at(sm, *loc),
                at(sm, *condition_loc)
            ),
        })
        .collect();
    let files: Vec<String> = out
        .files
        .iter()
        .map(|&f| sm.path(f).display().to_string())
        .collect();
    let diagnostics: Vec<String> = out.diagnostics.iter().map(|d| d.render(sm)).collect();
    format!(
        "{tokens:?}\n{macros:?}\n{history:?}\n{files:?}\n{diagnostics:?}\n{:?}",
        out.pack_pragmas
    )
}

/// Runs the `mains` in order with one preprocessor, checks each output against a fresh
/// preprocessor's, and returns how many includes the shared one replayed.
fn replays(files: &[(&str, &str)], mains: &[&str]) -> usize {
    let dir = tree(files);
    let mut sm = SourceMap::new();
    let target = Target::default_target();
    let mut shared = Preprocessor::new(target, options(&dir));
    for main in mains {
        let path = dir.join(main);
        let memo = shared.run(&mut sm, &path).expect("preprocesses");
        let fresh = Preprocessor::new(target, options(&dir))
            .run(&mut sm, &path)
            .expect("preprocesses");
        assert_eq!(observable(&sm, &memo), observable(&sm, &fresh), "{main}");
    }
    shared.cache.memo.replays
}

const SHARED: &str = "#ifndef A_H\n#define A_H\n#include \"b.h\"\n#define TWICE(x) ((x) * 2)\n\
                      struct a { int v[TWICE(N_B)]; };\n#pragma pack(push, 1)\nint a;\n\
                      #pragma pack(pop)\n#endif\n";

#[test]
fn same_state_replays() {
    let files = [
        ("m1.h", "#include \"a.h\"\nint m1 = TWICE(3);\n"),
        ("m2.h", "#include \"a.h\"\nint m2;\n"),
        ("a.h", SHARED),
        (
            "b.h",
            "#define N_B 4\ntypedef int b_t;\n#if 0\n#define OFF 1\n#endif\n",
        ),
    ];
    assert_eq!(replays(&files, &["m1.h", "m2.h", "m1.h"]), 2);
}

#[test]
fn a_dependency_defined_differently_does_not_replay() {
    let files = [
        ("m1.h", "#define X 1\n#include \"a.h\"\n"),
        ("m2.h", "#define X 2\n#include \"a.h\"\n"),
        ("m3.h", "#include \"a.h\"\n"),
        ("a.h", "int v = X;\n#ifdef X\nint has_x;\n#endif\n"),
    ];
    assert_eq!(replays(&files, &["m1.h", "m2.h", "m3.h"]), 0);
}

#[test]
fn a_dependency_undefined_between_units_does_not_replay() {
    let files = [
        ("m1.h", "#include \"d.h\"\n#include \"a.h\"\n"),
        ("m2.h", "#include \"d.h\"\n#undef X\n#include \"a.h\"\n"),
        ("m3.h", "#include \"d.h\"\n#include \"a.h\"\n"),
        ("d.h", "#define X 1\n"),
        ("a.h", "int v = X;\n"),
    ];
    // d.h replays in m2 and m3, a.h only in m3 (m2 undefined X).
    assert_eq!(replays(&files, &["m1.h", "m2.h", "m3.h"]), 3);
}

#[test]
fn a_file_undefining_its_includers_macro() {
    let files = [
        (
            "m1.h",
            "#include \"d.h\"\n#include \"a.h\"\nint after = X;\n",
        ),
        (
            "m2.h",
            "#include \"d.h\"\n#include \"a.h\"\nint after2 = X;\n",
        ),
        ("m3.h", "#define X 7\n#include \"a.h\"\nint after3 = X;\n"),
        ("d.h", "#define X 1\n"),
        (
            "a.h",
            "int before = X;\n#undef X\n#define X 3\nint inside = X;\n",
        ),
    ];
    // m2 replays d.h and a.h (X is the same `#define` line); m3 must read a.h again.
    assert_eq!(replays(&files, &["m1.h", "m2.h", "m3.h"]), 2);
}

#[test]
fn counter_and_include_level_are_not_memoized() {
    let files = [
        ("m1.h", "#include \"c.h\"\n"),
        ("m2.h", "int x = __COUNTER__;\n#include \"c.h\"\n"),
        ("m3.h", "#include \"l.h\"\n"),
        ("m4.h", "#include \"inc/l2.h\"\n"),
        ("c.h", "int c = __COUNTER__;\n"),
        ("l.h", "int level = __INCLUDE_LEVEL__;\n"),
        ("inc/l2.h", "#include \"../l.h\"\n"),
    ];
    assert_eq!(replays(&files, &["m1.h", "m2.h", "m3.h", "m4.h"]), 0);
}

#[test]
fn line_of_the_file_itself_replays_but_not_a_warning_naming_includers() {
    let files = [
        ("m1.h", "#include \"l.h\"\n#include \"w.h\"\n"),
        ("m2.h", "\n\n#include \"l.h\"\n#include \"w.h\"\n"),
        (
            "l.h",
            "#define HERE __LINE__\nint l = __LINE__ + HERE;\n#line 40\nint k = __LINE__;\n",
        ),
        ("w.h", "#warning careful\n"),
    ];
    assert_eq!(replays(&files, &["m1.h", "m2.h"]), 1);
}

#[test]
fn include_next_position_is_part_of_the_key() {
    let files = [
        ("m1.h", "#include <z.h>\n"),
        ("m2.h", "#include \"inc/z.h\"\n"),
        ("m3.h", "#include <z.h>\n"),
        ("inc/z.h", "#include_next <q.h>\n"),
        ("inc/q.h", "int inc_q;\n"),
        ("sys/q.h", "int sys_q;\n"),
    ];
    // z.h found through the chain (with sys/q.h) replays in m3; m2's z.h is another key.
    assert_eq!(replays(&files, &["m1.h", "m2.h", "m3.h"]), 1);
}

#[test]
fn pragma_once_marks_are_replayed() {
    let files = [
        ("m1.h", "#include \"o.h\"\n#include \"o.h\"\n"),
        (
            "m2.h",
            "#include \"o.h\"\n#include \"o.h\"\n#import \"i.h\"\n#import \"i.h\"\n",
        ),
        ("m3.h", "#import \"i.h\"\n#include \"i.h\"\n"),
        ("o.h", "#pragma once\nint once;\n"),
        ("i.h", "int imported;\n"),
    ];
    assert_eq!(replays(&files, &["m1.h", "m2.h", "m3.h"]), 2);
}

#[test]
fn an_include_met_looking_for_a_macro_argument_list_is_not_memoized() {
    let files = [
        ("m1.h", "#define F(x) x\nF\n#include \"a.h\"\n"),
        ("m2.h", "#define F(x) x\nF\n#include \"a.h\"\n"),
        ("a.h", "int a;\n"),
    ];
    assert_eq!(replays(&files, &["m1.h", "m2.h"]), 0);
}
