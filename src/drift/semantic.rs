//! The semantic diff of two headers: which constants were added, removed or changed value.
//! Constants are matched by name (the k-th one of a name with the k-th one on the other
//! side), so comments, whitespace and reordering never show.

use crate::constant::Constant;
use crate::scan;
use crate::source::SourceMap;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One difference: indices into the old and new constant lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub old: Option<usize>,
    pub new: Option<usize>,
}

/// The changes from `old` to `new`, in the new header's order, each removed constant after
/// the last constant before it that survived.
pub fn diff_constants(old: &[Constant], new: &[Constant]) -> Vec<Change> {
    let matched = match_by_name(old, new);
    let mut new_of_old: Vec<Option<usize>> = vec![None; old.len()];
    for &(o, n) in &matched {
        new_of_old[o] = Some(n);
    }
    // (position in the new header, tie-break, change)
    let mut out: Vec<(usize, usize, Change)> = Vec::new();
    for &(o, n) in &matched {
        if !same(&old[o], &new[n]) {
            out.push((
                n + 1,
                0,
                Change {
                    kind: ChangeKind::Changed,
                    old: Some(o),
                    new: Some(n),
                },
            ));
        }
    }
    let old_matched: Vec<bool> = new_of_old.iter().map(Option::is_some).collect();
    let mut new_matched = vec![false; new.len()];
    for &(_, n) in &matched {
        new_matched[n] = true;
    }
    for (n, _) in new.iter().enumerate().filter(|&(n, _)| !new_matched[n]) {
        out.push((
            n + 1,
            0,
            Change {
                kind: ChangeKind::Added,
                old: None,
                new: Some(n),
            },
        ));
    }
    let mut anchor = 0;
    for (o, _) in old.iter().enumerate() {
        match new_of_old[o] {
            Some(n) => anchor = n + 1,
            None if !old_matched[o] => out.push((
                anchor,
                o + 1,
                Change {
                    kind: ChangeKind::Removed,
                    old: Some(o),
                    new: None,
                },
            )),
            None => {}
        }
    }
    out.sort_by_key(|&(pos, tie, _)| (pos, tie));
    out.into_iter().map(|(_, _, c)| c).collect()
}

/// Pairs (old index, new index) of constants with the same name, k-th with k-th.
fn match_by_name(old: &[Constant], new: &[Constant]) -> Vec<(usize, usize)> {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in new.iter().enumerate().rev() {
        by_name.entry(&c.name).or_default().push(i);
    }
    old.iter()
        .enumerate()
        .filter_map(|(o, c)| {
            by_name
                .get_mut(c.name.as_str())
                .and_then(Vec::pop)
                .map(|n| (o, n))
        })
        .collect()
}

/// Whether two constants of the same name mean the same: same kind, enum, value and type;
/// for constants without a value, the same reason and the same tokens.
fn same(a: &Constant, b: &Constant) -> bool {
    let words = |t: &Option<String>| t.as_deref().map(tokens);
    a.kind == b.kind
        && a.enum_tag == b.enum_tag
        && match (&a.value, &b.value) {
            (Ok(x), Ok(y)) => x == y,
            (Err(x), Err(y)) => x.error == y.error && words(&a.text) == words(&b.text),
            _ => false,
        }
}

/// The token spellings of a replacement text: `(1<<(n))` and `(1 << (n))` are the same.
pub fn tokens(text: &str) -> Vec<String> {
    let mut sm = SourceMap::new();
    let file = sm.add_virtual("<replacement text>", text.to_string());
    match scan::scan(file, &sm.file(file).text) {
        Ok(toks) => toks
            .iter()
            .map(|t| scan::spelling(&sm, t).into_owned())
            .collect(),
        // An unterminated comment cannot be in a macro body; compare words then.
        Err(_) => text.split_whitespace().map(str::to_string).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constant::{ConstKind, Skipped};
    use crate::ctype::IntType;
    use crate::evaluate::{EvalError, Value};
    use crate::source::{FileId, Loc};

    fn c(name: &str, value: i128) -> Constant {
        Constant {
            name: name.into(),
            kind: ConstKind::Define,
            loc: Loc {
                file: FileId(0),
                offset: 0,
            },
            text: Some(value.to_string()),
            enum_tag: None,
            value: Ok(Value {
                value,
                ty: IntType::INT,
            }),
        }
    }

    fn kinds(changes: &[Change]) -> Vec<(ChangeKind, Option<usize>, Option<usize>)> {
        changes.iter().map(|c| (c.kind, c.old, c.new)).collect()
    }

    #[test]
    fn reordering_is_not_a_change() {
        let old = [c("A", 1), c("B", 2)];
        let new = [c("B", 2), c("A", 1)];
        assert!(diff_constants(&old, &new).is_empty());
    }

    #[test]
    fn added_removed_and_changed_in_order() {
        let old = [c("A", 1), c("GONE", 5), c("B", 2)];
        let new = [c("A", 1), c("NEW", 3), c("B", 4)];
        assert_eq!(
            kinds(&diff_constants(&old, &new)),
            [
                (ChangeKind::Removed, Some(1), None),
                (ChangeKind::Added, None, Some(1)),
                (ChangeKind::Changed, Some(2), Some(2)),
            ]
        );
    }

    #[test]
    fn type_enum_and_skip_reason_count() {
        let mut wide = c("A", 1);
        wide.value = Ok(Value {
            value: 1,
            ty: IntType::ULONG,
        });
        assert_eq!(diff_constants(&[c("A", 1)], &[wide]).len(), 1);
        let mut tagged = c("A", 1);
        tagged.enum_tag = Some("e".into());
        assert_eq!(diff_constants(&[c("A", 1)], &[tagged]).len(), 1);
        let skipped = |text: &str| Constant {
            text: Some(text.into()),
            value: Err(Skipped {
                error: EvalError::NotInteger("function-like macro".into()),
                loc: None,
            }),
            ..c("F", 0)
        };
        assert!(diff_constants(&[skipped("((x) + 1)")], &[skipped("((x)+\t1)")]).is_empty());
        assert_eq!(
            diff_constants(&[skipped("a + +b")], &[skipped("a ++b")]).len(),
            1
        );
        assert_eq!(
            diff_constants(&[skipped("((x) + 1)")], &[skipped("((x) + 2)")]).len(),
            1
        );
    }

    #[test]
    fn duplicate_names_pair_in_order() {
        let old = [c("A", 1), c("A", 2)];
        let new = [c("A", 1), c("A", 3), c("A", 4)];
        assert_eq!(
            kinds(&diff_constants(&old, &new)),
            [
                (ChangeKind::Changed, Some(1), Some(1)),
                (ChangeKind::Added, None, Some(2))
            ]
        );
    }
}
