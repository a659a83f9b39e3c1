//! The `perf-syscalltbl` preset (perf 6.15+'s `trace/beauty/generated/syscalltbl.c`): on
//! Linux 6.12's tables laid out as perf 6.15 keeps its copies, byte-identical to the golden
//! file perf's script made from them (`tests/fixtures/perf-syscalltbl/`); on edited tables,
//! to `tests/perf/syscalltbl-6.15-reference.sh` (the script's shell pipeline, itself checked
//! against the golden first). A tree without the copies is an error naming them.

mod common;

use common::kernel_tree;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The file the preset writes, under --out-dir.
const OUT: &str = "trace/beauty/generated/syscalltbl.c";

/// perf 6.15's copies (under the tree) ← the originals of a 6.12 tree. 6.12 has no
/// `arch/arm64/tools/syscall_64.tbl` (arm64 reads the generic table then): the golden's arm64
/// table is the generic one.
const COPIES: [(&str, &str); 13] = [
    ("tools/scripts/syscall.tbl", "scripts/syscall.tbl"),
    (
        "alpha/syscall.tbl",
        "arch/alpha/kernel/syscalls/syscall.tbl",
    ),
    ("arm/syscall.tbl", "arch/arm/tools/syscall.tbl"),
    ("arm64/syscall_64.tbl", "scripts/syscall.tbl"),
    (
        "mips/syscall_n64.tbl",
        "arch/mips/kernel/syscalls/syscall_n64.tbl",
    ),
    (
        "parisc/syscall.tbl",
        "arch/parisc/kernel/syscalls/syscall.tbl",
    ),
    (
        "powerpc/syscall.tbl",
        "arch/powerpc/kernel/syscalls/syscall.tbl",
    ),
    ("s390/syscall.tbl", "arch/s390/kernel/syscalls/syscall.tbl"),
    ("sh/syscall.tbl", "arch/sh/kernel/syscalls/syscall.tbl"),
    (
        "sparc/syscall.tbl",
        "arch/sparc/kernel/syscalls/syscall.tbl",
    ),
    (
        "xtensa/syscall.tbl",
        "arch/xtensa/kernel/syscalls/syscall.tbl",
    ),
    (
        "x86/syscall_32.tbl",
        "arch/x86/entry/syscalls/syscall_32.tbl",
    ),
    (
        "x86/syscall_64.tbl",
        "arch/x86/entry/syscalls/syscall_64.tbl",
    ),
];

/// A copy's path in the tree: `tools/…` as is, `ARCH/FILE` under perf's arch directory.
fn copy_path(copy: &str) -> String {
    match copy.starts_with("tools/") {
        true => copy.to_string(),
        false => {
            let (arch, file) = copy.split_once('/').unwrap();
            format!("tools/perf/arch/{arch}/entry/syscalls/{file}")
        }
    }
}

/// A fresh scratch directory under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// A tree holding only perf 6.15's copies, made from the originals of `kernel`.
fn layout(kernel: &Path, name: &str) -> PathBuf {
    let tree = scratch(name);
    for (copy, original) in COPIES {
        let to = tree.join(copy_path(copy));
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(kernel.join(original), &to)
            .unwrap_or_else(|e| panic!("{}: {e}", kernel.join(original).display()));
    }
    tree
}

/// deftab's file for `tree`.
fn deftab(tree: &Path, name: &str) -> String {
    let out = scratch(name);
    common::generate_in_tree(&["--preset", "perf-syscalltbl"], tree, &out);
    fs::read_to_string(out.join(OUT)).expect("deftab wrote the file")
}

