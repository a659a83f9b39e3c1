//! A table against its family, for one target: which entries the target has (its `#if`s
//! decided), at which values, and what disagrees.

use super::eval::Exprs;
use super::family::Family;
use super::find::{Entry, FoundTable, Index, Shape, Tok};
use super::known::Known;
use super::report::{Disagreement, Kind, TableReport};
use crate::scan::TokenKind;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A table entry placed at a value for one target.
struct Placed<'e> {
    value: i128,
    entry: &'e Entry,
}

/// Checks `t` against `family` for `target`, adding findings and notes to `report`.
pub fn compare(
    t: &FoundTable,
    family: &Family,
    ex: &mut Exprs,
    target: &str,
    report: &mut TableReport,
) {
    let known = ex.known();
    let offset = t.offset.as_ref().map(|o| ex.value(o));
    let start = offset.clone().and_then(Result::ok).unwrap_or(0);
    let placed = place(t, ex, start, report, target);
    report.entries = report.entries.max(placed.len());
    let offset = match offset {
        Some(Err(e)) => {
            report.note_unresolved(format!("offset: {}", e.0));
            return;
        }
        _ => start,
    };
    let names_mode =
        t.shape == Shape::Array && !designated(t) && names_checked(t, family, known, &placed);
    let by_value = values_of(t, family, ex);
    let at: HashMap<usize, i128> = by_value
        .iter()
        .flat_map(|(&v, ks)| ks.iter().map(move |&k| (k, v)))
        .collect();
    let index_of = |v: i128| (t.shape == Shape::Array).then_some(v - offset);
    // Values the table covers; then holes and missing constants.
    let covered: BTreeMap<i128, bool> = placed
        .iter()
        .map(|p| (p.value, p.entry.text.is_some()))
        .collect();
    let Some((lo, end)) = bounds(t, ex, offset, &covered) else {
        return;
    };
    let mut run = Run::new(names_mode, family, known, &placed, &by_value, &at);
    run.add_continuation(family, known, &at, (lo, end));
    if names_mode {
        for p in &placed {
            let index = index_of(p.value);
            if let Some(why) = no_value(p, family, known) {
                report.note_unresolved(format!("line {}: {why}", p.entry.line));
            }
            if let Some(f) = check_entry(p, &run, family, known, &by_value, &at, index) {
                report.add(f, target);
            }
        }
    }
    let uncovered = by_value
        .iter()
        .filter(|(v, _)| !covered.get(v).copied().unwrap_or(false));
    let mut after = end;
    for (&v, ks) in uncovered {
        let k = ks
            .iter()
            .copied()
            .find(|k| run.continuation.contains(k))
            .unwrap_or(ks[0]);
        let finding = |kind| Disagreement {
            name: Some(known.constants[k].name.clone()),
            value: known.constants[k].value.as_ref().ok().map(|v| v.value),
            index: index_of(v),
            at: Some(known.at(k).to_string()),
            ..Disagreement::new(kind)
        };
        if v >= lo && v < end {
            if run.holds(k) {
                let kind = match t.shape {
                    Shape::Array => Kind::Hole,
                    Shape::Switch => Kind::Missing,
                };
                report.add(finding(kind), target);
            }
        } else if (v >= end && (family.closed || run.continuation.contains(&k)))
            || (v == after && run.continues(k))
        {
            report.add(finding(Kind::Missing), target);
            after = after.max(v + 1);
        } else if v < lo && family.closed && t.shape == Shape::Switch {
            report.add(finding(Kind::Missing), target);
        }
    }
}

/// The family's constants by the value the table holds them at (through the designators'
/// index function, when there is one).
fn values_of(t: &FoundTable, family: &Family, ex: &mut Exprs) -> BTreeMap<i128, Vec<usize>> {
    let known = ex.known();
    // A table indexed by `_IOC_NR(request)` or `ilog2(flag) + 1` holds each constant at
    // that function of its value.
    let map = index_function(t, known);
    let mut by_value: BTreeMap<i128, Vec<usize>> = BTreeMap::new();
    for &k in &family.members {
        if let Ok(v) = &known.constants[k].value {
            let v = match &map {
                Some(f) => match apply_index_function(f, v.value, ex) {
                    Some(v) => v,
                    None => continue,
                },
                None => v.value,
            };
            by_value.entry(v).or_default().push(k);
        }
    }
    by_value
}

