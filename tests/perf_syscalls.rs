//! The `perf-syscalls` preset against the scripts it reproduces: `tests/perf/syscalltbl-
//! reference.sh` makes perf 6.12's 8 generated syscall tables the way its Makefiles do
//! (the arm64 and loongarch ones with `gcc -E -dM`), `deftab generate --preset
//! perf-syscalls` writes the same 8 files without a compiler, and every file must be
//! byte-identical. `perf-syscalls-fixed` is checked against the kernel's own tables.

mod common;

use common::kernel_tree;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The 8 files, as perf's Makefiles name them under the output directory.
const FILES: [&str; 8] = [
    "arch/x86/include/generated/asm/syscalls_64.c",
    "arch/x86/include/generated/asm/syscalls_32.c",
    "arch/powerpc/include/generated/asm/syscalls_64.c",
    "arch/powerpc/include/generated/asm/syscalls_32.c",
    "arch/s390/include/generated/asm/syscalls_64.c",
    "arch/mips/include/generated/asm/syscalls_n64.c",
    "arch/arm64/include/generated/asm/syscalls.c",
    "arch/loongarch/include/generated/asm/syscalls.c",
];

/// A fresh scratch directory under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// `deftab generate --preset NAME --root TREE --out-dir DIR`, which must succeed.
fn generate(preset: &str, tree: &Path, dir: &Path) {
    common::generate_in_tree(&["--preset", preset], tree, dir);
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn perf_syscalls_preset_is_byte_identical_to_the_scripts() {
    common::need_gcc();
    // Absolute, as perf's Makefile passes it (the arm64/loongarch files name the header).
    let tree = fs::canonicalize(kernel_tree()).unwrap();
    let want_dir = scratch("perf-syscalls-script");
    let got_dir = scratch("perf-syscalls-deftab");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/perf/syscalltbl-reference.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(&tree)
        .arg(&want_dir)
        .env("LC_ALL", "C")
        .output()
        .expect("bash runs");
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "8",
        "the reference scripts failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    generate("perf-syscalls", &tree, &got_dir);

    let mut identical = 0;
    let mut problems = Vec::new();
    for f in FILES {
        let want = fs::read_to_string(want_dir.join(f)).expect("the script's file");
        assert!(
            want.lines().count() > 300,
            "{f}: the script printed too little"
        );
        match fs::read_to_string(got_dir.join(f)) {
            Ok(got) if got == want => identical += 1,
            Ok(got) => {
                let diff = similar::TextDiff::from_lines(&want, &got);
                let excerpt: Vec<String> = (diff.unified_diff().context_radius(1).to_string())
                    .lines()
                    .take(12)
                    .map(String::from)
                    .collect();
                problems.push(format!("{f} differs:\n{}", excerpt.join("\n")));
            }
            Err(e) => problems.push(format!("{f}: not written ({e})")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(identical, 8);
}

/// The `[N] = "name",` entries of a generated C array.
fn array_entries(text: &str) -> Vec<(i128, String)> {
    let re = regex::Regex::new(r#"^\t\[(\d+)\] = "(\w+)",$"#).unwrap();
    text.lines()
        .filter_map(|l| re.captures(l))
        .map(|c| (c[1].parse().unwrap(), c[2].to_string()))
        .collect()
}

/// `__NR_*` of `target` read from the kernel tree's `asm/unistd.h` (the headers its build
/// generates), numbers less `offset`.
fn kernel_syscalls(tree: &Path, target: &str, offset: i128) -> Vec<(i128, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(["table", "asm/unistd.h", "--included", "--define"])
        .args([r"__NR_([a-z0-9_]+)", "--order", "value", "--lang", "json"])
        .args(["--target", target, "--kernel-tree"])
        .arg(tree)
        .output()
        .expect("the deftab binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (json["entries"].as_array().unwrap().iter())
        .map(|e| {
            let nr = e["value"].as_i64().unwrap() as i128 - offset;
            (nr, e["display"].as_str().unwrap().to_string())
        })
        .collect()
}

/// Every file of `perf-syscalls-fixed` is the kernel's own table of its ABI, as the tree's
/// `asm/unistd.h` reads for that target (the differences from `perf-syscalls` are listed in
/// the preset: arm64's "syscalls", mips' missing `common` line, …).
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn perf_syscalls_fixed_preset_is_the_kernels_tables() {
    let tree = fs::canonicalize(kernel_tree()).unwrap();
    let dir = scratch("perf-syscalls-fixed");
    generate("perf-syscalls-fixed", &tree, &dir);
    let targets = [
        ("x86_64", 0),
        ("i386", 0),
        ("powerpc64", 0),
        ("powerpc", 0),
        ("s390x", 0),
        ("mips64", 5000),
        ("aarch64", 0),
        ("loongarch64", 0),
    ];
    for (file, (target, offset)) in FILES.iter().zip(targets) {
        let text = fs::read_to_string(dir.join(file)).unwrap();
        let got = array_entries(&text);
        let want = kernel_syscalls(&tree, target, offset);
        assert!(want.len() > 300, "{target}: {} syscalls", want.len());
        assert_eq!(got, want, "{file} ({target})");
        let max = want.last().unwrap().0;
        assert!(text.contains(&format!("_MAX_ID {max}\n")), "{file}: {text}");
    }
}

/// On Linux 6.1, `perf-syscalls` picks 6.1's layout: the 4 tables of powerpc, s390 and mips
/// byte-identical to 6.1's own scripts run on the tree (the x86 host table is checked
/// against 6.1's `make archheaders` in tests/perf_beauty.rs, which runs perf's Makefile).
#[test]
#[ignore = "needs the 6.1 kernel tree: .ci/kernel-tree 6.1 or DEFTAB_KERNEL_TREE_6_1=DIR (CI runs it)"]
fn perf_syscalls_on_6_1_equals_its_scripts() {
    let tree = fs::canonicalize(common::kernel_tree_6_1()).unwrap();
    let dir = scratch("perf-syscalls-6.1");
    generate("perf-syscalls", &tree, &dir);
    let perf = tree.join("tools/perf/arch");
    let calls: [(&str, &str, &[&str]); 4] = [
        ("powerpc", "syscalls_64.c", &["64", "syscall.tbl"]),
        ("powerpc", "syscalls_32.c", &["32", "syscall.tbl"]),
        ("s390", "syscalls_64.c", &["syscall.tbl"]),
        ("mips", "syscalls_n64.c", &["syscall_n64.tbl"]),
    ];
    for (arch, file, args) in calls {
        let syscalls = perf.join(arch).join("entry/syscalls");
        let args = args.iter().map(|a| match a.ends_with(".tbl") {
            true => syscalls.join(a).display().to_string(),
            false => a.to_string(),
        });
        let out = Command::new("sh")
            .arg(syscalls.join("mksyscalltbl"))
            .args(args)
            .env("LC_ALL", "C")
            .output()
            .expect("sh runs");
        assert!(
            out.status.success(),
            "{arch}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let want = String::from_utf8(out.stdout).unwrap();
        assert!(want.starts_with("static const char *syscalltbl_"), "{want}");
        let path = format!("arch/{arch}/include/generated/asm/{file}");
        let got = fs::read_to_string(dir.join(&path)).unwrap();
        assert!(got == want, "{path} differs from 6.1's script");
    }
    // 6.1 makes x86's 64-bit table only, and no loongarch or arm64 table here (see the preset).
    let mut written = Vec::new();
    for arch in fs::read_dir(dir.join("arch")).unwrap() {
        let asm = arch.unwrap().path().join("include/generated/asm");
        for f in fs::read_dir(asm).unwrap() {
            written.push(
                f.unwrap()
                    .path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .display()
                    .to_string(),
            );
        }
    }
    written.sort();
    assert_eq!(
        written,
        [
            "arch/mips/include/generated/asm/syscalls_n64.c",
            "arch/powerpc/include/generated/asm/syscalls_32.c",
            "arch/powerpc/include/generated/asm/syscalls_64.c",
            "arch/s390/include/generated/asm/syscalls_64.c",
            "arch/x86/include/generated/asm/syscalls_64.c",
        ]
    );
}
