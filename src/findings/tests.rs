//! The renderers on findings with every kind of awkward text.

use super::*;

static STALE: Rule = Rule {
    id: "test/stale",
    description: "A test rule.",
    level: Level::Error,
};
static DRIFT: Rule = Rule {
    id: "test/drift",
    description: "Another test rule.",
    level: Level::Warning,
};

fn findings() -> Vec<Finding> {
    vec![
        Finding::new(&STALE, "stale table", "out/signal.c differs\nregenerate it")
            .at("out/signal.c", Some(17)),
        Finding::new(&DRIFT, "a: b, c", "100% changed\r\n").at("dir,x/a:b.h", None),
        Finding::new(&STALE, "", "no place").level(Level::Note),
    ]
}

#[test]
fn github_commands_escape_data_and_properties() {
    assert_eq!(
        github(&findings()),
        "::error file=out/signal.c,line=17,title=stale table::out/signal.c differs%0Aregenerate it\n\
         ::warning file=dir%2Cx/a%3Ab.h,title=a%3A b%2C c::100%25 changed%0D%0A\n\
         ::notice::no place\n"
    );
    assert_eq!(github(&[]), "");
}

#[test]
fn a_line_without_a_file_or_zero_is_left_out() {
    let f = Finding::new(&STALE, "t", "m").at("f.c", Some(0));
    assert_eq!(f.line, None);
    assert_eq!(github(&[f]), "::error file=f.c,title=t::m\n");
}

#[test]
fn sarif_lists_each_rule_once_and_points_results_at_them() {
    let log: serde_json::Value = serde_json::from_str(&sarif(&findings(), "1.2.3")).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["$schema"], SARIF_SCHEMA);
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["version"], "1.2.3");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["test/stale", "test/drift"]);
    assert_eq!(rules[1]["defaultConfiguration"]["level"], "warning");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["ruleIndex"], 0);
    assert_eq!(results[1]["ruleIndex"], 1);
    assert_eq!(results[2]["ruleIndex"], 0);
    assert_eq!(results[2]["level"], "note");
    let loc = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "out/signal.c");
    assert_eq!(loc["region"]["startLine"], 17);
    assert!(results[1]["locations"][0]["physicalLocation"]["region"].is_null());
    assert!(results[2]["locations"].is_null());
    assert_eq!(
        results[0]["message"]["text"],
        "stale table: out/signal.c differs\nregenerate it"
    );
}

#[test]
fn sarif_uris_are_encoded_and_absolute_paths_are_file_uris() {
    assert_eq!(
        sarif::uri("/usr/include/linux/a b.h"),
        "file:///usr/include/linux/a%20b.h"
    );
    assert_eq!(sarif::uri("out/x#1%.c"), "out/x%231%25.c");
}
