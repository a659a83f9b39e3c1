//! The findings model and its renderers.

use super::render;
use super::report::{Disagreement, Kind, TableReport};

fn missing(name: &str, value: i128) -> Disagreement {
    Disagreement {
        name: Some(name.to_string()),
        value: Some(value),
        index: Some(value),
        at: Some("include/uapi/linux/bpf.h:980".to_string()),
        ..Disagreement::new(Kind::Missing)
    }
}

fn bpf_report() -> TableReport {
    let mut r = TableReport::new("tools/perf/builtin-trace.c", 742, "bpf_cmd");
    r.constants = Some("enum bpf_cmd".to_string());
    r.entries = 36;
    r
}

#[test]
fn the_same_finding_for_two_targets_is_one_finding_listing_both() {
    let mut r = bpf_report();
    r.add(missing("BPF_TOKEN_CREATE", 36), "x86_64");
    r.add(missing("BPF_TOKEN_CREATE", 36), "mips");
    r.add(missing("BPF_OTHER", 37), "mips");
    assert_eq!(r.findings.len(), 2);
    assert_eq!(r.findings[0].targets, ["x86_64", "mips"]);
    assert_eq!(r.findings[1].targets, ["mips"]);
}

#[test]
fn text_names_the_targets_only_when_a_finding_holds_for_some() {
    let mut r = bpf_report();
    r.add(missing("BPF_TOKEN_CREATE", 36), "x86_64");
    r.add(missing("BPF_TOKEN_CREATE", 36), "mips");
    r.add(missing("BPF_OTHER", 37), "mips");
    let all = ["x86_64".to_string(), "mips".to_string()];
    let text = render::text(&[r], &all);
    assert_eq!(
        text,
        "tools/perf/builtin-trace.c:742: table bpf_cmd (enum bpf_cmd): missing \
         BPF_TOKEN_CREATE (= 36, include/uapi/linux/bpf.h:980)\n\
         tools/perf/builtin-trace.c:742: table bpf_cmd (enum bpf_cmd): missing BPF_OTHER \
         (= 37, include/uapi/linux/bpf.h:980) [mips]\n"
    );
}

#[test]
fn json_has_the_fixed_schema_and_leaves_out_the_header_position() {
    let mut r = bpf_report();
    r.add(missing("BPF_TOKEN_CREATE", 36), "x86_64");
    let v: serde_json::Value = serde_json::from_str(&render::json(&[r])).unwrap();
    let table = &v[0];
    let keys: Vec<&str> = table
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["constants", "entries", "file", "findings", "line", "table"]
    );
    let f = table["findings"][0].as_object().unwrap();
    let keys: Vec<&str> = f.keys().map(String::as_str).collect();
    assert_eq!(keys, ["has", "index", "kind", "name", "targets", "value"]);
    assert_eq!(f["kind"], "missing");
    assert_eq!(f["value"], 36);
    assert_eq!(f["has"], serde_json::Value::Null);
}

#[test]
fn an_unmatched_table_says_why_in_text_and_json() {
    let mut r = TableReport::new("a.c", 3, "names");
    r.unmatched = Some("no prefix and no constant size".to_string());
    let text = render::text(std::slice::from_ref(&r), &["x86_64".to_string()]);
    assert_eq!(
        text,
        "a.c:3: table names: not checked: no prefix and no constant size\n"
    );
    let v: serde_json::Value = serde_json::from_str(&render::json(&[r])).unwrap();
    assert_eq!(v[0]["constants"], serde_json::Value::Null);
    assert_eq!(v[0]["unmatched"], "no prefix and no constant size");
}

#[test]
fn each_kind_has_its_own_message() {
    let wrong = Disagreement {
        name: Some("F_GETLK".into()),
        value: Some(5),
        index: Some(5),
        has: Some("SETLK".into()),
        ..Disagreement::new(Kind::Wrong)
    };
    assert_eq!(
        wrong.message(),
        "wrong name at [5]: has \"SETLK\", the header says F_GETLK (= 5)"
    );
    let extra = Disagreement {
        name: Some("F_GETLK64".into()),
        index: Some(12),
        has: Some("GETLK64".into()),
        ..Disagreement::new(Kind::Extra)
    };
    assert_eq!(
        extra.message(),
        "extra entry at [12]: \"GETLK64\" (F_GETLK64 is not a constant)"
    );
    let hole = Disagreement {
        name: Some("X_B".into()),
        value: Some(2),
        index: Some(2),
        ..Disagreement::new(Kind::Hole)
    };
    assert_eq!(hole.message(), "hole at [2]: no entry for X_B (= 2)");
}