/// The values the table spans: an array from its offset to its size (or last entry), a
/// switch from its lowest case to its highest.
fn bounds(
    t: &FoundTable,
    ex: &mut Exprs,
    offset: i128,
    covered: &BTreeMap<i128, bool>,
) -> Option<(i128, i128)> {
    match t.shape {
        Shape::Array => {
            let len = sized_len(t, ex)
                .unwrap_or(0)
                .max(covered.keys().next_back().map_or(0, |v| v - offset + 1));
            Some((offset, offset + len))
        }
        Shape::Switch => match (covered.keys().next(), covered.keys().next_back()) {
            (Some(&a), Some(&b)) => Some((a, b + 1)),
            _ => None,
        },
    }
}

/// How many lines around the table's own constants a `#define` still belongs to its run.
const RUN_SLACK: u32 = 3;

/// Where an open (`#define`) family's constants that the table mirrors are: per file, the
/// lines from its first to its last (a `#define` of the prefix elsewhere in the file,
/// `SCHED_FLAG_*` after `SCHED_*`, is another list). An enum holds every member.
struct Run {
    closed: bool,
    spans: Vec<(crate::source::FileId, u32, u32)>,
    places: Vec<(crate::source::FileId, u32)>,
    /// Constants of the blocks after the list whose values continue its sequence
    /// ([`Run::add_continuation`]).
    continuation: HashSet<usize>,
}

impl Run {
    /// `names`: the entries are names (an entry that names no constant says nothing of
    /// where the list is); otherwise each entry stands for the constant at its value.
    fn new(
        names: bool,
        family: &Family,
        known: &Known,
        placed: &[Placed],
        by_value: &BTreeMap<i128, Vec<usize>>,
        at: &HashMap<usize, i128>,
    ) -> Run {
        let mut spans: Vec<(crate::source::FileId, u32, u32)> = Vec::new();
        for p in placed {
            let named = p
                .entry
                .text
                .as_ref()
                .and_then(|s| known.get(&format!("{}{s}", family.prefix)))
                .map(|(k, _)| k)
                .filter(|k| at.get(k) == Some(&p.value));
            let by_position = || by_value.get(&p.value).map(|ks| ks[0]).filter(|_| !names);
            let Some(k) = named.or_else(by_position) else {
                continue;
            };
            let (file, line) = known.place(k);
            match spans.iter_mut().find(|s| s.0 == file) {
                Some(s) => {
                    s.1 = s.1.min(line);
                    s.2 = s.2.max(line);
                }
                None => spans.push((file, line, line)),
            }
        }
        let places = (0..known.constants.len()).map(|k| known.place(k)).collect();
        Run {
            closed: family.closed,
            spans,
            places,
            continuation: HashSet::new(),
        }
    }

    /// The blocks of the family that follow the list in its file (lines within
    /// [`RUN_SLACK`] of each other, values going up), as long as each block is a sequence (values one
    /// apart) that goes on from the table's last value without more than doubling the
    /// span from the table's start: the "Open File Description Locks" `F_OFD_GETLK` = 36
    /// after `F_GETOWNER_UIDS` = 17, but not `F_OWNER_TID` = 0 after them, nor the flock
    /// bits `F_EXLCK` = 4, `F_SHLCK` = 8 after `F_UNLCK`, nor `SCHED_RESET_ON_FORK` (a
    /// flag) after `SCHED_EXT`.
    fn add_continuation(
        &mut self,
        family: &Family,
        known: &Known,
        at: &HashMap<usize, i128>,
        (lo, end): (i128, i128),
    ) {
        if self.closed {
            return;
        }
        for &(file, _, last) in &self.spans {
            let mut after: Vec<(u32, i128, usize)> = family
                .members
                .iter()
                .filter_map(|&k| {
                    let (f, line) = known.place(k);
                    (f == file && line > last).then_some((line, *at.get(&k)?, k))
                })
                .collect();
            after.sort_unstable();
            let mut top = end - 1;
            let mut i = 0;
            while i < after.len() {
                // One block: lines next to each other (an `#ifndef` group, a blank line),
                // values going up (a value going down starts another list).
                let mut j = i + 1;
                while j < after.len()
                    && after[j].0 <= after[j - 1].0 + RUN_SLACK
                    && after[j].1 > after[j - 1].1
                {
                    j += 1;
                }
                let block = &after[i..j];
                let first = block[0].1;
                let sequence = block.windows(2).all(|w| w[1].1 == w[0].1 + 1);
                if !sequence || first <= top || first - lo > 2 * (top + 1 - lo) {
                    break;
                }
                self.continuation.extend(block.iter().map(|b| b.2));
                top = block[block.len() - 1].1;
                i = j;
            }
        }
    }

