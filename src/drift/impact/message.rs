//! The commit message draft of `check-headers --sync` (`templates/impact/message.txt`), in
//! the style of the kernel's header syncs: `tools headers: Sync linux/kvm.h with the kernel
//! sources`, which tables change (or that none does: "this just rebuilds perf"), each copy's
//! verdict with what changed and what it means for the tables, and the build warning the
//! sync addresses.

use super::text::{hand_lines, near_lines, table_lines};
use super::{ConstantChange, CopyImpact, Verdict};
use crate::drift::semantic::ChangeKind;
use askama::Template;
use std::path::Path;

#[derive(Template)]
#[template(path = "impact/message.txt")]
struct Message {
    what: String,
    /// One line per table that moves, hand-kept table that goes stale, near miss.
    moves: Vec<String>,
    copies: Vec<Copy>,
    /// The tree has `tools/include/uapi/README` (why the copies exist).
    readme: bool,
}

struct Copy {
    name: String,
    copy: String,
    original: String,
    verdict: &'static str,
    lines: Vec<String>,
}

/// The draft for syncing `copies` (in the check's order) in the tree at `root`.
pub fn message(copies: &[CopyImpact], root: &Path) -> String {
    Message {
        what: what(copies),
        moves: copies.iter().flat_map(moves).collect(),
        copies: copies
            .iter()
            .map(|c| Copy {
                name: short_name(&c.original),
                copy: c.copy.clone(),
                original: c.original.clone(),
                verdict: c.verdict.as_str(),
                lines: lines(c),
            })
            .collect(),
        readme: root.join("tools/include/uapi/README").is_file(),
    }
    .render()
    .expect("the template only writes strings")
}

/// How perf's maintainers name a copy: by its include path (`linux/kvm.h`), with its
/// architecture (`x86's asm/kvm.h`, `x86's syscall_64.tbl`), else by its path.
pub fn short_name(original: &str) -> String {
    let (arch, rest) = match original
        .strip_prefix("arch/")
        .and_then(|r| r.split_once('/'))
    {
        Some((arch, rest)) => (Some(arch), rest),
        None => (None, original),
    };
    let included = ["include/uapi/", "include/"].iter().find_map(|p| {
        rest.strip_prefix(p)
            .or_else(|| rest.split_once(&format!("/{p}")).map(|(_, r)| r))
    });
    let file = rest.rsplit('/').next().unwrap_or(rest);
    match (arch, included) {
        (Some(a), Some(i)) => format!("{a}'s {i}"),
        (Some(a), None) => format!("{a}'s {file}"),
        (None, Some(i)) => i.to_string(),
        (None, None) => original.to_string(),
    }
}

/// The subject's `<what>`: one name, two or three joined, `kvm headers` for copies of one
/// file name, else how many.
fn what(copies: &[CopyImpact]) -> String {
    let names: Vec<String> = copies.iter().map(|c| short_name(&c.original)).collect();
    let files: Vec<&str> = copies
        .iter()
        .map(|c| c.original.rsplit('/').next().unwrap_or(&c.original))
        .collect();
    let headers = files.iter().all(|f| f.ends_with(".h"));
    match names.as_slice() {
        [one] => one.clone(),
        _ if headers && files.iter().all(|f| *f == files[0]) => {
            format!("{} headers", files[0].trim_end_matches(".h"))
        }
        [init @ .., last] if names.len() <= 3 => format!("{} and {last}", init.join(", ")),
        _ if headers => format!("{} headers", names.len()),
        _ => format!("{} copies", names.len()),
    }
}

/// The head's lines for one copy: its tables that move, hand-kept tables that go stale,
/// near misses.
fn moves(c: &CopyImpact) -> Vec<String> {
    let mut out = vec![];
    for t in &c.tables {
        out.push(match &t.error {
            Some(_) => format!(
                "  {}: {}: cannot be built from the original",
                t.file, t.table
            ),
            None => format!("  {}: {}: {}", t.file, t.table, counts(t)),
        });
    }
    for h in &c.hand_tables {
        out.push(format!(
            "  {}:{}: {} goes stale: edit it",
            h.file, h.line, h.table
        ));
    }
    for n in &c.near_misses {
        out.push(format!(
            "  {}: {}: near miss {}: look at its pattern",
            n.file, n.table, n.name
        ));
    }
    out
}

