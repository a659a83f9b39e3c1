//! `deftab lint`: a fixture per table shape (tests/fixtures/lint), the false-alarm traps,
//! and perf's hand-kept tables in the kernel tree.

mod common;

use common::{deftab, kernel_tree, settings};
use std::process::Command;

/// `deftab lint` over a fixture, for x86_64 and alpha (whose values differ in the
/// fixture headers, as rlimits do), reading only the fixture headers.
fn lint(file: &str, extra: &[&str]) -> String {
    let path = format!("lint/{file}");
    let mut args = vec![
        "lint",
        "--sysroot-include",
        "lint/include",
        "--targets",
        "x86_64,alpha",
    ];
    args.extend(extra);
    args.push(&path);
    deftab(&args)
}

fn snap(name: &str, out: &str) {
    settings().bind(|| insta::assert_snapshot!(name, out));
}

#[test]
fn positional_tables_with_prefix_and_offset() {
    let out = lint("positional.c", &[]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    snap("positional", &out);
}

#[test]
fn positional_tables_as_json() {
    let out = lint("positional.c", &["--format", "json", "-q"]);
    snap("positional_json", &out);
}

#[test]
fn designated_sized_flag_and_ioctl_tables() {
    let out = lint("designated.c", &[]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    snap("designated", &out);
}

#[test]
fn switch_tables_also_through_a_macro_of_the_file() {
    let out = lint("switch.c", &[]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    snap("switch", &out);
}

#[test]
fn aliases_sentinels_descriptions_and_ifdef_entries_raise_nothing() {
    let out = lint("traps.c", &[]);
    assert_eq!(
        out,
        "exit: 0\n--- stderr\nnote: 4 tables checked, 0 with findings, 0 not checked\n"
    );
}

/// `deftab lint` of grow.c against the header before or after a change, with `--diff`.
fn lint_grow(include: &str, extra: &[&str]) -> String {
    let include = format!("lint/grow/{include}");
    let mut args = vec!["lint", "--sysroot-include", &include];
    args.extend(extra);
    args.push("lint/grow/grow.c");
    deftab(&args)
}

/// The names lint reports missing, in its order.
fn missing(out: &str) -> Vec<&str> {
    out.lines()
        .filter_map(|l| l.split(": missing ").nth(1))
        .filter_map(|rest| rest.split(' ').next())
        .collect()
}

#[test]
fn header_changes_reach_their_tables_through_the_headers_structure() {
    // Complete against the old header.
    let before = lint_grow("old", &[]);
    assert!(before.starts_with("exit: 0\n"), "{before}");
    assert!(missing(&before).is_empty(), "{before}");
    // New #defines next to the commands' block (one in parentheses) and an enumerator
    // before the sentinel are missing; the other GR_ family's new member and the flag
    // after the sentinel are not.
    let want = ["GR_SETFL", "GR_SETOWN", "GROW_OP_SYNC"];
    let after = lint_grow("new", &[]);
    assert!(after.starts_with("exit: 1\n"), "{after}");
    assert_eq!(missing(&after), want, "{after}");
    let diff = [
        "--diff",
        "lint/grow/old/demo/grow.h",
        "lint/grow/new/demo/grow.h",
    ];
    let changed = lint_grow("new", &diff);
    assert!(changed.starts_with("exit: 1\n"), "{changed}");
    assert_eq!(missing(&changed), want, "{changed}");
    let same = [
        "--diff",
        "lint/grow/new/demo/grow.h",
        "lint/grow/new/demo/grow.h",
    ];
    let unchanged = lint_grow("new", &same);
    assert!(unchanged.starts_with("exit: 0\n"), "{unchanged}");
    assert!(missing(&unchanged).is_empty(), "{unchanged}");
}

#[test]
fn a_missing_file_is_an_error() {
    let out = lint("no-such-file.c", &[]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(out.contains("no-such-file.c"), "{out}");
}

/// `deftab lint --kernel-tree . FILES` in the kernel tree, as text.
fn lint_perf(extra: &[&str]) -> String {
    let tree = kernel_tree();
    let perf = tree.join("tools/perf");
    let mut files: Vec<String> = vec!["tools/perf/builtin-trace.c".into()];
    for dir in ["trace/beauty", "util"] {
        let mut names: Vec<String> = std::fs::read_dir(perf.join(dir))
            .expect("perf sources")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".c"))
            .map(|n| format!("tools/perf/{dir}/{n}"))
            .collect();
        names.sort();
        files.extend(names);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(["lint", "--kernel-tree", "."])
        .args(extra)
        .args(&files)
        .current_dir(&tree)
        .output()
        .expect("deftab runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The findings (not the tables that were not checked) of a text output.
fn findings(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.contains(": not checked: ") && !l.contains(": unresolved: "))
        .collect()
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn perf_stale_tables_are_found_and_complete_ones_raise_nothing() {
    let out = lint_perf(&[]);
    let found = findings(&out);
    let has = |needle: &str| found.iter().any(|l| l.contains(needle));
    // bpf_cmd stops at PROG_BIND_MAP; 6.12 has BPF_TOKEN_CREATE (include/uapi/linux/bpf.h).
    assert!(
        has(
            "builtin-trace.c:742: table bpf_cmd (enum bpf_cmd): missing BPF_TOKEN_CREATE (= 36, include/uapi/linux/bpf.h:960)"
        ),
        "{out}"
    );
    // keyctl_options stops at GET_PERSISTENT (22); keyctl.h goes on to WATCH_KEY (32).
    for (name, value) in [
        ("KEYCTL_DH_COMPUTE", 23),
        ("KEYCTL_MOVE", 30),
        ("KEYCTL_WATCH_KEY", 32),
    ] {
        assert!(
            has(&format!(
                "table keyctl_options (#define KEYCTL_*): missing {name} (= {value},"
            )),
            "{out}"
        );
    }
    assert_eq!(
        found
            .iter()
            .filter(|l| l.contains("keyctl_options"))
            .count(),
        10,
        "{out}"
    );
    // F_CREATED_QUERY (F_LINUX_SPECIFIC_BASE + 4) is new in 6.12; FUTEX_LOCK_PI2 in 5.14.
    assert!(
        has(
            "fcntl_linux_specific_cmds (#define F_*): hole at [4]: no entry for F_CREATED_QUERY (= 1028"
        ),
        "{out}"
    );
    assert!(has("missing FUTEX_LOCK_PI2 (= 13"), "{out}");
    assert!(
        has("policies (#define SCHED_*): missing SCHED_EXT (= 7"),
        "{out}"
    );
    // fcntl_cmds stops at F_GETOWNER_UIDS (17); the next block of asm-generic/fcntl.h,
    // "Open File Description Locks", goes on at 36 (then F_OWNER_TID = 0 starts another
    // list).
    for (name, value) in [
        ("F_OFD_GETLK", 36),
        ("F_OFD_SETLK", 37),
        ("F_OFD_SETLKW", 38),
    ] {
        assert!(
            has(&format!(
                "table fcntl_cmds (#define F_*): missing {name} (= {value}, include/uapi/asm-generic/fcntl.h:"
            )),
            "{out}"
        );
    }
    assert!(
        !has("F_OWNER_TID") && !has("F_EXLCK") && !has("F_SHLCK"),
        "{out}"
    );
    // ioctl_tty_cmd holds full names at _IOC_NR of their value, as <uapi/asm-generic/
    // ioctls.h> (which ioctl.c includes) defines them: a typo, and FIOQSIZE (nr 0x60).
    assert!(
        has(
            "table ioctl_tty_cmd (names in asm-generic/ioctls.h): wrong name at [46]: has \"TIOCGRS48\", the header says TIOCGRS485 (= 21550,"
        ),
        "{out}"
    );
    assert!(
        has("table ioctl_tty_cmd (names in asm-generic/ioctls.h): missing FIOQSIZE (= 21600,"),
        "{out}"
    );
    assert_eq!(
        found.iter().filter(|l| l.contains("ioctl_tty_cmd")).count(),
        2,
        "{out}"
    );
    // The seccomp op switch (cases made by P_SECCOMP_SET_MODE_OP) lacks the two other
    // operations of its header block, "Valid operations for seccomp syscall".
    for (name, value) in [
        ("SECCOMP_GET_ACTION_AVAIL", 2),
        ("SECCOMP_GET_NOTIF_SIZES", 3),
    ] {
        assert!(
            has(&format!(
                "table syscall_arg__scnprintf_seccomp_op (#define SECCOMP_SET_MODE_*): missing {name} (= {value},"
            )),
            "{out}"
        );
    }
    // Not the next block's flags: SCHED_RESET_ON_FORK, FUTEX_PRIVATE_FLAG.
    assert!(
        !has("SCHED_RESET_ON_FORK") && !has("FUTEX_PRIVATE_FLAG"),
        "{out}"
    );
    // Complete tables raise nothing.
    for table in [
        "table clockid ",
        "table rlimit_resources ",
        "table whences ",
        "table itimers ",
        "table sighow ",
        "table epoll_ctl_ops ",
        "table syscall_arg__scnprintf_signum ",
        "table evsel__hw_names ",
    ] {
        assert!(!has(table), "{table}: {out}");
    }
    // SOCK_STREAM… are not uapi (linux/net.h): the socket type switch is not matched,
    // and says so, rather than reporting its cases as extra.
    assert!(
        out.contains("table syscall_arg__scnprintf_socket_type: not checked: "),
        "{out}"
    );
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn perf_tables_copied_from_asm_generic_are_wrong_on_other_architectures() {
    let out = lint_perf(&["--targets", "all"]);
    let found = findings(&out);
    let line = |needle: &str| {
        found
            .iter()
            .find(|l| l.contains(needle))
            .copied()
            .unwrap_or("")
    };
    // mips numbers rlimits differently: RLIMIT_NOFILE is 5 there (arch/mips/.../resource.h).
    let nofile = line(
        "table rlimit_resources (#define RLIMIT_*): wrong name at [7]: has \"NOFILE\", the header says RLIMIT_NOFILE (= 5,",
    );
    assert!(nofile.ends_with("[mips, mips64]"), "{out}");
    // alpha's F_GETLK is 7 and its 5 is F_SETOWN.
    assert!(line("table fcntl_cmds (#define F_*): wrong name at [5]: has \"GETLK\", the header says F_SETOWN (= 5,").ends_with("[alpha]"), "{out}");
    // sighow is positional from 0; alpha and mips number SIG_BLOCK… from 1, sparc has
    // SIG_SETMASK = 4 (their asm/signal.h, read rather than asm-generic/signal-defs.h).
    let block = line(
        "table sighow (#define SIG_*): wrong name at [0]: has \"BLOCK\", the header says SIG_BLOCK (= 1,",
    );
    for t in ["mips", "alpha", "sparc64"] {
        assert!(block.contains(t), "{out}");
    }
    assert!(
        line("table sighow (#define SIG_*): wrong name at [2]: has \"SETMASK\", the header says SIG_SETMASK (= 4,").ends_with("[sparc64]"),
        "{out}"
    );
    // fcntl_setlease and the per-architecture F_GETLK….
    assert!(
        line("table fcntl_setlease (#define F_*): wrong name at [0]: has \"RDLCK\"")
            .contains("parisc"),
        "{out}"
    );
    // The generic findings hold everywhere: no target list.
    assert!(
        line("missing BPF_TOKEN_CREATE").ends_with("bpf.h:960)"),
        "{out}"
    );
}

#[test]
fn a_manifest_declares_a_table_inference_cannot_match() {
    let without = lint("declared.c", &[]);
    assert!(
        without.contains("table sig_names: not checked: "),
        "{without}"
    );
    let out = lint("declared.c", &["--manifest", "lint/lint.toml"]);
    snap("declared", &out);
}

#[test]
fn a_manifest_allows_an_intentional_oddity() {
    let out = lint("positional.c", &["--manifest", "lint/lint.toml"]);
    assert!(!out.contains("GONE"), "{out}");
    assert!(out.contains("no entry for OPT_NOTIFY"), "{out}");
}

#[test]
fn diff_shows_only_what_the_header_change_made_stale() {
    // The old cmd.h has no DEMO_FREEZE: demo_cmd was complete, the other tables were
    // already stale (not news).
    let out = lint(
        "positional.c",
        &["--diff", "lint/old/demo/cmd.h", "lint/include/demo/cmd.h"],
    );
    snap("diff", &out);
    let unchanged = lint(
        "positional.c",
        &[
            "--diff",
            "lint/include/demo/cmd.h",
            "lint/include/demo/cmd.h",
        ],
    );
    assert!(unchanged.starts_with("exit: 0\n"), "{unchanged}");
}

/// Hard links of every file under `from` in `to` (copies where links cannot be made): a
/// tree to edit by replacing files, never by writing into them (they are the shared tree's).
fn link_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("a directory");
    for e in std::fs::read_dir(from).expect("the kernel tree").flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let kind = e.file_type().expect("a file type");
        if kind.is_dir() {
            link_tree(&src, &dst);
        } else if kind.is_symlink() {
            let target = std::fs::read_link(&src).expect("a link");
            std::os::unix::fs::symlink(target, &dst).expect("a link");
        } else if std::fs::hard_link(&src, &dst).is_err() {
            std::fs::copy(&src, &dst).expect("a copy");
        }
    }
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn bpf_cmd_growing_after_6_12_is_found_without_its_flag_after_the_sentinel() {
    // enum bpf_cmd as it grew in 2025-26: two commands before __MAX_BPF_CMD, then a flag
    // OR'd into the command after it.
    let tree = kernel_tree();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let copy = dir.path().join("linux");
    link_tree(&tree, &copy);
    let bpf = "include/uapi/linux/bpf.h";
    let text = std::fs::read_to_string(tree.join(bpf)).expect("bpf.h");
    let edited = text.replacen(
        "\t__MAX_BPF_CMD,\n",
        "\tBPF_PROG_STREAM_READ_BY_FD,\n\tBPF_PROG_ASSOC_STRUCT_OPS,\n\t__MAX_BPF_CMD,\n\tBPF_COMMON_ATTRS = 1 << 16,\n",
        1,
    );
    assert_ne!(edited, text, "bpf.h has __MAX_BPF_CMD");
    // A new file, not a write through the link into the shared tree.
    std::fs::remove_file(copy.join(bpf)).expect("the link removed");
    std::fs::write(copy.join(bpf), edited).expect("the edited bpf.h");
    let run = |extra: &[&std::ffi::OsStr]| {
        let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
            .args(["lint", "--kernel-tree", "."])
            .args(extra)
            .arg("tools/perf/builtin-trace.c")
            .current_dir(&copy)
            .output()
            .expect("deftab runs");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        stdout
    };
    let bpf_cmd = |out: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.contains("table bpf_cmd ") || l.contains("BPF_COMMON_ATTRS"))
            .map(|l| l.split(": ").skip(2).collect::<Vec<_>>().join(": "))
            .collect()
    };
    let names = |out: &str| -> Vec<String> {
        bpf_cmd(out)
            .iter()
            .map(|l| match l.strip_prefix("missing ") {
                Some(rest) => rest.split(' ').next().unwrap_or("").to_string(),
                None => l.clone(),
            })
            .collect()
    };
    let out = run(&[]);
    assert!(!out.contains("BPF_COMMON_ATTRS"), "{out}");
    assert_eq!(
        names(&out),
        [
            "BPF_TOKEN_CREATE",
            "BPF_PROG_STREAM_READ_BY_FD",
            "BPF_PROG_ASSOC_STRUCT_OPS"
        ],
        "{:?}\n{out}",
        bpf_cmd(&out)
    );
    let (old, new) = (tree.join(bpf), copy.join(bpf));
    let out = run(&["--diff".as_ref(), old.as_os_str(), new.as_os_str()]);
    assert!(!out.contains("BPF_COMMON_ATTRS"), "{out}");
    assert_eq!(
        names(&out),
        ["BPF_PROG_STREAM_READ_BY_FD", "BPF_PROG_ASSOC_STRUCT_OPS"],
        "{:?}\n{out}",
        bpf_cmd(&out)
    );
}
