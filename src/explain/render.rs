//! An [`Explanation`] as text for a terminal (JSON is its serde form).

use super::{EnumPlace, Explanation, Outcome, Status};
use std::fmt::Write as _;

/// The explanation, section by section; sections with nothing to say are left out.
pub fn text(x: &Explanation) -> String {
    let mut out = String::new();
    headline(&mut out, x);
    definitions(&mut out, x);
    if let Some(e) = &x.enumerator {
        enumerator(&mut out, e);
    }
    expansion(&mut out, x);
    facts(&mut out, x);
    outcome(&mut out, x);
    out
}

/// `NAME = 4 (0x4, int) on x86_64` and where it is defined.
fn headline(out: &mut String, x: &Explanation) {
    let _ = match &x.outcome {
        Outcome::Value { value, hex, ty } => {
            writeln!(out, "{} = {value} ({hex}, {ty}) on {}", x.name, x.target)
        }
        Outcome::Skipped { .. } => writeln!(out, "{}: no value on {}", x.name, x.target),
    };
    let _ = writeln!(out, "  {} in {}", x.kind, x.header);
}

/// Every definition of the name, with the condition that skipped an inactive one.
fn definitions(out: &mut String, x: &Explanation) {
    if x.definitions.is_empty() {
        return;
    }
    *out += "\nDefinitions, in order:\n";
    for d in &x.definitions {
        let status = match d.status {
            Status::Active => "active",
            Status::Overridden => "overridden",
            Status::Undef => "#undef",
            Status::Inactive => "inactive",
        };
        let _ = writeln!(out, "  {status:<10} {}  {}", d.at, without_comment(&d.text));
        if let (Some(c), Some(at)) = (&d.condition, &d.condition_at) {
            let _ = writeln!(out, "  {:<10} skipped: `{c}` ({at}) is false", "");
        }
    }
}

/// The enumerator's place in its enum and the chain of values that leads to it.
fn enumerator(out: &mut String, e: &EnumPlace) {
    let _ = writeln!(
        out,
        "\nEnumerator {} of {} in {} ({} of {} members):",
        e.position,
        e.enum_name,
        e.at,
        e.position + 1,
        e.members
    );
    // A long implicit run: its head and its last members (JSON has them all).
    const SHOWN: usize = 4;
    let hidden = e.chain.len().saturating_sub(2 * SHOWN);
    for (k, link) in e.chain.iter().enumerate() {
        if hidden > 0 && k == SHOWN {
            let _ = writeln!(out, "  … {hidden} more implicit members …");
        }
        if hidden > 0 && (SHOWN..SHOWN + hidden).contains(&k) {
            continue;
        }
        let how = match (&link.init, k) {
            (Some(init), _) => format!("= {init}"),
            (None, 0) => "first member: 0".into(),
            (None, _) => format!("implicit: {} + 1", e.chain[k - 1].name),
        };
        let value = link.value.as_deref().unwrap_or("no value");
        let _ = writeln!(out, "  {} {how}  → {value}  ({})", link.name, link.at);
    }
}

/// The expansion one macro at a time, and a note when it ends elsewhere than C's.
fn expansion(out: &mut String, x: &Explanation) {
    if !x.expansion.is_empty() {
        let _ = writeln!(out, "\nExpansion, one macro at a time:\n  {}", x.name);
        for (n, s) in x.expansion.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {:>2}. {} ({})\n      → {}",
                n + 1,
                s.macro_name,
                s.defined_at,
                s.result
            );
        }
    }
    if let Some(note) = &x.expansion_note {
        let _ = writeln!(out, "  note: {note}");
        if let Some(e) = &x.evaluated {
            let _ = writeln!(out, "  evaluated: {e}");
        }
    }
}

/// The target facts the value depends on (`sizeof(long) = 8`).
fn facts(out: &mut String, x: &Explanation) {
    if x.facts.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nTarget facts ({}):", x.target);
    for f in &x.facts {
        let _ = match f.expr.as_str() {
            "char" => writeln!(out, "  char is {}", f.value),
            _ => writeln!(out, "  {} = {}", f.expr, f.value),
        };
    }
}

/// The value, or why there is none, and the hints.
fn outcome(out: &mut String, x: &Explanation) {
    out.push('\n');
    let _ = match &x.outcome {
        Outcome::Value { value, hex, ty } => writeln!(out, "Value: {value} ({hex}), type {ty}"),
        Outcome::Skipped { reason, at } => match at {
            Some(at) => writeln!(out, "Skipped: {reason} (at {at})"),
            None => writeln!(out, "Skipped: {reason}"),
        },
    };
    for h in &x.hints {
        let _ = writeln!(out, "  help: {h}");
    }
}

/// A directive line without its trailing comment (display only).
fn without_comment(line: &str) -> &str {
    let cut = [line.find("/*"), line.find("//")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(line.len());
    line[..cut].trim_end()
}
