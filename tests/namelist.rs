//! Name lists (strace's `src/xlat/*.in` format) as a table source and checked by `deftab
//! lint`, on the small kernel-shaped tree of `tests/fixtures/namelist/tree`: per-arch
//! blocks as resources.in writes them, every directive, conditionals, errors.

mod common;
use common::deftab;

const TREE: &str = "namelist/tree";

fn lint(targets: &str, lists: &[&str], extra: &[&str]) -> String {
    let mut args = vec!["lint", "--kernel-tree", TREE, "--targets", targets];
    args.extend_from_slice(extra);
    let paths: Vec<String> = lists.iter().map(|l| format!("namelist/{l}")).collect();
    args.extend(paths.iter().map(String::as_str));
    deftab(&args)
}

fn lint_json(targets: &str, list: &str) -> serde_json::Value {
    let out = lint(targets, &[list], &["--format", "json"]);
    let json = out
        .split_once('\n')
        .map(|(_, rest)| rest.split("--- stderr").next().unwrap_or(rest))
        .expect("an exit line");
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn table(list: &str, target: &str) -> String {
    let path = format!("namelist/{list}");
    deftab(&[
        "table",
        "--names",
        &path,
        "--kernel-tree",
        TREE,
        "--target",
        target,
        "--no-provenance",
    ])
}

#[test]
fn per_arch_blocks_raise_no_false_alarm_on_alpha_mips_sparc64_parisc() {
    let out = lint("alpha,mips,sparc64,parisc,x86_64", &["resources.in"], &[]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(out.contains("1 tables checked, 0 with findings"), "{out}");
}

#[test]
fn a_table_from_a_list_has_each_targets_values_in_the_lists_order() {
    for (target, at5, nofile) in [
        ("mips", "RLIMIT_NOFILE", 5),
        ("alpha", "RLIMIT_RSS", 6),
        ("sparc64", "RLIMIT_RSS", 6),
        ("parisc", "RLIMIT_RSS", 7),
    ] {
        let out = table("resources.in", target);
        assert!(out.starts_with("exit: 0\n"), "{target}: {out}");
        assert!(out.contains(&format!("[5] = \"{at5}\"")), "{target}: {out}");
        assert!(
            out.contains(&format!("[{nofile}] = \"RLIMIT_NOFILE\"")),
            "{target}: {out}"
        );
        // The headers define every name: no fallback is used.
        assert!(!out.contains("fallback"), "{target}: {out}");
    }
}

#[test]
fn a_stale_fallback_is_a_value_finding_at_the_entry_with_the_headers_value() {
    let json = lint_json("x86_64,mips", "stale.in");
    let findings = json[0]["findings"].as_array().expect("findings");
    let value: Vec<_> = findings.iter().filter(|f| f["kind"] == "value").collect();
    assert_eq!(value.len(), 2, "{json:#}");
    assert_eq!(value[0]["name"], "THING_B");
    assert_eq!(value[0]["has"], "1");
    assert_eq!(value[0]["value"], 2);
    assert_eq!(value[0]["line"], 6);
    assert_eq!(value[0]["targets"], serde_json::json!(["x86_64", "mips"]));
    // THING_ODD's fallback is x86_64's value, not mips's (the header's #ifdef __mips__).
    assert_eq!(value[1]["name"], "THING_ODD");
    assert_eq!(value[1]["value"], 7);
    assert_eq!(value[1]["targets"], serde_json::json!(["mips"]));
    let kinds: Vec<_> = findings
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"unknown") && kinds.contains(&"missing"),
        "{kinds:?}"
    );
}

