//! `check-headers --impact` and `--sync` on scenarios made from the 6.12 tree: every watched
//! copy first brought in sync, then originals edited the way kernel patches edit them.
//!
//! The scratch tree mirrors the 6.12 tree with symbolic links: a directory is a link to
//! the tree's until something is written under it, then a real directory of links; a file
//! written replaces its link. The tree itself is never written.

mod common;
use common::{kernel_tree, settings};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch copy of the kernel tree: links to it, real where written.
struct Scratch {
    root: PathBuf,
    tree: PathBuf,
}

impl Scratch {
    fn new(tree: &Path, name: &str) -> Scratch {
        let root =
            std::env::temp_dir().join(format!("deftab-impact-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let s = Scratch {
            root,
            tree: tree.to_path_buf(),
        };
        fs::create_dir_all(&s.root).expect("mkdir");
        s.link_entries(Path::new(""));
        s
    }

    /// Links every entry of the tree's directory `rel` into the scratch one.
    fn link_entries(&self, rel: &Path) {
        for entry in fs::read_dir(self.tree.join(rel)).expect("readable tree") {
            let name = entry.expect("entry").file_name();
            std::os::unix::fs::symlink(
                self.tree.join(rel).join(&name),
                self.root.join(rel).join(&name),
            )
            .expect("symlink");
        }
    }

    /// Makes `rel` and its parents real directories (of links), so a write under it stays
    /// in the scratch tree.
    fn own_dir(&self, rel: &Path) {
        let mut p = PathBuf::new();
        for part in rel.components() {
            p.push(part);
            let at = self.root.join(&p);
            if at.is_symlink() {
                fs::remove_file(&at).expect("unlink");
                fs::create_dir(&at).expect("mkdir");
                self.link_entries(&p);
            } else if !at.exists() {
                fs::create_dir(&at).expect("mkdir");
            }
        }
    }

    /// Replaces `rel` (a link or a file) by a file with `text`.
    fn write(&self, rel: &str, text: &str) {
        let rel = Path::new(rel);
        self.own_dir(rel.parent().expect("has a parent"));
        let p = self.root.join(rel);
        let _ = fs::remove_file(&p);
        fs::write(p, text).expect("write");
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

/// Edits an original the way a patch does: `after` inserted after the line `anchor`.
fn patch(s: &Scratch, rel: &str, anchor: &str, after: &str) {
    let text = fs::read_to_string(s.root.join(rel)).expect("readable");
    let at = text
        .find(anchor)
        .unwrap_or_else(|| panic!("{rel} has `{anchor}`"));
    let eol = at + text[at..].find('\n').expect("a whole line") + 1;
    s.write(rel, &format!("{}{after}{}", &text[..eol], &text[eol..]));
}

/// Every copy the tree's check-headers.sh watches made equal to its original (where the original is in the tree).
fn sync_all(s: &Scratch) {
    let list =
        deftab::drift::pairs::for_tree(&s.root).expect("the tree's check-headers.sh is read");
    for p in list.pairs {
        if let Ok(text) = fs::read_to_string(s.root.join(&p.original)) {
            s.write(&p.copy, &text);
        }
    }
}

/// `deftab ARGS` in `root`: exit code, stdout, stderr.
fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("deftab runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `--impact --format json`, as (exit code, the copies by copy path).
fn impact_json(root: &Path, strict: bool) -> (i32, Vec<Value>) {
    let mut args = vec!["check-headers", "--impact", "--format", "json"];
    if strict {
        args.push("--strict");
    }
    let (code, out, err) = run(root, &args);
    let copies: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("JSON ({e}): {out}\nstderr: {err}"));
    (code, copies.as_array().expect("an array").clone())
}

fn copy<'a>(copies: &'a [Value], path: &str) -> &'a Value {
    copies
        .iter()
        .find(|c| c["copy"] == path)
        .unwrap_or_else(|| panic!("{path} is reported: {copies:#?}"))
}

fn names(v: &Value) -> Vec<&str> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|n| n.as_str().expect("a name"))
        .collect()
}