/// `1 entry added`, `3 entries: 2 added, 1 removed`.
fn counts(t: &super::TableMove) -> String {
    let parts: Vec<(usize, &str)> = [
        (t.added.len(), "added"),
        (t.removed.len(), "removed"),
        (t.changed.len(), "changed"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .collect();
    let entries = |n: usize| match n {
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    };
    match parts.as_slice() {
        [] => "its shape changes".into(),
        [(n, what)] => format!("{} {what}", entries(*n)),
        _ => {
            let total = parts.iter().map(|(n, _)| n).sum();
            let each: Vec<String> = parts.iter().map(|(n, w)| format!("{n} {w}")).collect();
            format!("{}: {}", entries(total), each.join(", "))
        }
    }
}

/// What the copy's sync changes and means for the tables.
fn lines(c: &CopyImpact) -> Vec<String> {
    let mut out = vec![];
    match c.verdict {
        Verdict::NoConstantChanged => out.extend([
            "  No constant changes (comments, layout, function-like macros, struct".into(),
            "  members): no table sees it.".into(),
        ]),
        Verdict::NotAHeader => {
            out.push("  Not read as a C header: no table is built from it.".into())
        }
        Verdict::ConstantsChanged => {
            out.push(format!(
                "  {}, in no table perf generates or keeps by hand:",
                constants(&c.constants)
            ));
            out.extend(c.constants.iter().map(constant_line));
        }
        Verdict::TablesChanged => {
            if !c.constants.is_empty() {
                out.push(format!("  {}:", constants(&c.constants)));
                out.extend(c.constants.iter().map(constant_line));
            }
            let only_added = c
                .tables
                .iter()
                .all(|t| t.error.is_none() && t.removed.is_empty() && t.changed.is_empty());
            let sections = [
                (
                    match only_added {
                        true => "Now 'perf trace' will decode:",
                        false => "What 'perf trace' decodes changes:",
                    },
                    table_lines(c),
                ),
                ("Hand-kept tables to edit:", hand_lines(c)),
                (
                    "Near misses to look at (a table's pattern misses them):",
                    near_lines(c),
                ),
            ];
            for (title, lines) in sections.into_iter().filter(|(_, l)| !l.is_empty()) {
                out.push(format!("  {title}"));
                out.extend(lines.into_iter().map(|l| format!("  {l}")));
            }
        }
    }
    out
}

/// `1 constant added`, `3 constants changed`…
fn constants(cs: &[ConstantChange]) -> String {
    let n = cs.len();
    let noun = if n == 1 { "constant" } else { "constants" };
    let kinds: Vec<ChangeKind> = cs.iter().map(|c| c.change).collect();
    let how = match kinds.first() {
        Some(k) if kinds.iter().all(|x| x == k) => match k {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        },
        _ => "added, removed or changed",
    };
    format!("{n} {noun} {how}")
}

/// `    + NAME = VALUE`, `    - NAME = VALUE`, `    ~ NAME = OLD → NEW`.
fn constant_line(c: &ConstantChange) -> String {
    let value =
        |v: &Option<super::Shown>| v.as_ref().map(|v| format!(" = {v}")).unwrap_or_default();
    match c.change {
        ChangeKind::Added => format!("    + {}{}", c.name, value(&c.new)),
        ChangeKind::Removed => format!("    - {}{}", c.name, value(&c.old)),
        ChangeKind::Changed => {
            let show = |v: &Option<super::Shown>| {
                v.as_ref()
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "?".into())
            };
            format!("    ~ {} = {} → {}", c.name, show(&c.old), show(&c.new))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_named_as_perf_maintainers_name_them() {
        for (original, name) in [
            ("include/uapi/linux/kvm.h", "linux/kvm.h"),
            ("include/linux/bits.h", "linux/bits.h"),
            ("arch/x86/include/uapi/asm/kvm.h", "x86's asm/kvm.h"),
            ("arch/x86/include/asm/msr-index.h", "x86's asm/msr-index.h"),
            (
                "arch/x86/entry/syscalls/syscall_64.tbl",
                "x86's syscall_64.tbl",
            ),
            ("lib/list_sort.c", "lib/list_sort.c"),
            ("tools/lib/bpf/hashmap.h", "tools/lib/bpf/hashmap.h"),
        ] {
            assert_eq!(short_name(original), name);
        }
    }

    fn copy(original: &str) -> CopyImpact {
        CopyImpact::new(format!("tools/{original}"), original.to_string())
    }

    #[test]
    fn the_subject_names_one_two_or_three_copies_else_counts_them() {
        let kvm = copy("include/uapi/linux/kvm.h");
        let x86 = copy("arch/x86/include/uapi/asm/kvm.h");
        let fcntl = copy("include/uapi/linux/fcntl.h");
        let tbl = copy("arch/x86/entry/syscalls/syscall_64.tbl");
        assert_eq!(what(std::slice::from_ref(&kvm)), "linux/kvm.h");
        assert_eq!(what(&[kvm.clone(), x86.clone()]), "kvm headers");
        assert_eq!(
            what(&[kvm.clone(), fcntl.clone(), tbl.clone()]),
            "linux/kvm.h, linux/fcntl.h and x86's syscall_64.tbl"
        );
        let bits = copy("include/linux/bits.h");
        assert_eq!(what(&[kvm.clone(), x86, fcntl.clone(), bits]), "4 headers");
        assert_eq!(
            what(&[kvm.clone(), fcntl.clone(), tbl.clone(), kvm]),
            "4 copies"
        );
    }
}
