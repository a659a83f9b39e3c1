//! The constants a drifted copy changes: read as a C header by the pipeline; as text when
//! the original needs a header only a kernel build makes; as a syscall table (`.tbl`).

use super::{ConstantChange, CopyImpact, Verdict};
use crate::constant::{ConstKind, Constant};
use crate::drift::pair_diff::{Compared, Outcome};
use crate::drift::plan::{ComparedPair, Plan, PlannedPair};
use crate::drift::semantic::ChangeKind;
use crate::source::SourceMap;
use crate::target::Target;
use crate::target::syscall_tbl::SyscallTbl;
use std::collections::HashMap;
use std::path::Path;

/// A value as the report shows it: a number, or the replacement text when it has none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    Int(i128),
    Text(String),
}

impl serde::Serialize for Shown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Int(v) => match (i64::try_from(*v), u64::try_from(*v)) {
                (Ok(i), _) => s.serialize_i64(i),
                (_, Ok(u)) => s.serialize_u64(u),
                _ => s.serialize_str(&v.to_string()),
            },
            Shown::Text(t) => s.serialize_str(t),
        }
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shown::Int(v) if *v >= 0x10000 => write!(f, "{v:#x}"),
            Shown::Int(v) => write!(f, "{v}"),
            Shown::Text(t) => write!(f, "`{t}`"),
        }
    }
}

/// Reads one pair into `impact` (its constants, or its verdict `not-a-header`); the
/// compared pair when both sides were read as C headers. `Err`: an error to report (the
/// pair is then judged on what could be read).
pub(super) fn read(
    plan: &Plan,
    pair: PlannedPair,
    target: &'static Target,
    root: &Path,
    impact: &mut CopyImpact,
) -> Result<Option<ComparedPair>, String> {
    if impact.copy.ends_with(".tbl") {
        return syscalls(root, impact).map(|()| None);
    }
    if !impact.copy.ends_with(".h") {
        impact.verdict = Verdict::NotAHeader;
        return Ok(None);
    }
    let compared = plan.compare(pair, target);
    match &compared.diff.outcome {
        Outcome::Compared(c) => {
            impact.constants = from_compared(c, &compared.old.sm, &compared.new.sm, root);
            if c.errors {
                let first = c.diagnostics.iter().find(|d| d.starts_with("error"));
                impact.notes.push(format!(
                    "{}: some constants may be missing: {}",
                    impact.original,
                    first.map_or("", |d| d.lines().next().unwrap_or(""))
                ));
            }
            Ok(Some(compared))
        }
        Outcome::Unavailable(why) => {
            impact.notes.push(format!(
                "{}: read as text, its own #defines only: {why}",
                impact.original
            ));
            as_text(root, impact).map(|()| None)
        }
        Outcome::Failed(e) => {
            let first = e.lines().next().unwrap_or("").to_string();
            impact.notes.push(format!(
                "{}: read as text, its own #defines only: {first}",
                impact.original
            ));
            as_text(root, impact).map(|()| None)
        }
        Outcome::NotAHeader | Outcome::OnlyOld | Outcome::OnlyNew => {
            impact.verdict = Verdict::NotAHeader;
            Ok(None)
        }
    }
}

/// Whether a constant is one a table can see: an enumerator or an integer value.
fn counts(c: &Constant) -> bool {
    c.kind == ConstKind::Enumerator || c.value.is_ok()
}

fn shown(c: &Constant) -> Shown {
    match &c.value {
        Ok(v) => Shown::Int(v.value),
        Err(_) => Shown::Text(c.text.clone().unwrap_or_default()),
    }
}

/// `file:line` of a constant, relative to `root`.
pub(crate) fn at(c: &Constant, sm: &SourceMap, root: &Path) -> String {
    let p = sm.position(c.loc);
    format!("{}:{}", super::rel(&p.path, root), p.line)
}

