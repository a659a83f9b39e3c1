//! Which generated tables a drift moves: a manifest's tables built against the old headers
//! and against the new ones, compared entry by entry.

use crate::generate::Output;
use crate::select::{Entry, Shape, Table};
use std::collections::HashMap;
use std::fmt::Write as _;

/// One table of the manifest (file and table name) and what became of it.
#[derive(Debug, serde::Serialize)]
pub struct TableDiff {
    pub file: String,
    pub table: String,
    #[serde(flatten)]
    pub outcome: TableOutcome,
}

#[derive(Debug, serde::Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum TableOutcome {
    /// Built on both sides; `changes` empty when its entries are the same.
    Compared {
        changes: Vec<EntryChange>,
        /// `auto` chose another shape (array ↔ switch).
        #[serde(skip_serializing_if = "Option::is_none")]
        shape: Option<(Shape, Shape)>,
    },
    /// The manifest makes this table on one side only (an `each` glob matched otherwise).
    OnlyOld,
    OnlyNew,
}

/// How one entry moved. Entries pair by C name (k-th with k-th); left-over entries of both
/// sides with the same value are a rename.
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "change", rename_all = "lowercase")]
pub enum EntryChange {
    Added {
        new: Entry,
    },
    Removed {
        old: Entry,
    },
    /// Same name, another value.
    Renumbered {
        old: Entry,
        new: Entry,
    },
    /// Same value, another name or displayed string.
    Renamed {
        old: Entry,
        new: Entry,
    },
}

impl TableDiff {
    pub fn changed(&self) -> bool {
        match &self.outcome {
            TableOutcome::Compared { changes, shape } => !changes.is_empty() || shape.is_some(),
            TableOutcome::OnlyOld | TableOutcome::OnlyNew => true,
        }
    }
}

/// Every table of `old` and `new` (two builds of one manifest), in the manifest's order.
pub fn diff_tables(old: &[Output], new: &[Output]) -> Vec<TableDiff> {
    let key = |o: &Output, t: &Table| (o.path.clone(), t.name.clone());
    let all = |outs: &[Output]| -> Vec<((String, String), Table)> {
        outs.iter()
            .flat_map(|o| o.tables.iter().map(move |t| (key(o, t), t.clone())))
            .collect()
    };
    let (old, new) = (all(old), all(new));
    let new_by_key: HashMap<&(String, String), &Table> = new.iter().map(|(k, t)| (k, t)).collect();
    let mut out: Vec<TableDiff> = old
        .iter()
        .map(|(k, o)| TableDiff {
            file: k.0.clone(),
            table: k.1.clone(),
            outcome: match new_by_key.get(k) {
                Some(n) => compare(o, n),
                None => TableOutcome::OnlyOld,
            },
        })
        .collect();
    let old_keys: Vec<&(String, String)> = old.iter().map(|(k, _)| k).collect();
    out.extend(
        new.iter()
            .filter(|(k, _)| !old_keys.contains(&k))
            .map(|(k, _)| TableDiff {
                file: k.0.clone(),
                table: k.1.clone(),
                outcome: TableOutcome::OnlyNew,
            }),
    );
    out
}

fn compare(old: &Table, new: &Table) -> TableOutcome {
    let shape = (old.shape != new.shape).then_some((old.shape, new.shape));
    TableOutcome::Compared {
        changes: entry_changes(&old.entries, &new.entries),
        shape,
    }
}

/// The entry changes, in the new table's order (removed entries where they were).
pub fn entry_changes(old: &[Entry], new: &[Entry]) -> Vec<EntryChange> {
    // Pair by name, k-th with k-th (a repeat table may list a name twice).
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in new.iter().enumerate().rev() {
        by_name.entry(&e.name).or_default().push(i);
    }
    let mut new_of_old: Vec<Option<usize>> = old
        .iter()
        .map(|e| by_name.get_mut(e.name.as_str()).and_then(Vec::pop))
        .collect();
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    for (o, n) in new_of_old.iter().enumerate() {
        if let Some(n) = n {
            old_of_new[*n] = Some(o);
        }
    }
    // Left-overs with the same value: renamed (k-th with k-th again).
    let mut renamed = vec![false; new.len()];
    for o in 0..old.len() {
        if new_of_old[o].is_some() {
            continue;
        }
        let same =
            (0..new.len()).find(|&n| old_of_new[n].is_none() && new[n].value == old[o].value);
        if let Some(n) = same {
            new_of_old[o] = Some(n);
            old_of_new[n] = Some(o);
            renamed[n] = true;
        }
    }
    // (position in the new table, tie-break, change)
    let mut out: Vec<(usize, usize, EntryChange)> = Vec::new();
    for (n, e) in new.iter().enumerate() {
        let change = match old_of_new[n].map(|o| &old[o]) {
            None => Some(EntryChange::Added { new: e.clone() }),
            Some(o) if renamed[n] || o.display != e.display => Some(EntryChange::Renamed {
                old: o.clone(),
                new: e.clone(),
            }),
            Some(o) if o.value != e.value => Some(EntryChange::Renumbered {
                old: o.clone(),
                new: e.clone(),
            }),
            Some(_) => None,
        };
        if let Some(c) = change {
            out.push((n + 1, 0, c));
        }
    }
    let mut anchor = 0;
    for (o, e) in old.iter().enumerate() {
        match new_of_old[o] {
            Some(n) => anchor = n + 1,
            None => out.push((anchor, o + 1, EntryChange::Removed { old: e.clone() })),
        }
    }
    out.sort_by_key(|&(pos, tie, _)| (pos, tie));
    out.into_iter().map(|(_, _, c)| c).collect()
}

