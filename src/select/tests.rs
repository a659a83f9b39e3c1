//! Selection on hand-made constants (a virtual header), independent of the pipeline.

use super::*;
use crate::constant::{ConstKind, Constant, Skipped};
use crate::ctype::IntType;
use crate::evaluate::{EvalError, Value};
use crate::source::Loc;

/// A virtual header: one constant per line, `define NAME TEXT VALUE` or
/// `enum TAG NAME x VALUE` (`-` for no tag, `?` for no value).
fn header(sm: &mut SourceMap, lines: &str) -> Vec<Constant> {
    let file = sm.add_virtual("t.h", lines.to_string());
    let mut offset = 0u32;
    let mut out = Vec::new();
    for line in lines.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        let value = match *w.last().unwrap() {
            "?" => Err(Skipped {
                error: EvalError::UnknownIdentifier("FOO".into()),
                loc: None,
            }),
            v => Ok(Value {
                value: v.parse().unwrap(),
                ty: IntType::INT,
            }),
        };
        let (kind, name, tag) = match w[0] {
            "define" => (ConstKind::Define, w[1], None),
            _ => (
                ConstKind::Enumerator,
                w[2],
                (w[1] != "-").then(|| w[1].to_string()),
            ),
        };
        out.push(Constant {
            name: name.into(),
            kind,
            loc: Loc { file, offset },
            text: (kind == ConstKind::Define).then(|| w[2].to_string()),
            enum_tag: tag,
            value,
        });
        offset += line.len() as u32 + 1;
    }
    out
}

const FADV: &str = "define POSIX_FADV_NORMAL 0 0
define POSIX_FADV_RANDOM 1 1
define POSIX_FADV_SEQUENTIAL 2 2
define POSIX_FADV_WILLNEED 3 3
define POSIX_FADV_DONTNEED 4 4
define POSIX_FADV_NOREUSE 5 5
define POSIX_FADV_OTHER 0x20 32
define __POSIX_FADV_MAX 6 6";

const CMD: &str = "enum cmd CMD_A x 0
enum cmd CMD_B x 1
enum cmd CMD_RUN x 1
enum cmd CMD_C x 2
enum cmd __MAX_CMD x 3
enum other OTHER_A x 0";

fn run(spec: &TableSpec, text: &str) -> Result<Table, TableError> {
    let mut sm = SourceMap::new();
    let constants = header(&mut sm, text);
    let input = Input {
        header: "t.h",
        path: Path::new("t.h"),
        text,
        constants: &constants,
        ioctls: None,
    };
    select(spec, &[input], &sm)
}

fn displays(t: &Table) -> Vec<(i128, &str)> {
    t.entries
        .iter()
        .map(|e| (e.value, e.display.as_str()))
        .collect()
}

#[test]
fn capture_group_is_the_display_and_auto_picks_array() {
    let t = run(
        &TableSpec::new("fadv")
            .define(r"POSIX_FADV_(\w+)")
            .max(Some(5)),
        FADV,
    )
    .unwrap();
    assert_eq!(displays(&t)[4], (4, "DONTNEED"));
    assert_eq!(t.entries.len(), 6);
    assert_eq!(t.entries[4].line, 5);
    assert_eq!(t.shape, Shape::Array);
    assert!(
        t.shape_reason
            .as_deref()
            .unwrap()
            .starts_with("auto: array")
    );
    // The pattern matches whole names: `__POSIX_FADV_MAX` is not selected.
    assert!(t.entries.iter().all(|e| e.name != "__POSIX_FADV_MAX"));
}

impl TableSpec {
    fn max(mut self, m: Option<i128>) -> Self {
        self.filter.max = m;
        self
    }
}

#[test]
fn sparse_auto_is_a_switch_and_value_text_is_kept() {
    let t = run(
        &TableSpec::new("fadv")
            .define(r"POSIX_FADV_(\w+)")
            .value_prefix("0x"),
        FADV,
    )
    .unwrap();
    assert_eq!(displays(&t), vec![(32, "OTHER")]);
    assert_eq!(t.entries[0].text.as_deref(), Some("0x20"));
    let t = run(
        &TableSpec::new("fadv")
            .define(r"POSIX_FADV_(\w+)")
            .lowercase()
            .add_prefix("adv_"),
        FADV,
    )
    .unwrap();
    assert_eq!(t.shape, Shape::Switch, "{:?}", t.shape_reason);
    assert_eq!(t.entries[0].display, "adv_normal");
}