/// The reference script's file for `tree`.
fn reference(tree: &Path, name: &str) -> String {
    common::need_program("awk", "apt-get install gawk");
    let out = scratch(name).join("syscalltbl.c");
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/perf/syscalltbl-6.15-reference.sh");
    let run = Command::new("bash")
        .arg(&script)
        .arg(tree.join("tools"))
        .arg(&out)
        .output()
        .expect("bash runs");
    assert!(
        run.status.success(),
        "the reference script failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    fs::read_to_string(out).unwrap()
}

/// The first lines where `got` differs from `want`.
fn diff(want: &str, got: &str) -> String {
    let d = similar::TextDiff::from_lines(want, got);
    let text = d.unified_diff().context_radius(1).to_string();
    text.lines().take(20).collect::<Vec<_>>().join("\n")
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn on_linux_6_12_tables_it_equals_the_golden_file_as_does_the_reference_script() {
    let tree = layout(&kernel_tree(), "syscalltbl-6.12");
    let golden =
        fs::read_to_string(common::fixtures().join("perf-syscalltbl/syscalltbl-6.12-tbl.c"))
            .unwrap();
    assert_eq!(
        golden
            .matches("static const uint16_t syscall_sorted_names_")
            .count(),
        20
    );
    let got = deftab(&tree, "syscalltbl-6.12-deftab");
    assert!(
        got == golden,
        "deftab differs from the golden:\n{}",
        diff(&golden, &got)
    );
    let script = reference(&tree, "syscalltbl-6.12-script");
    assert!(
        script == golden,
        "the reference script differs from the golden:\n{}",
        diff(&golden, &script)
    );
}

/// Replaces `from` by `to` in a copy of the tree (once, and it must be there).
fn edit(tree: &Path, copy: &str, from: &str, to: &str) {
    let path = tree.join(copy_path(copy));
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{copy}: no `{from}` to edit");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Adds `lines` at the end of a copy.
fn append(tree: &Path, copy: &str, lines: &str) {
    let path = tree.join(copy_path(copy));
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text + lines).unwrap();
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn on_edited_tables_it_equals_the_reference_script() {
    let tree = layout(&kernel_tree(), "syscalltbl-edited");
    // New syscalls in the generic table (csky, riscv's two, EM_NONE's two) and x86-64's:
    // names that sort against their neighbours' padding (`mseal2` after `mseal`,
    // `getxattrat` before `getxattr_x`), and one ending in 0, which the script's `sed`
    // strips with the padding.
    append(
        &tree,
        "tools/scripts/syscall.tbl",
        "463\tcommon\tmseal2\t\t\tsys_mseal2\n464\tcommon\tgetxattrat\tsys_getxattrat\n\
         465\t64\tgetxattr_x\tsys_x\n466\tcommon\tfanotify0\tsys_fanotify0\n",
    );
    edit(
        &tree,
        "x86/syscall_64.tbl",
        "\n512\tx32",
        "\n463\tcommon\tsetxattrat\tsys_x\n512\tx32",
    );
    // A gap: arm's next number far above its last.
    append(
        &tree,
        "arm/syscall.tbl",
        "600\tcommon\tgapped\tsys_gapped\n",
    );
    // Removed lines: powerpc's `open` (5), alpha's first entry.
    edit(
        &tree,
        "powerpc/syscall.tbl",
        "\n5\tcommon\topen",
        "\n#5\tcommon\topen",
    );
    edit(
        &tree,
        "alpha/syscall.tbl",
        "\n0\tcommon\tosf_syscall",
        "\n#",
    );
    // ABIs the tables do not select: `n32` in mips' n64 table, `x64` in x86-64's, `spu` in
    // powerpc's.
    append(&tree, "mips/syscall_n64.tbl", "470\tn32\tnotn64\tsys_x\n");
    append(&tree, "x86/syscall_64.tbl", "470\tx64\tnotx86\tsys_x\n");
    append(&tree, "powerpc/syscall.tbl", "470\tspu\tonlyspu\tsys_x\n");

    let want = reference(&tree, "syscalltbl-edited-script");
    let got = deftab(&tree, "syscalltbl-edited-deftab");
    assert!(
        got == want,
        "deftab differs from the reference script:\n{}",
        diff(&want, &got)
    );
    // The edits show: each new name in every table that selects it, the gap, no `open` in
    // powerpc's, none of the unselected lines.
    for (text, count) in [
        ("\t[463] = \"mseal2\",\n", 5),
        ("\t[465] = \"getxattr_x\",\n", 2),
        ("\t466,\t/* fanotify */\n", 5),
        ("\t[463] = \"setxattrat\",\n", 1),
        ("\t[600] = \"gapped\",\n", 1),
        ("\"osf_syscall\"", 0),
        ("notn64", 0),
        ("notx86", 0),
        ("onlyspu", 0),
    ] {
        assert_eq!(got.matches(text).count(), count, "{text}");
    }
    for machine in ["EM_PPC", "EM_PPC64"] {
        let start = format!("syscall_num_to_name_{machine}[] = {{\n");
        let table = got
            .split(&start)
            .nth(1)
            .unwrap()
            .split("};")
            .next()
            .unwrap();
        assert!(
            table.contains("\t[4] = ") && !table.contains("\t[5] = "),
            "{machine}"
        );
    }
}

#[test]
fn a_tree_without_the_copies_is_an_error_naming_them() {
    let tree = scratch("syscalltbl-missing");
    for (copy, _) in COPIES.iter().skip(1) {
        let to = tree.join(copy_path(copy));
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::write(&to, "0\tcommon\tread\tsys_read\n").unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(["generate", "--preset", "perf-syscalltbl", "--root"])
        .arg(&tree)
        .arg("--out-dir")
        .arg(scratch("syscalltbl-missing-out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("1 of 13 missing (tools/scripts/syscall.tbl)")
            && stderr.contains("preset `perf-syscalls`"),
        "{stderr}"
    );
}
