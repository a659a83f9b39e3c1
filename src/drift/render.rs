//! The semantic diff as text (`+`/`-`/`~` lines) and as JSON.

use super::pair_diff::{Compared, Outcome, PairDiff};
use super::semantic::{Change, ChangeKind};
use crate::constant::{ConstKind, Constant, ConstantJson};
use crate::ctype::IntType;
use crate::source::SourceMap;
use std::fmt::Write as _;
use std::path::Path;

/// Text for one pair; `explain_unchanged` adds "no constant changed" for files known to
/// differ as text (`--copies`). `root` is stripped from the paths shown.
pub fn text(
    d: &PairDiff,
    old_sm: &SourceMap,
    new_sm: &SourceMap,
    explain_unchanged: bool,
    root: Option<&Path>,
) -> String {
    let show = |p: &Path| shown(p, root);
    let mut out = String::new();
    let header = |out: &mut String| {
        let _ = writeln!(out, "--- {}\n+++ {}", show(&d.old), show(&d.new));
    };
    match &d.outcome {
        Outcome::OnlyOld => {
            let _ = writeln!(out, "only in old: {}", show(&d.old));
        }
        Outcome::OnlyNew => {
            let _ = writeln!(out, "only in new: {}", show(&d.new));
        }
        Outcome::NotAHeader => {
            header(&mut out);
            out += "  not a C header: no constants to compare\n";
        }
        Outcome::Failed(e) => {
            header(&mut out);
            let first = e.lines().next().unwrap_or("");
            let _ = writeln!(out, "  cannot compare: {first}");
        }
        Outcome::Unavailable(why) => {
            header(&mut out);
            let _ = writeln!(out, "  cannot compare: {why}");
        }
        Outcome::Compared(c) if c.changes.is_empty() => {
            if explain_unchanged {
                header(&mut out);
                out += "  no constant changed\n";
            }
        }
        Outcome::Compared(c) => {
            header(&mut out);
            for ch in &c.changes {
                change_line(&mut out, c, ch, old_sm, new_sm, root);
            }
        }
    }
    out
}

pub(super) fn change_line(
    out: &mut String,
    c: &Compared,
    ch: &Change,
    old_sm: &SourceMap,
    new_sm: &SourceMap,
    root: Option<&Path>,
) {
    let old = ch.old.map(|i| &c.old.constants[i]);
    let new = ch.new.map(|i| &c.new.constants[i]);
    let at = |k: &Constant, sm: &SourceMap| {
        let p = sm.position(k.loc);
        format!("{}:{}", shown(&p.path, root), p.line)
    };
    let _ = match (ch.kind, old, new) {
        (ChangeKind::Added, _, Some(n)) => {
            writeln!(
                out,
                "+ {} ({}) {}  at {}",
                n.name,
                kind(n),
                value(n, new_sm),
                at(n, new_sm)
            )
        }
        (ChangeKind::Removed, Some(o), _) => {
            writeln!(
                out,
                "- {} ({}) {}  at {}",
                o.name,
                kind(o),
                value(o, old_sm),
                at(o, old_sm)
            )
        }
        (ChangeKind::Changed, Some(o), Some(n)) => {
            let what = match (&o.value, &n.value) {
                (Err(_), Err(_)) => format!("`{}` → `{}`", words(o), words(n)),
                _ => format!(
                    "{} → {}",
                    value(o, old_sm),
                    value(n, new_sm).trim_start_matches("= ")
                ),
            };
            let kinds = if kind(o) == kind(n) {
                kind(n)
            } else {
                format!("{} → {}", kind(o), kind(n))
            };
            writeln!(
                out,
                "~ {} ({kinds}) {what}  at {}, {}",
                n.name,
                at(o, old_sm),
                at(n, new_sm)
            )
        }
        _ => Ok(()),
    };
}

/// `define`, `enum bpf_cmd`, `anonymous enum`.
fn kind(c: &Constant) -> String {
    match (c.kind, &c.enum_tag) {
        (ConstKind::Define, _) => "define".into(),
        (ConstKind::Enumerator, Some(t)) => format!("enum {t}"),
        (ConstKind::Enumerator, None) => "anonymous enum".into(),
    }
}

/// `= 37`, `= 4294967295 (unsigned int)`, or `skipped: why`.
fn value(c: &Constant, sm: &SourceMap) -> String {
    match &c.value {
        Ok(v) if v.ty == IntType::INT => format!("= {}", v.value),
        Ok(v) => format!("= {} ({})", v.value, v.ty.c_name()),
        Err(s) => format!("skipped: {}", s.reason(sm, c.loc)),
    }
}

fn words(c: &Constant) -> String {
    c.text
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn shown(p: &Path, root: Option<&Path>) -> String {
    root.and_then(|r| p.strip_prefix(r).ok())
        .unwrap_or(p)
        .display()
        .to_string()
}

#[derive(serde::Serialize)]
pub struct PairJson<'a> {
    pub old: String,
    pub new: String,
    /// `changed`, `unchanged`, `only-old`, `only-new`, `not-a-header`, `error`,
    /// `unavailable` (a header only a kernel build makes).
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
    pub changes: Vec<ChangeJson<'a>>,
}

#[derive(serde::Serialize)]
pub struct ChangeJson<'a> {
    pub change: ChangeKind,
    pub name: &'a str,
    pub old: Option<ConstantJson<'a>>,
    pub new: Option<ConstantJson<'a>>,
}

impl PairJson<'_> {
    pub fn into_value(self) -> serde_json::Value {
        serde_json::to_value(self).expect("plain data serializes")
    }
}

pub fn json<'a>(
    d: &'a PairDiff,
    old_sm: &SourceMap,
    new_sm: &SourceMap,
    root: Option<&Path>,
) -> PairJson<'a> {
    let (status, error, changes) = match &d.outcome {
        Outcome::OnlyOld => ("only-old", None, vec![]),
        Outcome::OnlyNew => ("only-new", None, vec![]),
        Outcome::NotAHeader => ("not-a-header", None, vec![]),
        Outcome::Failed(e) => ("error", Some(e.as_str()), vec![]),
        Outcome::Unavailable(why) => ("unavailable", Some(why.as_str()), vec![]),
        Outcome::Compared(c) => {
            let side = |k: &'a Constant, sm: &SourceMap| {
                let mut j = k.to_json(sm);
                j.file = shown(Path::new(&j.file), root);
                j
            };
            let changes: Vec<ChangeJson> = c
                .changes
                .iter()
                .map(|ch| {
                    let old = ch.old.map(|i| &c.old.constants[i]);
                    let new = ch.new.map(|i| &c.new.constants[i]);
                    ChangeJson {
                        change: ch.kind,
                        name: new.or(old).map_or("", |k| k.name.as_str()),
                        old: old.map(|k| side(k, old_sm)),
                        new: new.map(|k| side(k, new_sm)),
                    }
                })
                .collect();
            (
                if changes.is_empty() {
                    "unchanged"
                } else {
                    "changed"
                },
                None,
                changes,
            )
        }
    };
    PairJson {
        old: shown(&d.old, root),
        new: shown(&d.new, root),
        status,
        error,
        changes,
    }
}