    /// Whether constant `k` is part of the list the table mirrors.
    fn holds(&self, k: usize) -> bool {
        let (file, line) = self.places[k];
        self.closed
            || self
                .spans
                .iter()
                .any(|&(f, a, b)| f == file && line + RUN_SLACK >= a && line <= b + RUN_SLACK)
    }

    /// Whether constant `k` continues the list right after its end (and extend it).
    fn continues(&mut self, k: usize) -> bool {
        let (file, line) = self.places[k];
        let Some(s) = self.spans.iter_mut().find(|s| s.0 == file) else {
            return false;
        };
        if line > s.2 && line <= s.2 + RUN_SLACK {
            s.2 = line;
            return true;
        }
        false
    }
}

/// The designators' function of a constant, when it is not the constant itself:
/// `_IOC_NR(X)`, `ilog2(X) + 1` (the first designator naming one known constant, with
/// that name as the placeholder).
fn index_function(t: &FoundTable, known: &Known) -> Option<(Vec<Tok>, usize)> {
    t.entries.iter().find_map(|e| {
        let Index::Expr(x) = &e.index else {
            return None;
        };
        let names: Vec<usize> = (0..x.len())
            .filter(|&i| {
                x[i].kind == TokenKind::Ident
                    && known.get(&x[i].text).is_some_and(|(_, c)| c.value.is_ok())
            })
            .collect();
        match names.as_slice() {
            [i] if x.len() > 1 => Some((x.clone(), *i)),
            _ => None,
        }
    })
}

/// The index function applied to `value`.
fn apply_index_function(f: &(Vec<Tok>, usize), value: i128, ex: &mut Exprs) -> Option<i128> {
    let mut toks = f.0.clone();
    toks[f.1] = Tok {
        kind: TokenKind::Number,
        text: value.to_string(),
        ..toks[f.1].clone()
    };
    ex.value(&toks).ok()
}

/// Whether most entries are designated by a name (`[PERF_RECORD_MMAP] = "MMAP"`): the
/// designator binds each string to its constant, the strings are display text.
fn designated(t: &FoundTable) -> bool {
    let named = t
        .entries
        .iter()
        .filter(
            |e| matches!(&e.index, Index::Expr(x) if x.iter().any(|t| t.kind == TokenKind::Ident)),
        )
        .count();
    named * 2 > t.entries.len()
}