#[test]
fn enum_source_aliases_first_wins_and_reports() {
    let spec = TableSpec::new("cmd")
        .enum_tag("cmd")
        .exclude("^__")
        .strip_prefix("CMD_");
    let t = run(&spec, CMD).unwrap();
    assert_eq!(displays(&t), vec![(0, "A"), (1, "B"), (2, "C")]);
    assert_eq!(t.aliases.len(), 1);
    assert_eq!(
        (t.aliases[0].name.as_str(), t.aliases[0].of.as_str()),
        ("CMD_RUN", "CMD_B")
    );
    assert!(
        t.notes
            .iter()
            .any(|n| n.kind == NoteKind::Alias
                && n.text.contains("t.h:3: CMD_RUN is an alias of CMD_B")),
        "{:?}",
        t.notes
    );

    let t = run(&spec.clone().aliases(AliasPolicy::Last), CMD).unwrap();
    assert_eq!(displays(&t), vec![(0, "A"), (1, "RUN"), (2, "C")]);
    assert_eq!(t.aliases[0].of, "CMD_RUN");

    let t = run(
        &spec.clone().aliases(AliasPolicy::All).order(Order::Name),
        CMD,
    )
    .unwrap();
    assert_eq!(displays(&t), vec![(0, "A"), (1, "B"), (2, "C"), (1, "RUN")]);
    assert_eq!(t.forward().len(), 3);

    let err = run(&spec.aliases(AliasPolicy::Error), CMD)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("t.h:3: CMD_RUN has the value 1 of CMD_B (t.h:2)"),
        "{err}"
    );
}

#[test]
fn sentinels_are_globs_and_order_is_deterministic() {
    let spec = TableSpec::new("cmd")
        .enumerator("(?:CMD|OTHER)_(.*)")
        .sentinel("*_MAX*")
        .order(Order::Value);
    let t = run(&spec, CMD).unwrap();
    assert_eq!(displays(&t), vec![(0, "A"), (1, "B"), (2, "C")]);
    // OTHER_A has the value of CMD_A and comes later: an alias.
    assert_eq!(
        t.aliases
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["CMD_RUN", "OTHER_A"]
    );
}

#[test]
fn single_bit_filter() {
    let t = run(
        &TableSpec::new("f").define(r"POSIX_FADV_(\w+)").single_bit(),
        FADV,
    )
    .unwrap();
    assert_eq!(
        displays(&t),
        vec![
            (1, "RANDOM"),
            (2, "SEQUENTIAL"),
            (4, "DONTNEED"),
            (32, "OTHER")
        ]
    );
}

#[test]
fn errors_name_header_pattern_and_reason() {
    let err = run(&TableSpec::new("x").define("NOPE_(.*)"), FADV)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("t.h: --define 'NOPE_(.*)' matches no #define name"),
        "{err}"
    );

    let err = run(&TableSpec::new("x").enum_tag("cmds"), CMD)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "t.h: --enum cmds: no enum has this tag; did you mean: cmd?"
    );

    let text = "define A_ONE 1 1\ndefine A_TWO FOO ?";
    let err = run(&TableSpec::new("x").define("A_(.*)"), text)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "1 selected constant(s) have no value:\n  t.h:2: A_TWO: unknown identifier `FOO`"
        ),
        "{err}"
    );
    // Excluding the valueless one is fine.
    assert!(run(&TableSpec::new("x").define("A_(.*)").exclude("TWO"), text).is_ok());

    let err = run(&TableSpec::new("x").define("A_(.*)").exclude("A_"), text)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("selected 2 constant(s), but the filters (--exclude 'A_') left none"),
        "{err}"
    );

    let err = run(&TableSpec::new("x").define("A_("), text)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("invalid regex 'A_('"), "{err}");
}

#[test]
fn unused_exclude_is_noted() {
    let t = run(
        &TableSpec::new("x").define("POSIX_FADV_(.*)").exclude("ZZZ"),
        FADV,
    )
    .unwrap();
    assert_eq!(
        t.notes,
        vec![Note::new(
            NoteKind::UnusedPattern,
            "--exclude 'ZZZ' matched nothing"
        )]
    );
}
