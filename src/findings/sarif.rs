//! SARIF 2.1.0 (OASIS), the format code-scanning dashboards read: one run of the tool, the
//! rules its findings name, and one result per finding with its level and location.

use super::{Finding, Level, Rule};
use serde_json::{Value, json};

/// The schema the output declares (and the tests validate it against).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// A SARIF log of `findings` by deftab `version`, pretty-printed, ending in a newline.
pub fn sarif(findings: &[Finding], version: &str) -> String {
    let mut rules: Vec<&'static Rule> = Vec::new();
    for f in findings {
        if !rules.iter().any(|r| r.id == f.rule.id) {
            rules.push(f.rule);
        }
    }
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = rules.iter().position(|r| r.id == f.rule.id);
            result(f, index.unwrap_or_default())
        })
        .collect();
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "deftab",
                    "version": version,
                    "rules": rules.iter().map(|r| rule(r)).collect::<Vec<_>>(),
                }
            },
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).expect("plain data serializes") + "\n"
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    }
}

fn rule(r: &Rule) -> Value {
    json!({
        "id": r.id,
        "shortDescription": { "text": r.description },
        "defaultConfiguration": { "level": level(r.level) },
    })
}

fn result(f: &Finding, rule_index: usize) -> Value {
    let text = match f.title.is_empty() {
        true => f.message.clone(),
        false => format!("{}: {}", f.title, f.message),
    };
    let mut r = json!({
        "ruleId": f.rule.id,
        "ruleIndex": rule_index,
        "level": level(f.level),
        "message": { "text": text },
    });
    if let Some(file) = &f.file {
        let mut physical = json!({ "artifactLocation": { "uri": uri(file) } });
        if let Some(line) = f.line {
            physical["region"] = json!({ "startLine": line });
        }
        r["locations"] = json!([{ "physicalLocation": physical }]);
    }
    r
}

/// A path as a URI reference: absolute paths as `file://` URIs, relative ones as relative
/// references (resolved against the repository root by code-scanning tools); characters
/// that URIs reserve are percent-encoded.
pub(super) fn uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