/// The quiet edits: a comment, a function-like macro.
fn quiet_edits(root: &Scratch) {
    patch(
        root,
        "include/uapi/linux/fadvise.h",
        "#define POSIX_FADV_NORMAL",
        "/* No further advice: the default. */\n",
    );
    patch(
        root,
        "include/uapi/linux/const.h",
        "#define __KERNEL_DIV_ROUND_UP",
        "#define __KERNEL_DIV_ROUND_CLOSEST(n, d)\t(((n) + (d) / 2) / (d))\n",
    );
}

/// The loud edits: a new KVM ioctl, a new syscall, an MSR in parentheses (a shape the
/// MSR tables' pattern misses), a new fcntl command (perf's hand-kept table goes stale).
fn loud_edits(root: &Scratch) {
    patch(
        root,
        "arch/x86/include/asm/msr-index.h",
        "#define MSR_AMD64_VIRT_SPEC_CTRL",
        "#define MSR_AMD64_DEFTAB_TEST\t\t(0xc0010130)\n",
    );
    patch(
        root,
        "include/uapi/linux/fcntl.h",
        "#define F_SET_FILE_RW_HINT",
        "\n/* Ask for the deftab test. */\n#define F_DEFTAB_TEST\t\t(F_LINUX_SPECIFIC_BASE + 15)\n",
    );
    patch(
        root,
        "include/uapi/linux/kvm.h",
        "#define KVM_PRE_FAULT_MEMORY",
        "\n/* Available with KVM_CAP_DEFTAB_TEST */\n#define KVM_DEFTAB_TEST\t_IOW(KVMIO,  0xd6, __u64)\n",
    );
    let tbl = "arch/x86/entry/syscalls/syscall_64.tbl";
    patch(
        root,
        tbl,
        "mseal\t",
        "463\tcommon\tdeftab_test\t\tsys_deftab_test\n",
    );
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn verdicts_details_and_strict_on_edited_originals() {
    let scratch = Scratch::new(&kernel_tree(), "verdicts");
    let root = scratch.root.clone();
    sync_all(&scratch);
    let (code, out, err) = run(&root, &["check-headers", "--impact", "--strict"]);
    assert_eq!((code, out.as_str()), (0, "no drifted copy\n"), "{err}");

    quiet_edits(&scratch);
    let (code, copies) = impact_json(&root, true);
    assert_eq!(code, 0, "only quiet drift: --strict passes: {copies:#?}");
    assert_eq!(copies.len(), 2, "{copies:#?}");
    let fadvise = copy(&copies, "tools/include/uapi/linux/fadvise.h");
    assert_eq!(fadvise["verdict"], "no-constant-changed");
    assert_eq!(fadvise["original"], "include/uapi/linux/fadvise.h");
    let konst = copy(&copies, "tools/include/uapi/linux/const.h");
    assert_eq!(konst["verdict"], "no-constant-changed");
    assert_eq!(konst["constants"], Value::Array(vec![]));

    loud_edits(&scratch);
    let (code, copies) = impact_json(&root, true);
    assert_eq!(code, 1, "a table moves: --strict fails: {copies:#?}");
    let kvm = copy(&copies, "tools/include/uapi/linux/kvm.h");
    assert_eq!(kvm["verdict"], "tables-changed");
    assert_eq!(kvm["constants"][0]["name"], "KVM_DEFTAB_TEST");
    assert_eq!(kvm["constants"][0]["change"], "added");
    assert_eq!(kvm["constants"][0]["new"], 0x4008_aed6_u64);
    assert_eq!(kvm["tables"].as_array().map(Vec::len), Some(1));
    let t = &kvm["tables"][0];
    assert_eq!(
        (&t["file"], &t["table"]),
        (&"kvm_ioctl_array.c".into(), &"kvm_ioctl_cmds".into())
    );
    assert_eq!(names(&t["added"]), ["KVM_DEFTAB_TEST"]);
    assert!(names(&t["removed"]).is_empty() && names(&t["changed"]).is_empty());
    let tbl = copy(&copies, "tools/perf/arch/x86/entry/syscalls/syscall_64.tbl");
    assert_eq!(tbl["verdict"], "tables-changed");
    assert_eq!(tbl["constants"][0]["name"], "deftab_test");
    assert_eq!(tbl["tables"][0]["table"], "syscalltbl_x86_64");
    assert_eq!(names(&tbl["tables"][0]["added"]), ["deftab_test"]);
    assert_eq!(
        copy(&copies, "tools/include/uapi/linux/fadvise.h")["verdict"],
        "no-constant-changed"
    );

    // The text: one line per copy, then what moves.
    let (code, out, _) = run(&root, &["check-headers", "--impact"]);
    assert_eq!(code, 0, "without --strict, moves only warn");
    let line = out
        .lines()
        .find(|l| l.starts_with("tools/include/uapi/linux/kvm.h "))
        .expect("a line for kvm.h");
    assert!(line.ends_with("tables-changed       1 table"), "{line}");
    assert!(
        out.contains("  kvm_ioctl_array.c: table kvm_ioctl_cmds\n    + DEFTAB_TEST = 214  at include/uapi/linux/kvm.h:"),
        "{out}"
    );
    assert!(
        out.contains(
            "  near miss: MSR_AMD64_DEFTAB_TEST = 0xc0010130 (arch/x86/include/asm/msr-index.h:"
        ),
        "{out}"
    );
    assert!(out.contains("  tools/perf/builtin-trace.c:798: hand-kept table fcntl_linux_specific_cmds goes stale\n    missing F_DEFTAB_TEST"), "{out}");
    assert!(
        out.ends_with("6 drifted copies: 4 tables-changed, 2 no-constant-changed\n"),
        "{out}"
    );

    // CI annotations: one per copy, tables-changed as an error with --strict.
    let (code, out, _) = run(
        &root,
        &[
            "check-headers",
            "--impact",
            "--strict",
            "--format",
            "github",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 6, "{out}");
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("::error file=tools/"))
            .count(),
        4,
        "{out}"
    );
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("::notice file=tools/"))
            .count(),
        2,
        "{out}"
    );
}

