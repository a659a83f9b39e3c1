//! Names close to a name: for "did you mean" hints (an unknown tag, a misspelt key) and
//! for lint's typos (a table's `TIOCGRS48` is the header's `TIOCGRS485`). A leaf: it
//! imports nothing of the crate.

/// Tags within a small edit distance of `tag`, or containing it (or contained in it, when
/// at least half as long: not `K` for `SIGKIL`), closest first.
pub fn near_matches<'t>(tag: &str, tags: &[&'t str]) -> Vec<&'t str> {
    let limit = (tag.len() / 3).max(2);
    let contains = |t: &str| t.contains(tag) || (2 * t.len() >= tag.len() && tag.contains(t));
    // The length difference is a lower bound of the distance: most tags need no more.
    let mut scored: Vec<(usize, &str)> = tags
        .iter()
        .filter(|t| t.len().abs_diff(tag.len()) <= limit || contains(t))
        .map(|t| (edit_distance(tag, t), *t))
        .filter(|(d, t)| *d <= limit || contains(t))
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, t)| t).collect()
}

/// Levenshtein distance (insertions, deletions, substitutions of characters).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_matches_by_distance_and_containment() {
        let tags = [
            "bpf_attach_type",
            "bpf_cmd",
            "bpf_map_type",
            "bpf_prog_type",
        ];
        assert_eq!(near_matches("bpf_cmds", &tags), vec!["bpf_cmd"]);
        assert_eq!(near_matches("prog_type", &tags), vec!["bpf_prog_type"]);
        assert!(near_matches("zzz", &tags).is_empty());
        // A name contained in the tag counts only when it is not much shorter.
        let names = ["SIGKILL", "K", "SIGIO", "SIGKILLS_ALL"];
        assert_eq!(
            near_matches("SIGKIL", &names),
            vec!["SIGKILL", "SIGIO", "SIGKILLS_ALL"]
        );
    }

    #[test]
    fn edit_distance_counts_one_edit_for_a_dropped_character() {
        assert_eq!(edit_distance("TIOCGRS48", "TIOCGRS485"), 1);
        assert_eq!(edit_distance("GETLK", "SETLK"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }
}
