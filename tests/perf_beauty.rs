//! The `perf-beauty` preset against the scripts it reproduces: `tests/perf/reference.sh` runs
//! every `tools/perf/trace/beauty/*.sh` the way `tools/perf/Makefile.perf` does, `deftab
//! generate --preset perf-beauty` writes the same 31 files, and every file must be
//! byte-identical. Needs the kernel tree `.ci/kernel-tree` fetches; skips without it.

mod common;

use common::{generate_in_tree as generate, kernel_tree, kernel_tree_6_1, need_program};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh scratch directory under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// The names of the `.c` files of `dir`, sorted.
fn c_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("readable directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".c"))
        .collect();
    names.sort();
    names
}

/// The first lines that differ, as a short unified-style excerpt.
fn short_diff(want: &str, got: &str) -> String {
    let diff = similar::TextDiff::from_lines(want, got);
    diff.unified_diff()
        .context_radius(1)
        .header("script", "deftab")
        .to_string()
        .lines()
        .take(12)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn perf_beauty_preset_is_byte_identical_to_the_scripts() {
    let tree = kernel_tree();
    let want_dir = scratch("perf-beauty-script");
    let got_dir = scratch("perf-beauty-deftab");

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/perf/reference.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(&tree)
        .arg(&want_dir)
        .env("LC_ALL", "C")
        .output()
        .expect("bash runs");
    let log = String::from_utf8_lossy(&out.stdout);
    let failed: Vec<&str> = log.lines().filter(|l| !l.starts_with("0 ")).collect();
    assert!(
        out.status.success() && failed.is_empty(),
        "the reference scripts failed: {failed:?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(["generate", "--preset", "perf-beauty", "--root"])
        .arg(&tree)
        .arg("--out-dir")
        .arg(&got_dir)
        .output()
        .expect("the deftab binary runs");
    assert!(
        out.status.success(),
        "deftab generate failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let want = c_files(&want_dir);
    assert_eq!(want.len(), 31, "the scripts wrote {want:?}");
    assert_eq!(c_files(&got_dir), want, "deftab wrote other files");
    let mut differ = Vec::new();
    for name in &want {
        let w = fs::read_to_string(want_dir.join(name)).expect("script output");
        let g = fs::read_to_string(got_dir.join(name)).expect("deftab output");
        if w != g {
            differ.push(format!("{name}:\n{}", short_diff(&w, &g)));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of 31 files differ from the scripts' output:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// The fixed tables read the headers through the preprocessor: on x86_64 they hold what the
/// scripts find (the same bytes where the order is the same, the same lines where the fixed
/// table is in value order).
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn fixed_preset_agrees_with_the_scripts_on_x86_64() {
    fixed_agrees_with_the_scripts(&kernel_tree(), "6.12");
}

/// On Linux 6.1 too: perf-beauty-fixed finds the header copies where 6.1 keeps them (its
/// `<linux/mount.h>` under tools/include/uapi), and agrees with 6.1's scripts (perf-beauty
/// on 6.1, which equals 6.1's Makefile).
#[test]
#[ignore = "needs the 6.1 kernel tree: .ci/kernel-tree 6.1 or DEFTAB_KERNEL_TREE_6_1=DIR (CI runs it)"]
fn fixed_preset_agrees_with_the_scripts_on_6_1() {
    fixed_agrees_with_the_scripts(&kernel_tree_6_1(), "6.1");
}

fn fixed_agrees_with_the_scripts(tree: &Path, name: &str) {
    let want_dir = scratch(&format!("perf-beauty-fixed-script-{name}"));
    let got_dir = scratch(&format!("perf-beauty-fixed-deftab-{name}"));
    generate(&["--preset", "perf-beauty"], tree, &want_dir);
    generate(&["--preset", "perf-beauty-fixed"], tree, &got_dir);
    let fixed = c_files(&got_dir);
    assert!(fixed.len() >= 8, "{fixed:?}");
    for name in &fixed {
        let w = fs::read_to_string(want_dir.join(name)).expect("perf-beauty output");
        let g = fs::read_to_string(got_dir.join(name)).expect("fixed output");
        if name.starts_with("mmap_") {
            // Value order instead of header order: the same entries.
            let sorted = |s: &str| {
                let mut l: Vec<String> = s.lines().map(String::from).collect();
                l.sort();
                l
            };
            assert_eq!(sorted(&w), sorted(&g), "{name}:\n{}", short_diff(&w, &g));
        } else {
            assert_eq!(w, g, "{name}:\n{}", short_diff(&w, &g));
        }
    }
}

/// fadvise.h has other values under `#if defined(__s390x__)`: the fixed table follows the
/// preprocessor (checked against gcc), where the script keeps the x86 values.
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn fixed_fadvise_follows_the_s390x_branch() {
    let tree = kernel_tree();
    let header = tree.join("tools/include/uapi/linux/fadvise.h");
    let gcc = Command::new("gcc")
        .args(["-E", "-dM", "-D__s390x__", "-x", "c"])
        .arg(&header)
        .output()
        .expect("gcc runs");
    let macros = String::from_utf8_lossy(&gcc.stdout);
    let value = |name: &str| -> String {
        macros
            .lines()
            .find_map(|l| l.strip_prefix(&format!("#define POSIX_FADV_{name} ")))
            .unwrap_or_else(|| panic!("gcc defines no POSIX_FADV_{name}"))
            .to_string()
    };
    // Until deftab has an s390x target, the branch is taken with -D__s390x__.
    let preset = deftab::generate::presets::PRESETS
        .iter()
        .find(|(n, _)| *n == "perf-beauty-fixed")
        .expect("the preset exists")
        .1;
    let manifest = preset.replacen("[options]\n", "[options]\ndefines = [\"__s390x__\"]\n", 1);
    let dir = scratch("perf-beauty-fixed-s390x");
    let path = dir.join("manifest.toml");
    fs::write(&path, manifest).expect("manifest written");
    let out = dir.join("out");
    generate(
        &["--manifest", path.to_str().expect("utf-8 path")],
        &tree,
        &out,
    );
    let got = fs::read_to_string(out.join("fadvise_advice_array.c")).expect("fadvise output");
    for name in ["DONTNEED", "NOREUSE"] {
        let entry = format!("\t[{}] = \"{name}\",\n", value(name));
        assert!(got.contains(&entry), "no {entry:?} in:\n{got}");
    }
    assert_ne!(value("DONTNEED"), "4", "gcc took the s390x branch");
}

/// arch_errno_names.sh makes one function per `tools/arch/*/include/uapi/asm/errno.h`: so
/// does the preset, whatever arches the tree has (here a made-up one, `zz9`, that redefines
/// EAGAIN, next to the tree's x86).
#[cfg(unix)]
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn errno_tables_follow_the_arches_of_the_tree() {
    let tree = kernel_tree();
    let preset = deftab::generate::presets::PRESETS
        .iter()
        .find(|(n, _)| *n == "perf-beauty")
        .expect("the preset exists")
        .1;
    // The preset's [dirs] and [options], and its arch_errno_name_array.c only.
    let head = &preset[..preset.find("[[file]]").expect("a file")];
    let errno = &preset[preset
        .find("[[file]]\npath = \"arch_errno_name_array.c\"")
        .expect("the errno file")..];
    let root = scratch("perf-beauty-errno-root");
    let tools = root.join("tools");
    fs::create_dir_all(tools.join("arch/zz9/include/uapi/asm")).expect("arch dir");
    std::os::unix::fs::symlink(tree.join("tools/include"), tools.join("include")).expect("link");
    std::os::unix::fs::symlink(tree.join("tools/arch/x86"), tools.join("arch/x86")).expect("link");
    fs::write(
        tools.join("arch/zz9/include/uapi/asm/errno.h"),
        "#include <asm-generic/errno.h>\n#undef EAGAIN\n#define EAGAIN 1234\n",
    )
    .expect("errno.h");
    let manifest = root.join("errno.toml");
    fs::write(&manifest, format!("{head}{errno}")).expect("manifest");
    let out = root.join("out");
    generate(
        &["--manifest", manifest.to_str().expect("utf-8")],
        &root,
        &out,
    );
    let got = fs::read_to_string(out.join("arch_errno_name_array.c")).expect("output");
    let functions: Vec<&str> = got
        .lines()
        .filter_map(|l| l.strip_prefix("static const char *errno_to_name__"))
        .collect();
    assert_eq!(
        functions,
        ["generic(int err)", "x86(int err)", "zz9(int err)"],
        "{got}"
    );
    let zz9 = &got[got.find("errno_to_name__zz9(int err)").expect("zz9")..];
    assert!(zz9.contains("\tcase 1234: return \"EAGAIN\";\n"), "{zz9}");
    assert!(
        !zz9[..zz9.find("default:").expect("default")].contains("case 11:"),
        "{zz9}"
    );
    assert!(got.contains("\tif (!strcmp(arch, \"zz9\"))\n\t\treturn errno_to_name__zz9;\n"));
}

/// Every `.c` file under `dir` (recursively), by file name.
fn c_files_deep(dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    for e in fs::read_dir(dir).expect("readable directory").flatten() {
        let p = e.path();
        if p.is_dir() {
            c_files_deep(&p, out);
        } else if p.extension().is_some_and(|x| x == "c") {
            out.push((e.file_name().to_string_lossy().into_owned(), p));
        }
    }
}

/// perf's own Makefile (`tests/perf/make-reference.sh`, every beauty table Makefile.perf
/// generates) against `generate --preset perf-beauty`, which picks the tree's layout: every
/// file byte-identical, `count` of them.
fn equals_the_makefile(tree: &Path, name: &str, count: usize) -> PathBuf {
    need_program("flex", "apt-get install flex");
    need_program("bison", "apt-get install bison");
    let want_dir = scratch(&format!("perf-make-{name}"));
    let got_dir = scratch(&format!("perf-make-deftab-{name}"));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/perf/make-reference.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(tree)
        .arg(&want_dir)
        .env("LC_ALL", "C")
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "perf's Makefile failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        fs::read_to_string(want_dir.join("make.log")).unwrap_or_default()
    );
    generate(&["--preset", "perf-beauty"], tree, &got_dir);
    let mut want = Vec::new();
    c_files_deep(&want_dir.join("trace/beauty/generated"), &mut want);
    want.sort();
    assert_eq!(want.len(), count, "the Makefile wrote {want:?}");
    let names: Vec<String> = want.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(c_files(&got_dir), names, "deftab wrote other files");
    let mut differ = Vec::new();
    for (name, path) in &want {
        let w = fs::read_to_string(path).expect("Makefile output");
        let g = fs::read_to_string(got_dir.join(name)).expect("deftab output");
        if w != g {
            differ.push(format!("{name}:\n{}", short_diff(&w, &g)));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {count} files differ from perf's Makefile:\n{}",
        differ.len(),
        differ.join("\n")
    );
    host_syscall_tables_equal_the_makefile(tree, &want_dir, name);
    got_dir
}

/// The same Makefile run's `archheaders` (the x86 host's syscall tables: 6.12 makes
/// syscalls_64.c and syscalls_32.c, 6.1 syscalls_64.c only) against `generate --preset
/// perf-syscalls`, which picks the tree's layout: each file byte-identical.
fn host_syscall_tables_equal_the_makefile(tree: &Path, want_dir: &Path, name: &str) {
    let generated = "arch/x86/include/generated/asm";
    let mut want = Vec::new();
    c_files_deep(&want_dir.join(generated), &mut want);
    let want_count = if name.starts_with("6.1-") || name == "6.1" {
        1
    } else {
        2
    };
    assert_eq!(want.len(), want_count, "archheaders wrote {want:?}");
    let got_dir = scratch(&format!("perf-syscalls-deftab-{name}"));
    generate(&["--preset", "perf-syscalls"], tree, &got_dir);
    for (file, path) in &want {
        let w = fs::read_to_string(path).expect("Makefile output");
        let g = fs::read_to_string(got_dir.join(generated).join(file)).expect("deftab output");
        assert!(
            w == g,
            "{name}: {file} differs from archheaders:\n{}",
            short_diff(&w, &g)
        );
    }
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn perf_beauty_equals_perf_makefile_on_6_12() {
    equals_the_makefile(&kernel_tree(), "6.12", 31);
}

#[test]
#[ignore = "needs the 6.1 kernel tree: .ci/kernel-tree 6.1 or DEFTAB_KERNEL_TREE_6_1=DIR (CI runs it)"]
fn perf_beauty_equals_perf_makefile_on_6_1() {
    equals_the_makefile(&kernel_tree_6_1(), "6.1", 28);
}

/// Constants the header copies gain, in the usual shape and in others (a value in
/// parentheses, other spacing, an expression, hex where decimal is usual, new enum members,
/// one without a value): (the copy, in 6.12's place then 6.1's; the line after which they
/// go; the lines).
const GAINED: [(&[&str], &str, &str); 8] = [
    (
        &[
            "tools/perf/trace/beauty/include/uapi/linux/prctl.h",
            "tools/include/uapi/linux/prctl.h",
        ],
        "#define PR_SET_PDEATHSIG",
        "#define PR_DEFTAB_NEW\t\t\t90\n#define PR_DEFTAB_PAREN\t\t(91)\n#define  PR_DEFTAB_SPACED   92\n\
         #define PR_DEFTAB_EXPR (PR_DEFTAB_NEW + 3)\n#define PR_DEFTAB_HEX 0x5e\n#define PR_DEFTAB_TAB\t95 /* c */\n",
    ),
    (
        &[
            "tools/perf/trace/beauty/include/uapi/linux/sched.h",
            "tools/include/uapi/linux/sched.h",
        ],
        "#define CLONE_INTO_CGROUP",
        "#define CLONE_DEFTAB_NEW 0x400000000ULL /* new */\n#define CLONE_DEFTAB_PAREN (0x800000000ULL)\n\
         #define\tCLONE_DEFTAB_TABS\t0x1000000000ULL\n",
    ),
    (
        &[
            "tools/perf/trace/beauty/include/uapi/linux/mount.h",
            "tools/include/uapi/linux/mount.h",
        ],
        "FSCONFIG_CMD_RECONFIGURE",
        "\tFSCONFIG_DEFTAB_NEW = 20,\t/* new */\n\tFSCONFIG_DEFTAB_IMPLICIT,\n\tFSCONFIG_DEFTAB_EXPR = 1 + 22,\n",
    ),
    (
        &[
            "tools/perf/trace/beauty/include/uapi/linux/fs.h",
            "tools/include/uapi/linux/fs.h",
        ],
        "#define RENAME_WHITEOUT",
        "#define RENAME_DEFTAB_NEW\t\t(1 << 3)\n#define RENAME_DEFTAB_SPACED ( 1 << 4 )\n#define RENAME_DEFTAB_HEX 0x20\n",
    ),
    (
        &["tools/include/uapi/linux/in.h"],
        "IPPROTO_MPTCP = 262",
        "  IPPROTO_DEFTAB = 263,\t\t/* new */\n  IPPROTO_DEFTAB_EXPR = 260 + 4,\n",
    ),
    (
        &["tools/include/uapi/linux/fadvise.h"],
        "#define POSIX_FADV_WILLNEED",
        "#define POSIX_FADV_DEFTAB\t8 /* new */\n#define POSIX_FADV_DEFTAB_PAREN (9)\n",
    ),
    (
        &["tools/include/uapi/asm-generic/mman-common.h"],
        "#define MADV_COLLAPSE",
        "#define MADV_DEFTAB_NEW\t26\t\t/* new */\n#define MADV_DEFTAB_EXPR\t(MADV_DEFTAB_NEW + 1)\n\
         #define MADV_DEFTAB_SPACED  28\n",
    ),
    (
        &["tools/include/uapi/asm-generic/mman-common.h"],
        "#define MAP_FIXED_NOREPLACE",
        "#define MAP_DEFTAB_NEW\t\t0x20000000\t/* new */\n#define MAP_DEFTAB_PAREN (0x40000000)\n",
    ),
];

/// A copy of `tree` whose header copies gained [`GAINED`]: `tools/`, `scripts/` and the
/// top Makefile copied (what perf's Makefile and deftab read and may write), `include/` and
/// `arch/` linked (read only).
fn tree_with_gained_constants(tree: &Path, name: &str) -> PathBuf {
    let tree = fs::canonicalize(tree).unwrap();
    let copy = scratch(name);
    let cp = Command::new("cp")
        .arg("-a")
        .args(["tools", "scripts", "Makefile"].map(|d| tree.join(d)))
        .arg(&copy)
        .status()
        .expect("cp runs");
    assert!(cp.success(), "cp -a {}", tree.display());
    for d in ["include", "arch"] {
        std::os::unix::fs::symlink(tree.join(d), copy.join(d)).unwrap();
    }
    for (places, after, lines) in GAINED {
        let path = places
            .iter()
            .map(|p| copy.join(p))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("none of {places:?} in {}", tree.display()));
        let text = fs::read_to_string(&path).unwrap();
        let at = text
            .find(after)
            .unwrap_or_else(|| panic!("{}: no `{after}`", path.display()));
        let eol = at + text[at..].find('\n').unwrap() + 1;
        fs::write(&path, format!("{}{lines}{}", &text[..eol], &text[eol..])).unwrap();
    }
    copy
}

/// The tables of a tree whose header copies gained constants still equal perf's Makefile
/// output, and the new constants show in them.
fn gained_constants_equal_the_makefile(tree: &Path, name: &str, count: usize) {
    let copy = tree_with_gained_constants(tree, &format!("perf-gained-tree-{name}"));
    let got = equals_the_makefile(&copy, name, count);
    let mut shown = Vec::new();
    for file in c_files(&got) {
        if fs::read_to_string(got.join(&file))
            .unwrap()
            .contains("DEFTAB")
        {
            shown.push(file);
        }
    }
    assert!(
        shown.len() >= 6,
        "the gained constants show only in {shown:?}"
    );
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn gained_constants_on_6_12_equal_perf_makefile() {
    gained_constants_equal_the_makefile(&kernel_tree(), "6.12-gained", 31);
}

#[test]
#[ignore = "needs the 6.1 kernel tree: .ci/kernel-tree 6.1 or DEFTAB_KERNEL_TREE_6_1=DIR (CI runs it)"]
fn gained_constants_on_6_1_equal_perf_makefile() {
    gained_constants_equal_the_makefile(&kernel_tree_6_1(), "6.1-gained", 28);
}

/// A tree whose Makefile.perf generates a list deftab has no layout for is an error naming
/// the Makefile, not the nearest layout's tables.
#[test]
#[ignore = "needs the 6.1 kernel tree: .ci/kernel-tree 6.1 or DEFTAB_KERNEL_TREE_6_1=DIR (CI runs it)"]
fn an_unknown_makefile_layout_is_an_error() {
    let tree = kernel_tree_6_1();
    let root = scratch("perf-layout-unknown");
    let perf = root.join("tools/perf");
    fs::create_dir_all(&perf).expect("mkdir");
    let makefile = fs::read_to_string(tree.join("tools/perf/Makefile.perf")).expect("Makefile");
    let edited = makefile.replace(
        "kcmp_type_array := $(beauty_outdir)/kcmp_type_array.c",
        "kcmp_type_array := $(beauty_outdir)/kcmp_type_array.c\nnew_array := $(beauty_outdir)/new_array.c",
    );
    assert_ne!(edited, makefile);
    fs::write(perf.join("Makefile.perf"), edited).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(["generate", "--preset", "perf-beauty", "--root"])
        .arg(&root)
        .arg("--out-dir")
        .arg(root.join("out"))
        .output()
        .expect("deftab runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("Makefile.perf: generates 29 beauty tables"),
        "{err}"
    );
    assert!(err.contains("new_array.c"), "{err}");
    assert!(!root.join("out").exists());
}