#[test]
fn text_names_the_entry_line_and_the_header_line() {
    let out = lint("x86_64", &["stale.in"], &[]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    assert!(
        out.contains(
            "namelist/stale.in:6: table stale (#From include/uapi/linux/things.h): value: THING_B \
         has the fallback 1, the header says 2 (namelist/tree/include/uapi/linux/things.h:6)"
        ),
        "{out}"
    );
    assert!(out.contains("namelist/stale.in:7: table stale (#From include/uapi/linux/things.h): unknown: THING_GONE is not defined by the headers"), "{out}");
}

#[test]
fn missing_leaves_out_sentinels_aliases_attributes_and_other_paragraphs() {
    let json = lint_json("x86_64", "stale.in");
    let missing: Vec<_> = json[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "missing")
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    // Not THING_MAX (sentinel), THING_ALIAS (another name), THING_A_SIZE (an attribute of
    // THING_A), THING_OTHER (another paragraph), THING_CMD_* (another group).
    assert_eq!(missing, ["THING_C"]);
}

#[test]
fn missing_stays_in_the_lists_field_and_before_the_enums_sentinel() {
    let lists = [
        "fields_size.in",
        "fields_flags.in",
        "fields_opcodes.in",
        "fields_opcode_flags.in",
    ];
    let out = lint("x86_64", &lists, &["--format", "json"]);
    let json = out.split_once('\n').expect("an exit line").1;
    let json = json.split("--- stderr").next().unwrap_or(json);
    let json: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {out}"));
    let mut missing = Vec::new();
    for table in json.as_array().expect("an array of tables") {
        for f in table["findings"].as_array().expect("findings") {
            assert_eq!(f["kind"], "missing", "{out}");
            missing.push(format!(
                "{}: {}",
                table["table"].as_str().unwrap(),
                f["name"].as_str().unwrap()
            ));
        }
    }
    // Not INS_MEMSX (beyond the sizes' bits), LOCK2_SIZE_* (inside LOCK2_SIZE_MASK, which
    // the flags are outside), REG_USE_RING for the opcodes nor REG_* for the flag (the
    // enum's two sides of REG_LAST).
    assert_eq!(
        missing,
        [
            "fields_size: INS_B",
            "fields_flags: LOCK2_MPOL",
            "fields_opcodes: REG_PROBE"
        ],
        "{out}"
    );
}

#[test]
fn a_name_the_lists_comments_mention_is_not_missing() {
    let json = lint_json("x86_64", "commented.in");
    let kinds = finding_kinds(&json);
    assert!(!kinds.contains(&"missing"), "{json:#}");
    assert!(kinds.contains(&"value"), "{json:#}");
}

#[test]
fn nocheckval_lists_raise_no_value_finding() {
    let json = lint_json("x86_64,mips", "nocheckval.in");
    let kinds = finding_kinds(&json);
    assert!(!kinds.contains(&"value"), "{json:#}");
    assert!(kinds.contains(&"unknown"), "{json:#}");
}

#[test]
fn sorted_and_value_indexed_lists_break_as_order_findings() {
    let out = lint("x86_64", &["order.in", "indexed.in"], &[]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    assert!(out.contains("namelist/order.in:6: table order (#From include/uapi/linux/things.h): order: THING_B (= 2) comes after THING_C (= 3) in a #sorted list"), "{out}");
    assert!(out.contains("namelist/indexed.in:6: table indexed (#From include/uapi/linux/things.h): order: THING_ALIAS (= 2) has the index of THING_B (#value_indexed)"), "{out}");
}

#[test]
fn unknown_names_are_notes_unless_strict() {
    let out = lint("x86_64", &["conditional.in"], &[]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(out.contains("unknown: THING_LIST_ONLY"), "{out}");
    // What was not read is said, once for all targets.
    assert!(out.contains("unresolved: namelist/conditional.in:6: #include <sys/not-in-the-tree.h>: not among the headers"), "{out}");
    let strict = lint("x86_64", &["conditional.in"], &["--strict"]);
    assert!(strict.starts_with("exit: 1\n"), "{strict}");
}

#[test]
fn conditionals_are_evaluated_per_target_with_header_and_list_macros() {
    let entries = |target: &str| -> Vec<String> {
        let out = table("conditional.in", target);
        assert!(out.starts_with("exit: 0\n"), "{out}");
        out.lines()
            .filter_map(|l| l.split("return \"").nth(1))
            .map(|s| s.trim_end_matches("\";").to_string())
            .collect()
    };
    // #ifdef __mips__ / #ifndef __mips__; `#if defined THING_A && THING_A == 0` (a header
    // macro); `#undef THING_OTHER` in the list hides CLOSE; `{ THING_IOC_GET, "GET" }` takes
    // the ioctl's value; THING_LIST_ONLY's fallback is a macro the list defines.
    assert_eq!(
        entries("mips"),
        [
            "THING_CMD_OPEN",
            "THING_CMD_WRITE",
            "GET",
            "THING_LIST_ONLY"
        ]
    );
    assert_eq!(
        entries("x86_64"),
        [
            "THING_CMD_READ",
            "THING_CMD_WRITE",
            "GET",
            "THING_LIST_ONLY"
        ]
    );
    let out = table("conditional.in", "x86_64");
    assert!(out.contains("case 2147767297U: return \"GET\";"), "{out}");
    assert!(out.contains("namelist/conditional.in:26: THING_LIST_ONLY is not defined by the headers: its fallback THING_LIST_LOCAL = 16 is used"), "{out}");
    assert!(
        out.contains("1<<THING_CMD_READ is an alias of THING_CMD_WRITE (value 2)"),
        "{out}"
    );
}

#[test]
fn a_plain_list_of_names_takes_the_headers_given() {
    let out = deftab(&[
        "table",
        "--names",
        "namelist/plain.txt",
        "linux/things.h",
        "--kernel-tree",
        TREE,
        "--no-provenance",
        "--shape",
        "switch",
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    // The list's order (C, A, B), not the header's.
    let at = |n: &str| out.find(n).unwrap_or_else(|| panic!("{n} in {out}"));
    assert!(
        at("\"THING_C\"") < at("\"THING_A\"") && at("\"THING_A\"") < at("\"THING_B\""),
        "{out}"
    );
}

#[test]
fn a_manifest_table_can_be_a_name_list() {
    let dir = std::env::temp_dir().join(format!("deftab-namelist-{}", std::process::id()));
    let out_dir = dir.to_str().unwrap();
    let out = deftab(&[
        "generate",
        "--manifest",
        "namelist/names.toml",
        "--root",
        ".",
        "--out-dir",
        out_dir,
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    let c = std::fs::read_to_string(dir.join("things.c")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    for entry in [
        "[0] = \"THING_A\"",
        "[2] = \"THING_B\"",
        "[3] = \"THING_C\"",
    ] {
        assert!(c.contains(entry), "{entry} in {c}");
    }
}

#[test]
fn a_list_that_cannot_be_read_is_an_error_with_its_line() {
    let out = lint("x86_64", &["bad.in"], &[]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(
        out.contains("namelist/bad.in:3: unknown directive #stop"),
        "{out}"
    );
    let out = table("bad.in", "x86_64");
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(
        out.contains("namelist/bad.in:3: unknown directive #stop"),
        "{out}"
    );
}

/// The `kind` of each finding of the first table in `lint --format json` output.
fn finding_kinds(json: &serde_json::Value) -> Vec<&str> {
    json[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect()
}

/// `deftab table --names LIST` with extra arguments.
fn plain_table(more: &[&str]) -> String {
    let mut args = vec![
        "table",
        "--names",
        "namelist/plain.txt",
        "linux/things.h",
        "--kernel-tree",
        TREE,
        "--no-provenance",
        "--shape",
        "switch",
    ];
    args.extend_from_slice(more);
    deftab(&args)
}

#[test]
fn value_filters_apply_to_a_name_list() {
    // THING_A = 0, THING_B = 2, THING_C = 3.
    let min = plain_table(&["--min", "2"]);
    assert!(min.starts_with("exit: 0\n"), "{min}");
    assert!(!min.contains("\"THING_A\""), "{min}");
    assert!(
        min.contains("\"THING_B\"") && min.contains("\"THING_C\""),
        "{min}"
    );
    let max = plain_table(&["--max", "2"]);
    assert!(!max.contains("\"THING_C\""), "{max}");
    assert!(
        max.contains("\"THING_A\"") && max.contains("\"THING_B\""),
        "{max}"
    );
    let bit = plain_table(&["--single-bit"]);
    assert!(bit.contains("\"THING_B\""), "{bit}");
    assert!(
        !bit.contains("\"THING_A\"") && !bit.contains("\"THING_C\""),
        "{bit}"
    );
    let prefix = plain_table(&["--value-prefix", "3"]);
    assert!(
        prefix.contains("\"THING_C\"") && !prefix.contains("\"THING_B\""),
        "{prefix}"
    );
}

#[test]
fn what_does_not_apply_to_a_name_list_is_an_error() {
    let out = plain_table(&["--included"]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(
        out.contains("a name list is the table's source; included do(es) not apply"),
        "{out}"
    );
}

#[test]
fn every_include_pattern_that_matches_is_used() {
    // Both patterns match THING_A: neither is reported as matching nothing.
    let out = deftab(&[
        "-v",
        "table",
        "--names",
        "namelist/plain.txt",
        "linux/things.h",
        "--kernel-tree",
        TREE,
        "--no-provenance",
        "--match",
        "THING_A",
        "--match",
        "_A$",
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(!out.contains("matched nothing"), "{out}");
}

#[test]
fn diff_shows_only_what_the_header_change_made_stale_in_a_list() {
    // old/gadgets.h lacks GADGET_FREEZE; GADGET_RESET was missing from the list before the
    // change and GADGET_GONE unknown: not news.
    let full = lint("x86_64", &["gadgets.in"], &[]);
    for name in [
        "missing GADGET_RESET",
        "missing GADGET_FREEZE",
        "GADGET_GONE",
    ] {
        assert!(full.contains(name), "{full}");
    }
    let new = format!("{TREE}/include/uapi/linux/gadgets.h");
    let out = lint(
        "x86_64",
        &["gadgets.in"],
        &["--diff", "namelist/old/gadgets.h", &new],
    );
    assert!(out.starts_with("exit: 1\n"), "{out}");
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("table gadgets"))
        .collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].contains("missing GADGET_FREEZE (= 3,"), "{out}");
    let unchanged = lint("x86_64", &["gadgets.in"], &["--diff", &new, &new]);
    assert!(unchanged.starts_with("exit: 0\n"), "{unchanged}");
    assert!(!unchanged.contains("table gadgets"), "{unchanged}");
}