/// Every regular file of the scratch tree (the links to the kernel tree left out: nothing
/// writes through them) with a hash of its bytes.
fn hashes(root: &Path) -> std::collections::BTreeMap<PathBuf, u64> {
    use std::hash::{Hash, Hasher};
    let mut out = std::collections::BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for e in fs::read_dir(&dir).expect("readable") {
            let e = e.expect("entry");
            let kind = e.file_type().expect("a type");
            if kind.is_dir() {
                dirs.push(e.path());
            } else if kind.is_file() {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                fs::read(e.path()).expect("readable").hash(&mut h);
                out.insert(e.path(), h.finish());
            }
        }
    }
    out
}

/// stdout of the tree's own `tools/perf/check-headers.sh`, run where perf's build runs it.
fn script(root: &Path) -> String {
    let out = Command::new("bash")
        .arg("check-headers.sh")
        .current_dir(root.join("tools/perf"))
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The lines of `--sync`'s stderr that say what is (or would be) written.
fn written<'a>(err: &'a str, verb: &str) -> Vec<&'a str> {
    err.lines()
        .filter_map(|l| l.strip_prefix(verb))
        .filter_map(|l| l.strip_prefix(' '))
        .filter_map(|l| l.split(' ').next())
        .collect()
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn sync_writes_the_reported_copies_only_and_drafts_the_commit_message() {
    let scratch = Scratch::new(&kernel_tree(), "sync");
    let root = scratch.root.clone();
    sync_all(&scratch);

    // A quiet sync: the message says it just rebuilds perf.
    quiet_edits(&scratch);
    let (code, quiet, err) = run(&root, &["check-headers", "--sync"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        quiet.lines().next(),
        Some("tools headers: Sync linux/const.h and linux/fadvise.h with the kernel sources")
    );
    assert!(
        quiet.contains("\nNo table changes: this just rebuilds perf,"),
        "{quiet}"
    );
    settings().bind(|| insta::assert_snapshot!("sync_message_quiet", quiet));

    // A sync that moves tables: first as a dry run, which changes no byte.
    loud_edits(&scratch);
    let kvm = root.join("tools/include/uapi/linux/kvm.h");
    fs::set_permissions(&kvm, std::os::unix::fs::PermissionsExt::from_mode(0o640)).expect("chmod");
    let reported = [
        ("tools/include/uapi/linux/kvm.h", "include/uapi/linux/kvm.h"),
        (
            "tools/arch/x86/include/asm/msr-index.h",
            "arch/x86/include/asm/msr-index.h",
        ),
        (
            "tools/perf/arch/x86/entry/syscalls/syscall_64.tbl",
            "arch/x86/entry/syscalls/syscall_64.tbl",
        ),
        (
            "tools/perf/trace/beauty/include/uapi/linux/fcntl.h",
            "include/uapi/linux/fcntl.h",
        ),
    ];
    let mut want: Vec<&str> = reported.iter().map(|(c, _)| *c).collect();
    want.sort();
    let before = hashes(&root);
    let (code, draft, err) = run(&root, &["check-headers", "--sync", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    let mut listed = written(&err, "would write");
    listed.sort();
    assert_eq!(listed, want, "{err}");
    assert!(
        err.ends_with("would sync 4 copies; nothing written\n"),
        "{err}"
    );
    assert_eq!(hashes(&root), before, "a dry run changes no byte");
    assert_eq!(
        draft.lines().next(),
        Some("tools headers: Sync 4 copies with the kernel sources")
    );
    assert!(
        draft.contains("\nTable changes:\n\n  kvm_ioctl_array.c: kvm_ioctl_cmds: 1 entry added\n"),
        "{draft}"
    );
    settings().bind(|| insta::assert_snapshot!("sync_message_tables", draft));

    let (code, message, err) = run(&root, &["check-headers", "--sync"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(message, draft, "the dry run drafts the same message");
    let mut listed = written(&err, "wrote");
    listed.sort();
    assert_eq!(listed, want, "{err}");
    let changed: Vec<PathBuf> = hashes(&root)
        .into_iter()
        .filter(|(p, h)| before.get(p) != Some(h))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(
        changed.len(),
        4,
        "only the reported copies are written: {changed:?}"
    );
    for (copy, original) in reported {
        assert_eq!(
            fs::read(root.join(copy)).expect("synced"),
            fs::read(root.join(original)).expect("readable"),
            "{copy} is its original, byte for byte"
        );
    }
    let mode = fs::metadata(&kvm).expect("there").permissions();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
        0o640,
        "the copy keeps its mode"
    );
    assert_eq!(run(&root, &["check-headers", "--strict"]).0, 0);
    assert_eq!(run(&root, &["check-headers"]).1, "");
    assert_eq!(script(&root), "", "the tree's own check agrees");
    let (code, out, err) = run(&root, &["-q", "check-headers", "--sync"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "", ""),
        "in sync: nothing to say"
    );
    let (code, _, err) = run(&root, &["check-headers", "--sync"]);
    assert_eq!(code, 0);
    assert!(err.ends_with("\nno drifted copy to sync\n"), "{err}");
}

/// Each listed copy made a file of its own (its stock text), so a sync replaces a file of
/// the scratch tree, never a link into the kernel tree.
fn own_copies(s: &Scratch) {
    let list = deftab::drift::pairs::for_tree(&s.root).expect("the tree's script is read");
    for p in list.pairs {
        if let Ok(text) = fs::read_to_string(s.root.join(&p.copy)) {
            s.write(&p.copy, &text);
        }
    }
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn sync_keeps_the_differences_the_script_means() {
    let scratch = Scratch::new(&kernel_tree(), "sync-rules");
    let root = scratch.root.clone();
    own_copies(&scratch);
    // diff -I "^#include <linux/cfi_types.h>": tools' memcpy_64.S has no such include.
    patch(
        &scratch,
        "arch/x86/lib/memcpy_64.S",
        "#include <asm/alternative.h>",
        "#include <asm/deftab_test.h>\n",
    );
    // The __ignore_sync_check__ include of insn.h is tools' own.
    patch(
        &scratch,
        "arch/x86/include/asm/insn.h",
        "#define _ASM_X86_INSN_H",
        "#define INSN_DEFTAB_TEST\t1\n",
    );
    // The ignore-hunks file lists what tools' list_sort.c leaves out.
    patch(
        &scratch,
        "lib/list_sort.c",
        "EXPORT_SYMBOL(list_sort);",
        "#define\tLIST_SORT_DEFTAB_TEST\t1\n",
    );
    let before = script(&root);
    for copy in ["memcpy_64.S", "insn.h", "list_sort.c"] {
        assert!(before.contains(copy), "the script reports {copy}: {before}");
    }

    let (code, _, err) = run(&root, &["check-headers", "--sync"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote tools/arch/x86/lib/memcpy_64.S (from arch/x86/lib/memcpy_64.S, keeping 1 change the -I patterns ignore)\n"), "{err}");
    assert!(err.contains("wrote tools/lib/list_sort.c (from lib/list_sort.c, less the hunks tools/perf/check-header_ignore_hunks/lib/list_sort.c lists)\n"), "{err}");
    // The stock tree's 12 drifted copies and the three edited here.
    assert!(err.ends_with("synced 15 copies\n"), "{err}");
    let read = |p: &str| fs::read_to_string(root.join(p)).expect("readable");
    let memcpy = read("tools/arch/x86/lib/memcpy_64.S");
    assert!(memcpy.contains("#include <asm/alternative.h>\n#include <asm/deftab_test.h>\n"));
    assert!(
        !memcpy.contains("cfi_types.h"),
        "the copy's own difference stays"
    );
    let insn = read("tools/arch/x86/include/asm/insn.h");
    assert!(insn.contains("#define INSN_DEFTAB_TEST\t1\n"));
    assert!(insn.contains("#include \"inat.h\" /* __ignore_sync_check__ */\n"));
    let list_sort = read("tools/lib/list_sort.c");
    assert!(list_sort.ends_with("EXPORT_SYMBOL(list_sort);\n#define\tLIST_SORT_DEFTAB_TEST\t1\n"));
    assert!(!list_sort.contains("linux/bug.h") && !list_sort.contains("cond_resched"));
    assert_eq!(run(&root, &["check-headers"]).1, "");
    assert_eq!(script(&root), "", "the tree's own check agrees");
}

#[test]
#[ignore = "needs the 6.1 kernel tree: `.ci/kernel-tree 6.1` or DEFTAB_KERNEL_TREE_6_1=DIR (CI runs it)"]
fn impact_on_6_1_weighs_the_tables_its_own_perf_makes() {
    let tree = common::kernel_tree_6_1();
    let (_, listed, _) = run(&tree, &["check-headers"]);
    let (code, copies) = impact_json(&tree, false);
    assert_eq!(code, 0);
    // One row per copy the byte check reports (the tree's own script's list).
    let rows: Vec<&str> = copies.iter().map(|c| c["copy"].as_str().unwrap()).collect();
    assert_eq!(rows.len(), 16, "{rows:?}");
    for row in &rows {
        assert!(
            listed.contains(row),
            "{row} is not in check-headers' list:\n{listed}"
        );
    }
    // 6.1's layouts (perf-beauty-6.1, perf-syscalls-6.1): every table is built on both sides.
    let (_, _, err) = run(&tree, &["check-headers", "--impact"]);
    assert!(!err.contains("cannot be built from the copies"), "{err}");
    // The copy of linux/socket.h perf's socket.c reads: its original gained SOL_VSOCK.
    let socket = copy(&copies, "tools/perf/trace/beauty/include/linux/socket.h");
    assert_eq!(socket["verdict"], "tables-changed", "{socket:#}");
    let tables = socket["tables"].as_array().unwrap();
    assert!(
        tables
            .iter()
            .any(|t| t["table"] == "socket_level" && t["added"].to_string().contains("VSOCK")),
        "{socket:#}"
    );
}
