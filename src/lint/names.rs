//! Name lists (strace's `src/xlat/*.in`) checked against the headers, per target.
//!
//! For each target the list is read as its build reads it ([`crate::namelist::resolve`]),
//! and each active entry is checked:
//! - `value`: the fallback differs from the header's value (C's `==`: both converted to
//!   their common type), unless the list says `#nocheckval`;
//! - `unknown`: the headers do not define the name (only when every `#From` header was
//!   read for the target; a note unless `--strict`);
//! - `missing`: a constant written in a `#From` file whose name the list's `#Prefix` or
//!   `#Pattern` covers and that the list never names, in a group of the header the list
//!   uses (the same enum, or the same paragraph of `#define`s, at the same `#define` /
//!   `# define` level; an enum is split at each sentinel), minus names the list's comments
//!   mention, sentinels ([`is_sentinel`]), constants of another bit field than the list's
//!   ([`super::fields`]), attributes of an entry (`NAME_SIZE` of `NAME`) and aliases (a
//!   value an active entry has, or a definition that is just another name);
//! - `order`: `#sorted` values that do not increase, `#value_indexed` values that repeat or
//!   are negative.
//!
//! With `--diff OLD NEW` ([`check_lists_diff`]) only what the header change causes.
//!
//! A list that cannot be read is an error; a target whose headers do not preprocess for the
//! list is noted as unresolved (the check is partial).

use super::family::is_sentinel;
use super::fields::Fields;
use super::report::{Disagreement, Kind, TableReport};
use crate::diag::Diagnostic;
use crate::evaluate::Value;
use crate::header::Session;
use crate::namelist::{self, Members, NameList, Resolved};
use crate::preprocess::Options;
use crate::target::Target;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Whether a file is checked as a name list: strace's `.in` extension.
pub fn is_name_list(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "in")
}