/// A string written like a constant's name (`GETLK`), not a description (`N/A`,
/// `Uncached`, `L2 MHB`): only those are checked against the header's names.
fn name_like(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The array's declared size, when it is a constant (`[PERF_COUNT_HW_MAX]`).
fn sized_len(t: &FoundTable, ex: &mut Exprs) -> Option<i128> {
    ex.value(t.size.as_ref()?).ok()
}

/// Whether the entries are the constants' names (minus the prefix), not descriptions: a
/// prefix was given, or at least half of them name a constant.
fn names_checked(t: &FoundTable, family: &Family, known: &Known, placed: &[Placed]) -> bool {
    if t.prefix.is_some() {
        return true;
    }
    let texts: Vec<&str> = placed
        .iter()
        .filter_map(|p| p.entry.text.as_deref())
        .collect();
    let hits = texts
        .iter()
        .filter(|s| known.get(&format!("{}{s}", family.prefix)).is_some() || known.get(s).is_some())
        .count();
    !texts.is_empty() && hits * 2 >= texts.len()
}

/// The name check of one entry: right when it names the constant the table holds at its
/// place; else `wrong` with the constant there (or the constant one edit away from its
/// string: `TIOCGRS48` for `TIOCGRS485`), else `extra`.
fn check_entry(
    p: &Placed,
    run: &Run,
    family: &Family,
    known: &Known,
    by_value: &BTreeMap<i128, Vec<usize>>,
    at: &HashMap<usize, i128>,
    index: Option<i128>,
) -> Option<Disagreement> {
    let text = p.entry.text.as_deref().filter(|s| name_like(s))?;
    let name = if known.get(text).is_some() && !text.starts_with(&family.prefix) {
        text.to_string()
    } else {
        format!("{}{text}", family.prefix)
    };
    let at_value = by_value
        .get(&p.value)
        .and_then(|ks| ks.iter().copied().find(|&k| run.holds(k)));
    let named = known.get(&name).map(|(k, _)| k);
    if named.is_some_and(|k| {
        at.get(&k) == Some(&p.value) || (at.get(&k).is_none() && same_value(known, k, p.value))
    }) {
        return None;
    }
    let with = |kind, k: usize| Disagreement {
        name: Some(known.constants[k].name.clone()),
        value: known.constants[k].value.as_ref().ok().map(|v| v.value),
        index,
        has: Some(text.to_string()),
        at: Some(known.at(k).to_string()),
        ..Disagreement::new(kind)
    };
    if let Some(k) = at_value {
        return Some(with(Kind::Wrong, k));
    }
    if let Some((k, c)) = known.get(&name)
        && c.value.is_ok()
    {
        return Some(with(Kind::Wrong, k));
    }
    if known.is_inactive(&name) || known.get(&name).is_some() {
        // Another configuration has it, or the header has it without a value here.
        return None;
    }
    if let Some(k) = one_edit_away(&name, family, known) {
        return Some(with(Kind::Wrong, k));
    }
    Some(Disagreement {
        name: Some(name),
        index,
        has: Some(text.to_string()),
        value: Some(p.value),
        ..Disagreement::new(Kind::Extra)
    })
}

/// Why the constant an entry names has no value for this target (`TCGETS2`: its size
/// needs `struct termios2`, which the header does not define), if it has none.
fn no_value(p: &Placed, family: &Family, known: &Known) -> Option<String> {
    let text = p.entry.text.as_deref().filter(|s| name_like(s))?;
    let (_, c) = known
        .get(&format!("{}{text}", family.prefix))
        .or_else(|| known.get(text))?;
    let why = c.value.as_ref().err()?;
    Some(format!("{}: {}", c.name, why.error))
}

/// Constant `k`'s own value is `value`.
fn same_value(known: &Known, k: usize, value: i128) -> bool {
    known.constants[k]
        .value
        .as_ref()
        .is_ok_and(|v| v.value == value)
}

/// The one member of the family whose name is one edit from `name` (a typo), if exactly
/// one is.
fn one_edit_away(name: &str, family: &Family, known: &Known) -> Option<usize> {
    let names: Vec<&str> = family
        .members
        .iter()
        .map(|&k| known.constants[k].name.as_str())
        .collect();
    let close: Vec<&str> = crate::near::near_matches(name, &names)
        .into_iter()
        .filter(|n| crate::near::edit_distance(name, n) == 1)
        .collect();
    match close.as_slice() {
        [one] => known.get(one).map(|(k, _)| k),
        _ => None,
    }
}

/// The entries present for this target, at their values (`#if`s decided with the
/// target's macros; designators and labels evaluated). What cannot be decided is noted.
fn place<'e>(
    t: &'e FoundTable,
    ex: &mut Exprs,
    offset: i128,
    report: &mut TableReport,
    target: &str,
) -> Vec<Placed<'e>> {
    let known = ex.known();
    let mut out = Vec::new();
    let mut next = offset;
    for e in &t.entries {
        if !present(e, ex, report) {
            continue;
        }
        let value = match &e.index {
            Index::Next => next,
            Index::Expr(x) => match ex.value(x) {
                Ok(v) if t.shape == Shape::Array => v + offset,
                Ok(v) => v,
                Err(err) => {
                    if t.shape == Shape::Switch && !known.defined(&err.0) {
                        // A case for a constant this target lacks: an extra case, unless an
                        // #if guards it or another configuration defines it.
                        if e.conds.is_empty()
                            && !known.is_inactive(&err.0)
                            && known.get(&err.0).is_none()
                        {
                            report.add(
                                Disagreement {
                                    name: Some(err.0.clone()),
                                    has: e.text.clone(),
                                    ..Disagreement::new(Kind::Extra)
                                },
                                target,
                            );
                        }
                    } else {
                        report.note_unresolved(format!("line {}: {}", e.line, err.0));
                    }
                    continue;
                }
            },
        };
        next = value + 1;
        out.push(Placed { value, entry: e });
    }
    out
}

/// Whether the entry's `#if`s hold for the target (undecidable: kept, and noted).
fn present(e: &Entry, ex: &mut Exprs, report: &mut TableReport) -> bool {
    e.conds.iter().all(|c| match ex.condition(&c.expr) {
        Ok(v) => v != c.negated,
        Err(err) => {
            report.note_unresolved(format!("line {}: #if {}", e.line, err.0));
            true
        }
    })
}