/// The text report: one block per table that changed, then how many did not.
pub fn text(diffs: &[TableDiff], manifest: &str) -> String {
    let mut out = format!("tables of {manifest}:\n");
    for d in diffs.iter().filter(|d| d.changed()) {
        let head = format!("  {}: table {}", d.file, d.table);
        let _ = match &d.outcome {
            TableOutcome::OnlyOld => writeln!(out, "{head}: only built from the old headers"),
            TableOutcome::OnlyNew => writeln!(out, "{head}: only built from the new headers"),
            TableOutcome::Compared { changes, shape } => {
                let _ = writeln!(out, "{head}: {}", summary(changes));
                if let Some((a, b)) = shape {
                    let _ = writeln!(
                        out,
                        "    shape {} → {}",
                        format!("{a:?}").to_lowercase(),
                        format!("{b:?}").to_lowercase()
                    );
                }
                for c in changes {
                    let _ = writeln!(out, "    {}", change_line(c));
                }
                Ok(())
            }
        };
    }
    let same = diffs.iter().filter(|d| !d.changed()).count();
    let _ = match (same, diffs.len()) {
        (0, 0) => writeln!(out, "  the manifest has no table"),
        (0, _) => Ok(()),
        (n, t) if n == t => writeln!(out, "  no table changed ({t} tables)"),
        (n, _) => writeln!(out, "  {n} other tables unchanged"),
    };
    out
}

/// `1 added, 2 renumbered`.
fn summary(changes: &[EntryChange]) -> String {
    let mut counts = [0usize; 4];
    for c in changes {
        counts[match c {
            EntryChange::Added { .. } => 0,
            EntryChange::Removed { .. } => 1,
            EntryChange::Renumbered { .. } => 2,
            EntryChange::Renamed { .. } => 3,
        }] += 1;
    }
    let words = ["added", "removed", "renumbered", "renamed"];
    let parts: Vec<String> = counts
        .iter()
        .zip(words)
        .filter(|(n, _)| **n > 0)
        .enumerate()
        .map(|(i, (n, w))| match (i, n) {
            (0, 1) => format!("1 entry {w}"),
            (0, _) => format!("{n} entries {w}"),
            _ => format!("{n} {w}"),
        })
        .collect();
    match parts.is_empty() {
        true => "entries unchanged".into(),
        false => parts.join(", "),
    }
}

fn at(e: &Entry) -> String {
    format!("{}:{}", e.file, e.line)
}

/// ` "DISPLAY"` when the table shows something else than the C name.
fn shown(e: &Entry) -> String {
    match e.display == e.name {
        true => String::new(),
        false => format!(" \"{}\"", e.display),
    }
}

pub(super) fn change_line(c: &EntryChange) -> String {
    match c {
        EntryChange::Added { new } => {
            format!(
                "+ {} = {}{}  at {}",
                new.name,
                new.value,
                shown(new),
                at(new)
            )
        }
        EntryChange::Removed { old } => {
            format!(
                "- {} = {}{}  at {}",
                old.name,
                old.value,
                shown(old),
                at(old)
            )
        }
        EntryChange::Renumbered { old, new } => format!(
            "~ {} = {} → {}{}  at {}, {}",
            new.name,
            old.value,
            new.value,
            shown(new),
            at(old),
            at(new)
        ),
        EntryChange::Renamed { old, new } => {
            let name = match old.name == new.name {
                true => new.name.clone(),
                false => format!("{} → {}", old.name, new.name),
            };
            let display = match old.display == new.display {
                true => shown(new),
                false => format!(" \"{}\" → \"{}\"", old.display, new.display),
            };
            format!(
                "~ {name} = {}{display}  at {}, {}",
                new.value,
                at(old),
                at(new)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(name: &str, value: i128) -> Entry {
        Entry {
            value,
            name: name.into(),
            display: name.trim_start_matches("X_").into(),
            file: "x.h".into(),
            line: 1,
            text: None,
        }
    }

    fn kinds(c: &[EntryChange]) -> Vec<String> {
        c.iter()
            .map(|c| match c {
                EntryChange::Added { new } => format!("+{}", new.name),
                EntryChange::Removed { old } => format!("-{}", old.name),
                EntryChange::Renumbered { old, new } => {
                    format!("~{}:{}>{}", new.name, old.value, new.value)
                }
                EntryChange::Renamed { old, new } => format!("{}>{}", old.name, new.name),
            })
            .collect()
    }

    #[test]
    fn added_removed_renumbered_renamed_in_table_order() {
        let old = [e("X_A", 0), e("X_GONE", 1), e("X_B", 2), e("X_OLD", 5)];
        let new = [e("X_A", 0), e("X_B", 3), e("X_NEW", 5), e("X_C", 6)];
        assert_eq!(
            kinds(&entry_changes(&old, &new)),
            ["-X_GONE", "~X_B:2>3", "X_OLD>X_NEW", "+X_C"]
        );
        assert!(entry_changes(&new, &new).is_empty());
        let mut shown = e("X_A", 0);
        shown.display = "a".into();
        assert_eq!(kinds(&entry_changes(&[e("X_A", 0)], &[shown])), ["X_A>X_A"]);
    }

    #[test]
    fn repeated_names_pair_in_order() {
        let old = [e("X_A", 1), e("X_A", 1)];
        let new = [e("X_A", 1), e("X_A", 1), e("X_A", 2)];
        assert_eq!(kinds(&entry_changes(&old, &new)), ["+X_A"]);
    }
}