/// What a header change makes stale in the lists (`deftab lint --diff OLD NEW`): the
/// findings with the headers where `new` is that reading `old` in its place does not give;
/// of those, `missing` only for a constant `old`'s `#From` headers do not define (else it
/// was missing before the change too, whatever group it was in) and `unknown` only for a
/// name they do (else the list named it before the headers did). Lists left with no finding
/// are dropped; the problems are those of the run with `new`.
pub fn check_lists_diff(
    files: &[PathBuf],
    targets: &[(&'static Target, Options)],
    jobs: usize,
    old: &Path,
    new: &Path,
) -> (Vec<TableReport>, Vec<Diagnostic>) {
    let (after, diagnostics) = check_lists_with(files, targets, jobs, None);
    let (before, _) = check_lists_with(files, targets, jobs, Some((new, old)));
    let mut reports = super::report::since(
        &before.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>(),
        &after.into_iter().map(|(r, _)| r).collect::<Vec<_>>(),
    );
    for r in &mut reports {
        let existed = before
            .iter()
            .find(|(b, _)| (&b.file, b.line, &b.table) == (&r.file, r.line, &r.table))
            .map(|(_, defined)| defined);
        let in_old = |f: &Disagreement| {
            existed.is_some_and(|d| f.name.as_ref().is_some_and(|n| d.contains(n)))
        };
        // Missing: new in NEW. Unknown: a name NEW no longer defines (one OLD lacked too
        // is not the change's doing).
        r.findings.retain(|f| match f.kind {
            Kind::Missing => !in_old(f),
            Kind::Unknown => in_old(f),
            _ => true,
        });
    }
    reports.retain(|r| !r.findings.is_empty());
    (reports, diagnostics)
}

/// Reports for the lists (in order) and the lists that could not be read.
pub fn check_lists(
    files: &[PathBuf],
    targets: &[(&'static Target, Options)],
    jobs: usize,
) -> (Vec<TableReport>, Vec<Diagnostic>) {
    let (reports, diagnostics) = check_lists_with(files, targets, jobs, None);
    (reports.into_iter().map(|(r, _)| r).collect(), diagnostics)
}

/// [`check_lists`] reading `substitute`'s second path wherever its first would be read; each
/// report with the names its `#From` headers define on some target.
fn check_lists_with(
    files: &[PathBuf],
    targets: &[(&'static Target, Options)],
    jobs: usize,
    substitute: Option<(&Path, &Path)>,
) -> (Vec<(TableReport, HashSet<String>)>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut lists = Vec::new();
    for f in files {
        match namelist::read_file(f) {
            Ok(l) => lists.push(l),
            Err(e) => diagnostics.push(Diagnostic::error(None, e.to_string())),
        }
    }
    let per_target = crate::jobs::map_ordered(
        targets,
        jobs,
        || (),
        |_, (target, options)| {
            let mut session = Session::new(target, options.clone());
            if let Some((from, to)) = substitute {
                session.sm.substitute(from, to);
            }
            lists
                .iter()
                .map(|l| check_target(l, &mut session))
                .collect::<Vec<_>>()
        },
    );
    let mut reports: Vec<(TableReport, HashSet<String>)> = lists
        .iter()
        .map(|l| (report_of(l), HashSet::new()))
        .collect();
    for ((target, _), results) in targets.iter().zip(per_target) {
        for ((report, defined), result) in reports.iter_mut().zip(results) {
            match result {
                Ok(found) => {
                    defined.extend(found.defined);
                    report.entries = report.entries.max(found.entries);
                    for n in found.notes {
                        report.note_unresolved(n);
                    }
                    for f in found.findings {
                        report.add(f, target.name);
                    }
                    for u in found.unresolved {
                        report.note_unresolved(format!("{}: {u}", target.name));
                    }
                }
                Err(e) => report.note_unresolved(format!("{}: {e}", target.name)),
            }
        }
    }
    for (r, _) in &mut reports {
        r.sort_by_line();
    }
    (reports, diagnostics)
}

fn report_of(list: &NameList) -> TableReport {
    let name = list
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let line = list.items.first().map_or(1, |i| i.line);
    let mut r = TableReport::new(&list.path.display().to_string(), line, &name);
    match list.directives.from.is_empty() {
        true => r.unmatched = Some("no #From header".into()),
        false => {
            let froms: Vec<&str> = list
                .directives
                .from
                .iter()
                .map(|(h, _)| h.as_str())
                .collect();
            r.constants = Some(format!("#From {}", froms.join(" ")));
        }
    }
    r
}

/// What one target found.
struct TargetFindings {
    entries: usize,
    /// What was not read (worded the same for every target).
    notes: Vec<String>,
    findings: Vec<Disagreement>,
    unresolved: Vec<String>,
    /// The names the `#From` headers define.
    defined: Vec<String>,
}

fn check_target(list: &NameList, session: &mut Session) -> Result<TargetFindings, String> {
    if list.directives.from.is_empty() {
        return Ok(TargetFindings {
            entries: 0,
            notes: Vec::new(),
            findings: Vec::new(),
            unresolved: Vec::new(),
            defined: Vec::new(),
        });
    }
    let r = namelist::resolve(list, session, &[]).map_err(|e| e.to_string())?;
    let target = session.target;
    let mut findings = Vec::new();
    let mut unresolved = Vec::new();
    if !list.directives.nocheckval {
        values(&r, target, &mut findings, &mut unresolved);
    }
    if r.from_complete {
        unknown(&r, &mut findings);
        missing(list, &r, &mut findings)?;
    }
    order(list, &r, &mut findings);
    Ok(TargetFindings {
        entries: r.entries.len(),
        notes: r.notes.iter().map(ToString::to_string).collect(),
        findings,
        unresolved,
        defined: r.from_constants.iter().map(|c| c.name.clone()).collect(),
    })
}

fn values(
    r: &Resolved,
    target: &Target,
    out: &mut Vec<Disagreement>,
    unresolved: &mut Vec<String>,
) {
    for e in &r.entries {
        let (Some(h), Some(fallback)) = (&e.fallback_of, &e.fallback_value) else {
            continue;
        };
        let (Ok(hv), Ok(fv)) = (&h.value, fallback) else {
            if let Err(why) = fallback {
                unresolved.push(format!(
                    "line {}: the fallback of {} has no value ({why})",
                    e.line, e.name
                ));
            }
            continue;
        };
        if !c_equal(*hv, *fv, target) {
            out.push(Disagreement {
                name: Some(h.name.clone()),
                value: Some(hv.value),
                has: e.fallback.clone(),
                at: Some(format!("{}:{}", h.file, h.line)),
                line: Some(e.line),
                ..Disagreement::new(Kind::Value)
            });
        }
    }
}

/// C's `a == b`: both converted to their common type (wrapping to its width when it is
/// unsigned).
fn c_equal(a: Value, b: Value, target: &Target) -> bool {
    if a.value == b.value {
        return true;
    }
    if a.ty.signed && b.ty.signed {
        return false;
    }
    let bits = target.int_bits(a.ty.rank).max(target.int_bits(b.ty.rank));
    let mask = if bits >= 128 { !0 } else { (1i128 << bits) - 1 };
    a.value & mask == b.value & mask
}

fn unknown(r: &Resolved, out: &mut Vec<Disagreement>) {
    for e in r.entries.iter().filter(|e| e.header.is_none()) {
        out.push(Disagreement {
            name: Some(e.name.clone()),
            has: e.fallback.clone(),
            line: Some(e.line),
            ..Disagreement::new(Kind::Unknown)
        });
    }
}

fn missing(list: &NameList, r: &Resolved, out: &mut Vec<Disagreement>) -> Result<(), String> {
    let members = Members::new(&list.directives).map_err(|e| e.to_string())?;
    if !members.is_declared() {
        return Ok(());
    }
    let named: HashSet<&str> = list.entries().map(|e| e.name).collect();
    // Names in the list's comments are left out on purpose.
    let commented: HashSet<&str> = list.commented.iter().map(String::as_str).collect();
    let values: HashSet<i128> = r
        .entries
        .iter()
        .filter_map(|e| e.header.as_ref()?.value.as_ref().ok().map(|v| v.value))
        .collect();
    let groups = groups(&r.from_constants);
    let list_groups: HashSet<&Group> = r
        .from_constants
        .iter()
        .zip(&groups)
        .filter(|(c, _)| named.contains(c.name.as_str()))
        .map(|(_, g)| g)
        .collect();
    // A list of options does not lack their argument values (`# define`), and the reverse.
    let levels: HashSet<bool> = r
        .from_constants
        .iter()
        .filter(|c| named.contains(c.name.as_str()))
        .map(|c| c.nested)
        .collect();
    let fields = list_fields(r, &members);
    let mut seen = HashSet::new();
    for (c, g) in r.from_constants.iter().zip(&groups) {
        let Ok(v) = &c.value else { continue };
        if !list_groups.contains(g)
            || !levels.contains(&c.nested)
            || !members.matches(&c.name)
            || named.contains(c.name.as_str())
            || commented.contains(c.name.as_str())
            || extends_an_entry(&c.name, &named)
            || is_sentinel(&c.name)
            || values.contains(&v.value)
            || fields.excludes(&c.name, v.value)
            || c.text.as_deref().is_some_and(is_identifier)
            || !seen.insert(c.name.as_str())
        {
            continue;
        }
        out.push(Disagreement {
            name: Some(c.name.clone()),
            value: Some(v.value),
            at: Some(format!("{}:{}", c.file, c.line)),
            ..Disagreement::new(Kind::Missing)
        });
    }
    Ok(())
}

/// The bit fields the list's entries lie in ([`Fields`]), from their values and the masks
/// of the list's prefix the headers define.
fn list_fields(r: &Resolved, members: &Members) -> Fields {
    let value = |c: &namelist::HeaderConstant| c.value.as_ref().ok().map(|v| v.value);
    let entries: Vec<(&str, i128)> = r
        .entries
        .iter()
        .filter_map(|e| Some((e.name.as_str(), value(e.header.as_ref()?)?)))
        .collect();
    let masks: Vec<(&str, i128)> = r
        .from_constants
        .iter()
        .filter(|c| c.name.ends_with("_MASK") && members.matches(&c.name))
        .filter_map(|c| Some((c.name.as_str(), value(c)?)))
        .collect();
    Fields::new(&entries, &masks)
}

/// Which group of the header a constant belongs to: its enum, split at each sentinel (the
/// opcodes before `IORING_REGISTER_LAST` and the flag after it are two lists), or for a
/// `#define` its paragraph (adjacent lines of `#define`s of one file, a blank or comment
/// line ends it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Group {
    Enum(String, u32),
    Paragraph(String, u32),
}

/// The group of each constant (`constants` in the unit's order).
fn groups(constants: &[namelist::HeaderConstant]) -> Vec<Group> {
    let mut order: Vec<usize> = (0..constants.len()).collect();
    order.sort_by(|&a, &b| {
        (&constants[a].file, constants[a].line).cmp(&(&constants[b].file, constants[b].line))
    });
    let mut out = vec![Group::Paragraph(String::new(), 0); constants.len()];
    let mut prev: Option<(&str, u32)> = None;
    let mut start = 0;
    let mut segments: HashMap<&str, u32> = HashMap::new();
    for i in order {
        let c = &constants[i];
        if let (true, Some(tag)) = (c.is_enum, &c.enum_tag) {
            let segment = segments.entry(tag).or_default();
            out[i] = Group::Enum(tag.clone(), *segment);
            *segment += u32::from(is_sentinel(&c.name));
            continue;
        }
        if prev != Some((c.file.as_str(), c.line.saturating_sub(1)))
            && prev != Some((c.file.as_str(), c.line))
        {
            start = c.line;
        }
        prev = Some((c.file.as_str(), c.line));
        out[i] = Group::Paragraph(c.file.clone(), start);
    }
    out
}

/// `TLS_CIPHER_AES_GCM_128_IV_SIZE` of the entry `TLS_CIPHER_AES_GCM_128`: an attribute of
/// an entry, not a sibling.
fn extends_an_entry(name: &str, named: &HashSet<&str>) -> bool {
    name.match_indices('_')
        .any(|(i, _)| named.contains(&name[..i]))
}

fn is_identifier(s: &str) -> bool {
    let s = s.trim().trim_start_matches('(').trim_end_matches(')');
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn order(list: &NameList, r: &Resolved, out: &mut Vec<Disagreement>) {
    let d = &list.directives;
    if !d.sorted && !d.value_indexed {
        return;
    }
    let valued: Vec<(&namelist::ResolvedEntry, i128)> = r
        .entries
        .iter()
        .filter_map(|e| {
            let header = e.header.as_ref().and_then(|h| h.value.as_ref().ok());
            // An expression's fallback is its leading name's, not its value.
            let fallback = match e.expr {
                None => e.fallback_value.as_ref().and_then(|f| f.as_ref().ok()),
                Some(_) => None,
            };
            Some((e, header.or(fallback)?.value))
        })
        .collect();
    let finding = |e: &namelist::ResolvedEntry, v: i128, why: String| Disagreement {
        name: Some(e.name.clone()),
        value: Some(v),
        has: Some(why),
        line: Some(e.line),
        ..Disagreement::new(Kind::Order)
    };
    if d.value_indexed {
        let mut first: HashMap<i128, &str> = HashMap::new();
        for (e, v) in &valued {
            if *v < 0 {
                out.push(finding(
                    e,
                    *v,
                    "is negative in a #value_indexed list".into(),
                ));
            } else if let Some(other) = first.get(v) {
                out.push(finding(
                    e,
                    *v,
                    format!("has the index of {other} (#value_indexed)"),
                ));
            } else {
                first.insert(*v, &e.name);
            }
        }
    }
    if d.sorted {
        for pair in valued.windows(2) {
            let ((prev, pv), (e, v)) = (pair[0], pair[1]);
            if v <= pv {
                out.push(finding(
                    e,
                    v,
                    format!("comes after {} (= {pv}) in a #sorted list", prev.name),
                ));
            }
        }
    }
}
