//! Header drift: `check-headers` against the script it re-implements, and `diff` on the
//! seed scenario of issue 8.

mod common;
use common::{deftab, fixtures, kernel_tree, kernel_tree_6_1, settings};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// stdout of `tools/perf/check-headers.sh` run in `root`, colours removed.
fn script(root: &Path) -> String {
    let out = Command::new("bash")
        .arg("check-headers.sh")
        .current_dir(root.join("tools/perf"))
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "check-headers.sh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .replace("\x1b[0;33m", "")
        .replace("\x1b[0m", "")
}

/// stdout of `deftab check-headers --root ROOT`, which must exit 0.
fn ours(root: &Path) -> String {
    let out = deftab(&[
        "check-headers",
        "--root",
        root.to_str().expect("utf-8 path"),
    ]);
    let stdout = out.split("--- stderr\n").next().unwrap_or("");
    stdout
        .strip_prefix("exit: 0\n")
        .unwrap_or_else(|| panic!("check-headers failed:\n{out}"))
        .to_string()
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn check_headers_equals_the_script_on_linux_6_12() {
    let tree = kernel_tree();
    let want = script(&tree);
    assert!(
        want.lines().count() > 1,
        "the 6.12 tree has drifted copies: {want}"
    );
    assert_eq!(ours(&tree), want);
}

/// The `diff -u COPY ORIGINAL` lines of a check-headers report (6.1's script prints them
/// bare, 6.12's and deftab indented under a warning).
fn reported_pairs(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("diff -u "))
        .map(String::from)
        .collect()
}

/// 6.1's script has other lists (`FILES='…'` strings, no beauty copies of fcntl.h, …) and
/// reports on stdout one `diff -u` line per differing copy: deftab reads that script and
/// reports the same copies, in the same order.
#[test]
#[ignore = "needs the 6.1 kernel tree: .ci/kernel-tree 6.1 or DEFTAB_KERNEL_TREE_6_1=DIR (CI runs it)"]
fn check_headers_reads_the_list_of_the_6_1_script() {
    let tree = kernel_tree_6_1();
    let want = reported_pairs(&script(&tree));
    assert!(want.len() > 1, "the 6.1 tree has drifted copies: {want:?}");
    let ours = ours(&tree);
    assert_eq!(reported_pairs(&ours), want, "{ours}");
    let list = deftab::drift::pairs::for_tree(&tree).expect("the 6.1 script is read");
    assert_eq!(list.source, deftab::drift::pairs::ListSource::Script);
    assert!(
        list.pairs
            .iter()
            .any(|p| p.copy == "tools/include/uapi/sound/asound.h"),
        "6.1 keeps asound.h under tools/include"
    );
}

/// The built-in list is 6.12's script: reading the script gives the same pairs, options and
/// order.
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn the_6_12_script_reads_as_the_builtin_list() {
    let tree = kernel_tree();
    let list = deftab::drift::pairs::for_tree(&tree).expect("the 6.12 script is read");
    assert_eq!(list.source, deftab::drift::pairs::ListSource::Script);
    assert_eq!(list.pairs, deftab::drift::pairs::builtin());
}

/// Every file the script reads, copied from the 6.12 tree into a scratch tree.
fn scratch_tree(tree: &Path, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("deftab-drift-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let script = tree.join("tools/perf/check-headers.sh");
    let text = fs::read_to_string(&script).expect("the script is in the tree");
    let mut files = vec![
        "tools/perf/check-headers.sh".to_string(),
        "tools/perf/check-header_ignore_hunks/lib/list_sort.c".into(),
    ];
    for p in deftab::drift::pairs::builtin() {
        files.push(p.copy);
        files.push(p.original);
    }
    assert!(text.contains("BEAUTY_FILES"), "the script changed shape");
    for f in files {
        let from = tree.join(&f);
        if from.is_file() {
            let to = dir.join(&f);
            fs::create_dir_all(to.parent().expect("has a parent")).expect("mkdir");
            fs::copy(&from, &to).expect("copy");
        }
    }
    fs::create_dir_all(dir.join("include")).expect("mkdir");
    dir
}

fn append(root: &Path, file: &str, text: &str) {
    let p = root.join(file);
    let mut old = fs::read_to_string(&p).expect("file exists");
    old += text;
    fs::write(p, old).expect("write");
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn check_headers_follows_the_script_on_edited_copies() {
    let tree = kernel_tree();
    let root = scratch_tree(&tree, "edits");
    // Ignored by -B, or by the -I patterns:
    append(&root, "tools/include/uapi/linux/const.h", "\n\n");
    append(
        &root,
        "tools/arch/x86/include/asm/inat.h",
        "#include \"x.h\" /* __ignore_sync_check__ */\n",
    );
    append(
        &root,
        "tools/arch/x86/lib/memcpy_64.S",
        "EXPORT_SYMBOL(memcpy)\n",
    );
    append(
        &root,
        "tools/include/linux/build_bug.h",
        "#endif // static_assert\n",
    );
    append(&root, "tools/lib/ctype.c", "\n#include <linux/export.h>\n");
    // Differences:
    append(
        &root,
        "tools/include/uapi/linux/fadvise.h",
        "#define POSIX_FADV_NEW 8\n",
    );
    append(&root, "tools/arch/x86/include/asm/insn.h", "\n");
    append(
        &root,
        "tools/perf/arch/x86/entry/syscalls/syscall_64.tbl",
        "999 common x sys_x\n",
    );
    // No space in it: the hunks file has a " " pattern, which hides every line with one.
    append(&root, "tools/lib/list_sort.c", "x();\n");
    fs::remove_file(root.join("tools/perf/trace/beauty/include/uapi/linux/fs.h")).expect("rm");
    // No original: not checked.
    fs::remove_file(root.join("include/uapi/linux/kcmp.h")).expect("rm");
    let want = script(&root);
    for f in [
        "fadvise.h",
        "insn.h",
        "syscall_64.tbl",
        "list_sort.c",
        "beauty/include/uapi/linux/fs.h",
    ] {
        assert!(
            want.contains(f),
            "the edit of {f} shows in the script's output:\n{want}"
        );
    }
    assert_eq!(ours(&root), want);

    // A missing ignore-hunks file is reported, not fatal.
    fs::remove_dir_all(root.join("tools/perf/check-header_ignore_hunks")).expect("rm");
    let want = script(&root);
    assert!(want.contains("not found. Skipping lib/list_sort.c check."));
    assert_eq!(ours(&root), want);
    let _ = fs::remove_dir_all(root);
}

#[test]
fn check_headers_without_include_warns_and_succeeds() {
    let out = deftab(&["check-headers", "--root", "drift"]);
    assert_eq!(
        out,
        "exit: 0\nWarning: Skipped check-headers due to missing drift/include\n"
    );
    let out = deftab(&["check-headers", "--root", "drift/nonexistent"]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
}

fn snap(name: &str, args: &[&str]) -> String {
    let out = deftab(args);
    settings().bind(|| insta::assert_snapshot!(name, out));
    out
}

#[test]
fn diff_seed_bpf_cmd_gains_one_command() {
    let out = snap("bpf_cmd", &["diff", "drift/old/bpf.h", "drift/new/bpf.h"]);
    let changes: Vec<&str> = out
        .lines()
        .filter(|l| {
            l.starts_with(['+', '-', '~']) && !l.starts_with("---") && !l.starts_with("+++")
        })
        .collect();
    assert_eq!(changes.len(), 2, "{out}");
    assert!(
        changes[0].starts_with("+ BPF_PROG_ASSOC_STRUCT_OPS (enum bpf_cmd) = 37  at "),
        "{out}"
    );
    assert!(
        changes[1].starts_with("~ __MAX_BPF_CMD (enum bpf_cmd) = 37 → 38  at "),
        "{out}"
    );
}

#[test]
fn diff_ignores_formatting() {
    let out = deftab(&[
        "diff",
        "--exit-code",
        "drift/old/format.h",
        "drift/new/format.h",
    ]);
    // Nothing on stdout; stderr says the diff is empty.
    assert_eq!(
        out,
        "exit: 0\n--- stderr\nnote: no changes: drift/old/format.h and drift/new/format.h \
         define the same constants\n"
    );
}

#[test]
fn diff_directories_with_exit_code_and_json() {
    let out = deftab(&["diff", "--exit-code", "drift/old", "drift/new"]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("+ ") || l.starts_with("~ "))
            .count(),
        2,
        "{out}"
    );
    snap(
        "bpf_cmd_json",
        &[
            "diff",
            "--format",
            "json",
            "drift/old/bpf.h",
            "drift/new/bpf.h",
        ],
    );
}

#[test]
fn diff_usage_errors() {
    assert!(deftab(&["diff", "drift/old/bpf.h"]).starts_with("exit: 2\n"));
    assert!(deftab(&["diff", "--copies", "a", "b"]).starts_with("exit: 2\n"));
    let out = deftab(&["diff", "drift/old/bpf.h", "drift/new/missing.h"]);
    assert!(
        out.starts_with("exit: 2\n") && out.contains("missing.h"),
        "{out}"
    );
}

#[test]
fn help_ends_with_examples() {
    for cmd in ["diff", "check-headers"] {
        let out = deftab(&[cmd, "--help"]);
        let (_, examples) = out.split_once("\nExamples:\n").expect("examples");
        assert!(examples.lines().count() >= 3, "{out}");
        assert!(
            examples.lines().all(|l| l.starts_with("  deftab ")),
            "{out}"
        );
    }
}

#[test]
fn fixtures_are_where_the_tests_expect() {
    assert!(fixtures().join("drift/old/bpf.h").is_file());
}

/// The seed scenario's copy of bpf.h, its original, the manifest and its committed output,
/// copied into a scratch directory.
fn seed_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("deftab-seed-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    for f in ["old/bpf.h", "new/bpf.h", "bpf_cmd.toml", "out/bpf_cmd.c"] {
        let to = dir.join(f);
        fs::create_dir_all(to.parent().expect("has a parent")).expect("mkdir");
        fs::copy(fixtures().join("drift").join(f), to).expect("copy");
    }
    dir
}

/// The `+`/`-` lines of a unified diff, without its `+++`/`---` header.
fn edits(diff: &str) -> Vec<&str> {
    diff.lines()
        .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
        .collect()
}

#[test]
fn seed_generate_check_fails_with_the_new_entry_once_the_copy_is_synced() {
    let gen_check = |root: &str, manifest: &str| {
        deftab(&[
            "generate",
            "--manifest",
            manifest,
            "--root",
            root,
            "--out-dir",
            &format!("{root}/out"),
            "--check",
        ])
    };
    let out = gen_check("drift", "drift/bpf_cmd.toml");
    assert!(
        out.starts_with("exit: 0\n"),
        "the committed table is current: {out}"
    );
    let dir = seed_copy("sync");
    let root = dir.to_str().expect("utf-8 path");
    assert!(gen_check(root, &format!("{root}/bpf_cmd.toml")).starts_with("exit: 0\n"));
    // Sync the copy with its original.
    fs::copy(dir.join("new/bpf.h"), dir.join("old/bpf.h")).expect("copy");
    let out = gen_check(root, &format!("{root}/bpf_cmd.toml"));
    assert!(out.starts_with("exit: 1\n"), "{out}");
    assert_eq!(
        edits(&out),
        ["+\t[37] = \"BPF_PROG_ASSOC_STRUCT_OPS\","],
        "{out}"
    );
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn seed_diff_names_the_table_that_gains_the_entry() {
    let args = [
        "diff",
        "--exit-code",
        "drift/old/bpf.h",
        "drift/new/bpf.h",
        "--manifest",
        "drift/bpf_cmd.toml",
        "--root",
        "drift",
    ];
    let out = snap("bpf_cmd_tables", &args);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    let tables = out
        .split("tables of drift/bpf_cmd.toml:\n")
        .nth(1)
        .expect("a table section");
    assert_eq!(
        tables,
        "  bpf_cmd.c: table bpf_cmd: 1 entry added\n    + BPF_PROG_ASSOC_STRUCT_OPS = 37  at new/bpf.h:65\n",
        "{out}"
    );
    // The same header on both sides: no table moves.
    let out = deftab(&[
        "diff",
        "--exit-code",
        "drift/old/bpf.h",
        "drift/old/bpf.h",
        "--manifest",
        "drift/bpf_cmd.toml",
        "--root",
        "drift",
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(out.contains("  no table changed (1 tables)\n"), "{out}");
    // Directories: old/ → new/ maps the table's header too.
    let out = deftab(&[
        "diff",
        "--format",
        "json",
        "drift/old",
        "drift/new",
        "--manifest",
        "drift/bpf_cmd.toml",
        "--root",
        "drift",
    ]);
    let json: serde_json::Value = serde_json::from_str(
        out.strip_prefix("exit: 0\n")
            .unwrap_or(&out)
            .split("--- stderr")
            .next()
            .unwrap_or(""),
    )
    .unwrap_or_else(|e| panic!("{e}: {out}"));
    let changes = &json["tables"][0]["changes"];
    assert_eq!(json["tables"][0]["status"], "compared", "{out}");
    assert_eq!(changes.as_array().map(Vec::len), Some(1), "{out}");
    assert_eq!(changes[0]["change"], "added");
    assert_eq!(changes[0]["new"]["name"], "BPF_PROG_ASSOC_STRUCT_OPS");
    assert_eq!(changes[0]["new"]["value"], 37);
}

#[test]
fn seed_check_headers_and_diff_copies_take_the_manifest_pairs() {
    let out = deftab(&[
        "check-headers",
        "--manifest",
        "drift/bpf_cmd.toml",
        "--root",
        "drift",
    ]);
    assert_eq!(
        out,
        "exit: 0\nWarning: Kernel ABI header differences:\n  diff -u old/bpf.h new/bpf.h\n"
    );
    let strict = deftab(&[
        "check-headers",
        "--strict",
        "--manifest",
        "drift/bpf_cmd.toml",
        "--root",
        "drift",
    ]);
    assert!(strict.starts_with("exit: 1\n"), "{strict}");
    let out = deftab(&[
        "diff",
        "--copies",
        "--manifest",
        "drift/bpf_cmd.toml",
        "--root",
        "drift",
    ]);
    assert!(
        out.starts_with("exit: 0\n--- old/bpf.h\n+++ new/bpf.h\n"),
        "{out}"
    );
    assert!(
        out.contains("+ BPF_PROG_ASSOC_STRUCT_OPS (enum bpf_cmd) = 37  at new/bpf.h:65\n"),
        "{out}"
    );
    assert!(
        out.contains("    + BPF_PROG_ASSOC_STRUCT_OPS = 37  at new/bpf.h:65\n"),
        "{out}"
    );
    // Synced: nothing to warn about, no table moves.
    let dir = seed_copy("copies");
    fs::copy(dir.join("new/bpf.h"), dir.join("old/bpf.h")).expect("copy");
    let root = dir.to_str().expect("utf-8 path");
    let manifest = format!("{root}/bpf_cmd.toml");
    assert_eq!(
        deftab(&["check-headers", "--manifest", &manifest])
            .lines()
            .next(),
        Some("exit: 0")
    );
    let out = deftab(&["check-headers", "--manifest", &manifest, "--root", root]);
    assert_eq!(out, "exit: 0\n");
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn manifest_copies_are_checked_like_the_rest_of_the_manifest() {
    let dir = seed_copy("badcopies");
    let root = dir.to_str().expect("utf-8 path");
    let manifest = dir.join("bpf_cmd.toml");
    let text = fs::read_to_string(&manifest).expect("read");
    fs::write(&manifest, text.replace("original = ", "orignal = ")).expect("write");
    let out = deftab(&[
        "check-headers",
        "--manifest",
        manifest.to_str().expect("utf-8"),
        "--root",
        root,
    ]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(out.contains("unknown field `orignal`"), "{out}");
    assert!(out.contains("did you mean `original`?"), "{out}");
    fs::write(
        &manifest,
        text.replace("$copy/bpf.h\"\noriginal", "$cpy/bpf.h\"\noriginal"),
    )
    .expect("write");
    let out = deftab(&[
        "diff",
        "--copies",
        "--manifest",
        manifest.to_str().expect("utf-8"),
        "--root",
        root,
    ]);
    assert!(
        out.starts_with("exit: 2\n") && out.contains("no directory `$cpy`"),
        "{out}"
    );
    assert!(
        deftab(&[
            "diff",
            "--root",
            "drift",
            "drift/old/bpf.h",
            "drift/new/bpf.h"
        ])
        .starts_with("exit: 2\n")
    );
    let _ = fs::remove_dir_all(dir);
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn diff_copies_on_linux_6_12_compares_all_but_generated_headers() {
    let tree = kernel_tree();
    let out = deftab(&[
        "diff",
        "--copies",
        "--root",
        tree.to_str().expect("utf-8 path"),
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    // Only the notes of check-headers (originals missing from the tree) on stderr.
    assert!(
        !out.contains("warning:") && !out.contains("error:"),
        "no warning nor error: {out}"
    );
    let pairs = out.lines().filter(|l| l.starts_with("+++ ")).count();
    let cannot: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("cannot compare"))
        .collect();
    assert_eq!(pairs, 12, "{out}");
    assert_eq!(cannot.len(), 2, "{out}");
    assert!(
        cannot
            .iter()
            .all(|l| l.contains("is generated by the kernel build")
                || l.contains("is written by the kernel build")),
        "{out}"
    );
    assert!(
        out.contains("+ VHOST_SET_FORK_FROM_OWNER (define) = 1073852292 (unsigned long)"),
        "{out}"
    );
    assert!(
        out.contains("~ MSR_AMD64_SNP_RESV_BIT (define) = 18 → 24"),
        "{out}"
    );
    // And the perf beauty tables syncing the copies would change.
    let out = deftab(&[
        "diff",
        "--copies",
        "--root",
        tree.to_str().expect("utf-8 path"),
        "--preset",
        "perf-beauty",
    ]);
    let tables = out
        .split("tables of presets/perf-beauty.toml:\n")
        .nth(1)
        .expect("tables");
    assert!(
        tables.contains(
            "table vhost_virtio_ioctl_cmds: 1 entry added\n    + SET_FORK_FROM_OWNER = 132"
        ),
        "{out}"
    );
}