/// The integer constants and enumerators among the semantic diff's changes.
fn from_compared(
    c: &Compared,
    old_sm: &SourceMap,
    new_sm: &SourceMap,
    root: &Path,
) -> Vec<ConstantChange> {
    c.changes
        .iter()
        .filter_map(|ch| {
            let old = ch.old.map(|i| &c.old.constants[i]);
            let new = ch.new.map(|i| &c.new.constants[i]);
            if !old.into_iter().chain(new).any(counts) {
                return None;
            }
            let named = new.or(old)?;
            let at = match new {
                Some(n) => at(n, new_sm, root),
                None => at(named, old_sm, root),
            };
            Some(ConstantChange {
                name: named.name.clone(),
                change: ch.kind,
                old: old.map(shown),
                new: new.map(shown),
                at,
            })
        })
        .collect()
}

/// Object-like `#define NAME BODY` lines of a text (continuations joined): name, body,
/// line.
pub(crate) fn text_defines(text: &str) -> Vec<(String, String, u32)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let mut logical = line.to_string();
        while logical.ends_with('\\') {
            logical.pop();
            match lines.next() {
                Some((_, next)) => logical += next,
                None => break,
            }
        }
        let Some(rest) = logical.trim_start().strip_prefix('#') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix("define") else {
            continue;
        };
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let rest = rest.trim_start();
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (name, body) = rest.split_at(end);
        if name.is_empty() || body.starts_with('(') {
            continue; // function-like
        }
        let body = strip_comments(body);
        let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
        if !body.is_empty() {
            out.push((name.to_string(), body, i as u32 + 1));
        }
    }
    out
}

fn strip_comments(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    loop {
        match (rest.find("/*"), rest.find("//")) {
            (Some(b), l) if l.is_none_or(|l| b < l) => {
                out += &rest[..b];
                match rest[b + 2..].find("*/") {
                    Some(e) => rest = &rest[b + 2 + e + 2..],
                    None => return out,
                }
            }
            (_, Some(l)) => return out + &rest[..l],
            _ => return out + rest,
        }
    }
}

/// An integer literal (`0x1f`, `(12UL)`, `-1`) as the C compiler reads it.
fn literal(body: &str) -> Option<i128> {
    let mut t = body.trim();
    while let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        t = inner.trim();
    }
    match t.strip_prefix('-') {
        Some(r) => crate::select::parse_c_integer(r).map(|v| -v),
        None => crate::select::parse_c_integer(t),
    }
}

/// The pair's own object-like `#define`s compared as text (values where they are literals).
fn as_text(root: &Path, impact: &mut CopyImpact) -> Result<(), String> {
    let read = |p: &str| std::fs::read_to_string(root.join(p)).map_err(|e| format!("{p}: {e}"));
    let (old, new) = (read(&impact.copy)?, read(&impact.original)?);
    let (old, new) = (keyed(text_defines(&old)), keyed(text_defines(&new)));
    let value = |body: &str| Some(literal(body).map_or(Shown::Text(body.into()), Shown::Int));
    let old_by: HashMap<&(String, usize), &(String, u32)> =
        old.iter().map(|(k, d)| (k, d)).collect();
    let new_by: HashMap<&(String, usize), &(String, u32)> =
        new.iter().map(|(k, d)| (k, d)).collect();
    for (key, (body, line)) in &new {
        let change = match old_by.get(key) {
            None => ChangeKind::Added,
            Some(o) if o.0 != *body => ChangeKind::Changed,
            Some(_) => continue,
        };
        impact.constants.push(ConstantChange {
            name: key.0.clone(),
            change,
            old: old_by.get(key).and_then(|o| value(&o.0)),
            new: value(body),
            at: format!("{}:{line}", impact.original),
        });
    }
    for (key, (body, line)) in &old {
        if !new_by.contains_key(key) {
            impact.constants.push(ConstantChange {
                name: key.0.clone(),
                change: ChangeKind::Removed,
                old: value(body),
                new: None,
                at: format!("{}:{line}", impact.copy),
            });
        }
    }
    Ok(())
}

/// Each define keyed by its name and which of that name's definitions it is (k-th with
/// k-th, as [`crate::drift::semantic`] pairs them).
fn keyed(defines: Vec<(String, String, u32)>) -> Vec<((String, usize), (String, u32))> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    defines
        .into_iter()
        .map(|(name, body, line)| {
            let k = seen.entry(name.clone()).or_default();
            *k += 1;
            ((name, *k), (body, line))
        })
        .collect()
}

/// A `.tbl` copy: the syscalls added, removed or renumbered (by ABI and name).
fn syscalls(root: &Path, impact: &mut CopyImpact) -> Result<(), String> {
    let read = |p: &str| {
        SyscallTbl::read(&root.join(p)).map_err(|e| format!("{p}:{}: {}", e.line, e.message))
    };
    let (old, new) = (read(&impact.copy)?, read(&impact.original)?);
    let key = |e: &crate::target::syscall_tbl::TblEntry| (e.abi.clone(), e.name.clone());
    let old_by: HashMap<_, _> = old.entries.iter().map(|e| (key(e), e)).collect();
    let new_by: HashMap<_, _> = new.entries.iter().map(|e| (key(e), e)).collect();
    for e in &new.entries {
        let change = match old_by.get(&key(e)) {
            None => ChangeKind::Added,
            Some(o) if o.nr != e.nr => ChangeKind::Changed,
            Some(_) => continue,
        };
        impact.constants.push(ConstantChange {
            name: e.name.clone(),
            change,
            old: old_by.get(&key(e)).map(|o| Shown::Int(o.nr)),
            new: Some(Shown::Int(e.nr)),
            at: format!("{}:{}", impact.original, e.line),
        });
    }
    for e in &old.entries {
        if !new_by.contains_key(&key(e)) {
            impact.constants.push(ConstantChange {
                name: e.name.clone(),
                change: ChangeKind::Removed,
                old: Some(Shown::Int(e.nr)),
                new: None,
                at: format!("{}:{}", impact.copy, e.line),
            });
        }
    }
    Ok(())
}

/// The constants the original gained, as near misses are judged: read by the pipeline when
/// the pair was, else its own `#define` lines.
pub(super) fn gained(
    impact: &CopyImpact,
    compared: Option<&ComparedPair>,
    root: &Path,
) -> Vec<super::near::Gained> {
    let mut lines = super::moves::Lines::default();
    if let Some(cp) = compared
        && let Outcome::Compared(c) = &cp.diff.outcome
    {
        return c
            .changes
            .iter()
            .filter(|ch| ch.kind == ChangeKind::Added)
            .filter_map(|ch| ch.new.map(|i| &c.new.constants[i]))
            .map(|n| {
                let p = cp.new.sm.position(n.loc);
                super::near::Gained {
                    name: n.name.clone(),
                    text: n.text.clone(),
                    value: n.value.as_ref().ok().map(|v| v.value),
                    enumerator: n.kind == ConstKind::Enumerator,
                    line: lines.line(&p.path, p.line),
                    at: format!("{}:{}", super::rel(&p.path, root), p.line),
                }
            })
            .collect();
    }
    let Ok(text) = std::fs::read_to_string(root.join(&impact.original)) else {
        return vec![];
    };
    let added: Vec<&str> = impact
        .constants
        .iter()
        .filter(|c| c.change == ChangeKind::Added)
        .map(|c| c.name.as_str())
        .collect();
    let path = root.join(&impact.original);
    text_defines(&text)
        .into_iter()
        .filter(|(name, _, _)| added.contains(&name.as_str()))
        .map(|(name, body, line)| super::near::Gained {
            value: literal(&body),
            text: Some(body),
            enumerator: false,
            line: lines.line(&path, line),
            at: format!("{}:{line}", impact.original),
            name,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_defines_are_object_like_with_their_bodies() {
        let text = "#define A 0x1f /* c */\n# define B(x) x\n#define C \\\n  (3UL)\n#define D\n";
        let got = text_defines(text);
        assert_eq!(
            got,
            [
                ("A".into(), "0x1f".into(), 1),
                ("C".into(), "(3UL)".into(), 3)
            ]
        );
        assert_eq!(literal("0x1f"), Some(31));
        assert_eq!(literal("(3UL)"), Some(3));
        assert_eq!(literal("010"), Some(8));
        assert_eq!(literal("A + 1"), None);
    }
}
