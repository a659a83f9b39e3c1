//! Every target against its real cross compiler (Debian's `gcc-<triplet>`, installed by
//! `.ci/run` for the `CI_TARGETS`). These tests are ignored by a plain `cargo test`; run with
//! `--include-ignored` (as `.ci/run` does) a CI target without its compiler or sysroot is a
//! failure naming the package. Other targets are checked where installed and listed where
//! not; bench/verify-targets.sh runs all of them.

mod common;

use common::kernel_tree;
use deftab::ctype::{FloatKind, IntRank};
use deftab::target::{TARGETS, Target};
use std::path::PathBuf;
use std::process::Command;

/// The targets whose cross compilers and sysroots `.ci/run` installs.
const CI_TARGETS: [&str; 5] = ["x86_64", "i386", "s390x", "mips", "alpha"];

/// The toolchain of `t`: required (a failure naming the package) for the CI targets,
/// `None` with a message for the others when absent.
fn toolchain_for(t: &Target) -> Option<(String, PathBuf)> {
    match toolchain(t) {
        Ok(tc) => Some(tc),
        Err(why) if CI_TARGETS.contains(&t.name) => {
            panic!("{}: {why} (.ci/run installs it)", t.name)
        }
        Err(why) => {
            eprintln!("not checked {}: {why}", t.name);
            None
        }
    }
}

/// The cross compiler and sysroot of `t`, or why it is not there.
fn toolchain(t: &Target) -> Result<(String, PathBuf), String> {
    let (cc, include) = if t.is_host() {
        ("gcc".to_string(), PathBuf::from("/usr/include"))
    } else {
        let sysroot = t.cross_sysroot_include().ok_or_else(|| {
            format!(
                "no /usr/{}/include (apt-get install libc6-dev-{}-cross)",
                t.cc_triplet, t.debian_arch
            )
        })?;
        (format!("{}-gcc", t.cc_triplet), sysroot)
    };
    let found = Command::new(&cc).arg("--version").output().is_ok();
    if found {
        Ok((cc, include))
    } else {
        Err(format!("{cc} is not installed"))
    }
}

/// `_Static_assert`s of the size and struct alignment of every scalar type, as the data
/// model says; compiled with `-fsyntax-only`, so any disagreement is an error line.
fn alignment_probe(t: &Target) -> String {
    let ints = [
        ("short", IntRank::Short),
        ("int", IntRank::Int),
        ("long", IntRank::Long),
        ("long long", IntRank::LongLong),
    ];
    let floats = [
        ("float", FloatKind::Float),
        ("double", FloatKind::Double),
        ("long double", FloatKind::LongDouble),
    ];
    let mut facts: Vec<(String, u64, u64)> = vec![
        ("_Bool".into(), 1, 1),
        ("char".into(), 1, 1),
        (
            "void *".into(),
            t.model.pointer.into(),
            t.model.pointer.into(),
        ),
    ];
    for (name, rank) in ints {
        facts.push((name.into(), t.int_size(rank), t.int_align(rank)));
    }
    for (name, kind) in floats {
        facts.push((name.into(), t.float_size(kind), t.float_align(kind)));
    }
    let mut src = String::new();
    for (i, (ty, size, align)) in facts.iter().enumerate() {
        // Inside a struct, as the layout engine places members.
        src += &format!(
            "struct s{i} {{ char c; {ty} m; }};\n\
             _Static_assert(sizeof({ty}) == {size}, \"sizeof({ty})\");\n\
             _Static_assert(_Alignof({ty}) == {align}, \"_Alignof({ty})\");\n\
             _Static_assert(__builtin_offsetof(struct s{i}, m) == {align}, \"in a struct: {ty}\");\n"
        );
    }
    let m = &t.model;
    let types = [
        ("__SIZE_TYPE__", m.size_t),
        ("__PTRDIFF_TYPE__", m.ptrdiff_t),
        ("__WCHAR_TYPE__", m.wchar_t),
    ];
    for (macro_name, ty) in types {
        src += &format!(
            "_Static_assert(_Generic(({macro_name})0, {}: 1, default: 0), \"{macro_name}\");\n",
            ty.c_name()
        );
    }
    src += &format!(
        "_Static_assert(((char)-1 < 0) == {}, \"char signedness\");\n",
        u8::from(m.char_signed)
    );
    src += &format!(
        "_Static_assert(__BIGGEST_ALIGNMENT__ == {}, \"biggest alignment\");\n",
        m.biggest_align
    );
    src
}

#[test]
#[ignore = "needs the cross compilers and sysroots .ci/run installs (gcc-<triplet>, libc6-dev-<arch>-cross)"]
fn data_models_agree_with_the_cross_compilers() {
    let mut checked = 0;
    for t in TARGETS {
        let Some((cc, _)) = toolchain_for(t) else {
            continue;
        };
        let dir = std::env::temp_dir().join(format!("deftab-align-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{}.c", t.name));
        std::fs::write(&file, alignment_probe(t)).unwrap();
        let out = Command::new(&cc)
            .args(["-std=gnu11", "-fsyntax-only"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {cc} disagrees with the data model:\n{}",
            t.name,
            String::from_utf8_lossy(&out.stderr)
        );
        checked += 1;
    }
    eprintln!("{checked} targets checked");
}

/// The closing line of `deftab verify`: (mismatches, coverage without struct layouts).
fn summary(stdout: &str) -> Option<(u64, f64, f64)> {
    let re =
        regex::Regex::new(r"(\d+) mismatches, .*\(coverage ([\d.]+)%(?:; ([\d.]+)% leaving out)?")
            .unwrap();
    let line = stdout.lines().rev().find(|l| l.starts_with("verify: "))?;
    let c = re.captures(line)?;
    let all: f64 = c[2].parse().ok()?;
    let without = c.get(3).map_or(Some(all), |m| m.as_str().parse().ok())?;
    Some((c[1].parse().ok()?, all, without))
}

/// `deftab verify --target T` over every `linux/*.h` of the target's sysroot: no
/// mismatch, and ≥ 99.5% of the compiler's integer constants evaluated (leaving out, until
/// the layout engine lands, those that need a struct layout). Headers the compiler itself
/// cannot compile alone (coda.h needs <sys/types.h>, patchkey.h refuses direct inclusion…)
/// are the only errors allowed.
#[test]
#[ignore = "needs the cross compilers and sysroots .ci/run installs (gcc-<triplet>, libc6-dev-<arch>-cross)"]
fn verify_linux_headers_for_each_ci_target() {
    std::thread::scope(|s| {
        let runs: Vec<_> = CI_TARGETS
            .iter()
            .map(|&name| s.spawn(move || verify_target(name)))
            .collect();
        for r in runs {
            r.join().unwrap();
        }
    });
}

fn verify_target(name: &str) {
    let t = Target::lookup(name).unwrap();
    let (cc, include) = toolchain_for(t).expect("a CI target");
    let mut headers: Vec<PathBuf> = std::fs::read_dir(include.join("linux"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "h"))
        .collect();
    headers.sort();
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(["verify", "--target", name, "--cc", &cc])
        .args(&headers)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let Some((mismatches, all, without_layouts)) = summary(&stdout) else {
        panic!("{name}: no summary:\n{stdout}\n{stderr}");
    };
    eprintln!("{name}: {}", stdout.lines().last().unwrap_or(""));
    let mismatch_lines: Vec<&str> = stdout.lines().filter(|l| l.contains("mismatch")).collect();
    assert_eq!(mismatches, 0, "{name}:\n{}", mismatch_lines.join("\n"));
    assert!(
        without_layouts >= 99.5,
        "{name}: coverage {all}% ({without_layouts}% without struct layouts)"
    );
    // Errors only for headers the compiler cannot compile on their own either.
    let foreign: Vec<String> = common::headers_with_errors(&stderr)
        .into_iter()
        .filter(|h| !common::compiler_rejects(&cc, h))
        .collect();
    assert!(
        foreign.is_empty(),
        "{name}: deftab errors on {foreign:?}:\n{stderr}"
    );
}

/// Where each target's syscall numbers come from in the kernel tree: the table, the ABIs
/// its unistd header is generated with (arch/*/kernel/syscalls/Makefile), the number
/// offset (arm: EABI, whose `__NR_SYSCALL_BASE` is 0; the `oabi` entries are not its).
const SYSCALL_TABLES: &[(&str, &str, &[&str], i128)] = &[
    (
        "x86_64",
        "arch/x86/entry/syscalls/syscall_64.tbl",
        &["common", "64"],
        0,
    ),
    (
        "i386",
        "arch/x86/entry/syscalls/syscall_32.tbl",
        &["i386"],
        0,
    ),
    (
        "x32",
        "arch/x86/entry/syscalls/syscall_64.tbl",
        &["common", "x32"],
        0x4000_0000,
    ),
    ("arm", "arch/arm/tools/syscall.tbl", &["common"], 0),
    (
        "aarch64",
        "scripts/syscall.tbl",
        &["common", "64", "renameat", "rlimit", "memfd_secret"],
        0,
    ),
    (
        "riscv64",
        "scripts/syscall.tbl",
        &["common", "64", "riscv", "rlimit", "memfd_secret"],
        0,
    ),
    (
        "s390x",
        "arch/s390/kernel/syscalls/syscall.tbl",
        &["common", "64"],
        0,
    ),
    (
        "powerpc64",
        "arch/powerpc/kernel/syscalls/syscall.tbl",
        &["common", "64", "nospu"],
        0,
    ),
    (
        "powerpc64le",
        "arch/powerpc/kernel/syscalls/syscall.tbl",
        &["common", "64", "nospu"],
        0,
    ),
    (
        "powerpc",
        "arch/powerpc/kernel/syscalls/syscall.tbl",
        &["common", "32", "nospu"],
        0,
    ),
    (
        "mips",
        "arch/mips/kernel/syscalls/syscall_o32.tbl",
        &["common", "o32"],
        4000,
    ),
    (
        "mips64",
        "arch/mips/kernel/syscalls/syscall_n64.tbl",
        &["common", "n64"],
        5000,
    ),
    (
        "alpha",
        "arch/alpha/kernel/syscalls/syscall.tbl",
        &["common"],
        0,
    ),
    (
        "parisc",
        "arch/parisc/kernel/syscalls/syscall.tbl",
        &["common", "32"],
        0,
    ),
    (
        "sparc64",
        "arch/sparc/kernel/syscalls/syscall.tbl",
        &["common", "64"],
        0,
    ),
    ("loongarch64", "scripts/syscall.tbl", &["common", "64"], 0),
];

/// (number, name) of the entries of a syscall*.tbl for `abis`.
fn read_tbl(path: &std::path::Path, abis: &[&str], offset: i128) -> Vec<(i128, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let nr: i128 = f.first()?.parse().ok()?;
            let name = f.get(2)?.to_string();
            abis.contains(f.get(1)?).then_some((nr + offset, name))
        })
        .collect()
}

/// The syscall table of `name` (every `__NR_*`, aliases kept) read from `options`' headers.
fn syscall_table(name: &str, options: deftab::preprocess::Options) -> Vec<(i128, String)> {
    use deftab::header::Session;
    use deftab::select::AliasPolicy;
    let mut spec = deftab::TableSpec::new("syscalls")
        .header("asm/unistd.h")
        .define(r"__NR_([a-z0-9_]+)")
        .sentinel("__NR_syscalls")
        .sentinel("__NR_arch_specific_syscall");
    spec.read.included = true;
    spec.filter.aliases = AliasPolicy::All;
    let mut session = Session::new(Target::lookup(name).unwrap(), options);
    let table = spec
        .build(&mut session)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let entries = table.entries.iter();
    entries.map(|e| (e.value, e.display.clone())).collect()
}

fn kernel_tree_options(tree: &std::path::Path, name: &str) -> deftab::preprocess::Options {
    let mut options = deftab::preprocess::Options::default();
    options.read_kernel_tree(
        deftab::target::kernel_tree::roots(tree, Target::lookup(name).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}")),
    );
    options
}

/// Every target read from the kernel tree (`asm/unistd.h` and the unistd headers deftab
/// makes as the build would) has exactly the entries of its `.tbl` for its ABIs, at the
/// ABI's offset; the only other names are the aliases the arch's `asm/unistd.h` defines
/// over table numbers (alpha's `getpid` for `getxpid`, arm's `sync_file_range2`).
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn kernel_tree_syscall_numbers_are_the_tbl_entries_of_every_target() {
    let tree = kernel_tree();
    let mut problems = Vec::new();
    for t in TARGETS {
        let (_, tbl, abis, offset) = SYSCALL_TABLES
            .iter()
            .find(|s| s.0 == t.name)
            .unwrap_or_else(|| panic!("{}: not in SYSCALL_TABLES", t.name));
        let header = syscall_table(t.name, kernel_tree_options(&tree, t.name));
        let kernel = read_tbl(&tree.join(tbl), abis, *offset);
        assert!(
            kernel.len() > 250,
            "{}: {} entries in {tbl}",
            t.name,
            kernel.len()
        );
        for entry in &kernel {
            if !header.contains(entry) {
                problems.push(format!("{}: {tbl}: {entry:?} missing", t.name));
            }
        }
        let extra: Vec<&(i128, String)> = header.iter().filter(|e| !kernel.contains(e)).collect();
        for (nr, n) in &extra {
            if !kernel.iter().any(|(k, _)| k == nr) || extra.len() > 8 {
                problems.push(format!("{}: __NR_{n} = {nr}: not in {tbl}", t.name));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The kernel tree's syscall numbers (6.12, made from the tables) against the generated
/// headers of the installed sysroots (Debian's 6.1): every name both have has one number.
#[test]
#[ignore = "needs the kernel tree (.ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR) and the cross sysroots .ci/run installs"]
fn kernel_tree_syscall_numbers_agree_with_the_sysroots() {
    let tree = kernel_tree();
    let mut checked = 0;
    for name in CI_TARGETS {
        let t = Target::lookup(name).unwrap();
        if !t.is_host() && t.cross_sysroot_include().is_none() {
            panic!(
                "{name}: no /usr/{}/include: apt-get install linux-libc-dev-{}-cross (.ci/run \
                 installs it)",
                t.cc_triplet, t.debian_arch
            );
        }
        let sysroot = syscall_table(name, Default::default());
        let kernel = syscall_table(name, kernel_tree_options(&tree, name));
        let mut both = 0;
        let mut differences = Vec::new();
        for (nr, n) in &sysroot {
            if let Some((k, _)) = kernel.iter().find(|(_, kn)| kn == n) {
                both += 1;
                if k != nr {
                    differences.push(format!("__NR_{n}: sysroot {nr}, kernel tree {k}"));
                }
            }
        }
        assert_eq!(differences, Vec::<String>::new(), "{name}");
        assert!(both > 250, "{name}: only {both} names in both");
        checked += 1;
    }
    assert_eq!(checked, CI_TARGETS.len());
}

/// The syscall table of each target, read natively from its sysroot's `asm/unistd.h` (and
/// what it includes), agrees with the kernel's syscall table: every number the header
/// defines is in the table, and every table entry whose number the header has carries the
/// same name there. (The sysroots are Linux 6.1, the tree 6.12: later syscalls are only in
/// the table.)
#[test]
#[ignore = "needs the kernel tree (.ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR) and the cross sysroots .ci/run installs"]
fn syscall_tables_agree_with_the_kernels_tbl_files() {
    let tree = kernel_tree();
    let mut checked = 0;
    for &(name, tbl, abis, offset) in SYSCALL_TABLES {
        let t = Target::lookup(name).unwrap();
        if !t.is_host() && t.cross_sysroot_include().is_none() {
            assert!(
                !CI_TARGETS.contains(&name),
                "{name}: no /usr/{}/include: apt-get install linux-libc-dev-{}-cross (.ci/run \
                 installs it)",
                t.cc_triplet,
                t.debian_arch
            );
            eprintln!("not checked {name}: no /usr/{}/include", t.cc_triplet);
            continue;
        }
        let header = syscall_table(name, Default::default());
        let kernel = read_tbl(&tree.join(tbl), abis, offset);
        let mut problems = Vec::new();
        for (nr, n) in &header {
            if !kernel.iter().any(|(k, _)| k == nr) {
                problems.push(format!("__NR_{n} = {nr}: no such number in {tbl}"));
            }
        }
        for (nr, n) in &kernel {
            let here: Vec<&String> = header
                .iter()
                .filter(|(h, _)| h == nr)
                .map(|(_, n)| n)
                .collect();
            if !here.is_empty() && !here.contains(&n) {
                problems.push(format!("{tbl}: {nr} is {n}, the header says {here:?}"));
            }
        }
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
        assert!(header.len() > 250, "{name}: only {} syscalls", header.len());
        checked += 1;
    }
    eprintln!("{checked} targets checked");
}

/// The values of `names` in `header` read for `target` from the kernel tree.
fn from_kernel_tree(tree: &std::path::Path, target: &str, header: &str) -> Vec<(String, i128)> {
    use deftab::header::Session;
    let t = Target::lookup(target).unwrap();
    let mut options = deftab::preprocess::Options::default();
    options.read_kernel_tree(deftab::target::kernel_tree::roots(tree, t).unwrap());
    let mut session = Session::new(t, options);
    let hc = session
        .constants(header)
        .unwrap_or_else(|d| panic!("{target}: {}", d.render(&session.sm)));
    assert!(
        hc.diagnostics.iter().all(|d| !d.is_error()),
        "{target}: {header}: {:?}",
        hc.diagnostics
    );
    hc.constants
        .iter()
        .filter_map(|c| Some((c.name.clone(), c.value.as_ref().ok()?.value)))
        .collect()
}

/// A kernel tree read as headers_install lays it out for each architecture: its own
/// `asm/` headers, asm-generic's where it has none, and the values that differ by
/// architecture (the issue's examples).
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn kernel_tree_headers_per_architecture() {
    let tree = kernel_tree();
    let value = |target: &str, header: &str, name: &str| -> Option<i128> {
        from_kernel_tree(&tree, target, header)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    };
    assert_eq!(
        value("s390x", "linux/fadvise.h", "POSIX_FADV_DONTNEED"),
        Some(6)
    );
    assert_eq!(
        value("x86_64", "linux/fadvise.h", "POSIX_FADV_DONTNEED"),
        Some(4)
    );
    // x86 and arm64 have no asm/errno.h: headers_install's wrapper is asm-generic's.
    assert_eq!(value("x86_64", "asm/errno.h", "EDEADLK"), Some(35));
    assert_eq!(value("aarch64", "asm/errno.h", "EDEADLK"), Some(35));
    assert_eq!(value("mips", "asm/errno.h", "EDEADLK"), Some(45));
    assert_eq!(value("alpha", "asm/errno.h", "EDEADLK"), Some(11));
    // loongarch64, which has no Debian sysroot, reads the tree (compiler_types.h and
    // __user are headers_install's to remove).
    assert_eq!(value("loongarch64", "linux/fs.h", "BLKROSET"), Some(0x125d));
    assert_eq!(
        value("loongarch64", "asm-generic/errno-base.h", "EPERM"),
        Some(1)
    );
}

/// `deftab table --targets all` over a kernel tree (no cross compiler needed): errno
/// tables per architecture with a lookup by architecture name, compiled with gcc and rustc
/// and asked for the numbers that differ (EDQUOT: 122 generic, 1133 mips, 69 alpha,
/// parisc and sparc).
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn errno_family_compiles_and_answers_per_architecture() {
    let tree = kernel_tree();
    let args = ["asm/errno.h", "--included", "--define", "E[A-Z0-9]+"];
    let checks = [
        ("x86_64", 122, "EDQUOT"),
        ("aarch64", 122, "EDQUOT"),
        ("mips", 1133, "EDQUOT"),
        ("mips64", 1133, "EDQUOT"),
        ("alpha", 69, "EDQUOT"),
        ("parisc", 69, "EDQUOT"),
        ("sparc64", 69, "EDQUOT"),
        ("x86_64", 11, "EAGAIN"),
        ("powerpc", 58, "EDEADLOCK"),
        ("x86_64", 58, ""),
        ("x86_64", -1, ""),
    ];
    family_answers(&tree, &args, "errno", &checks);
}

/// `deftab table ARGS --name NAME --targets all --kernel-tree TREE` in C and Rust, compiled
/// (gcc, rustc, warnings as errors) with a `main` asking `NAME_name(arch, value)` each of
/// `checks` ("" for no name), and run.
fn family_answers(
    tree: &std::path::Path,
    args: &[&str],
    name: &str,
    checks: &[(&str, i128, &str)],
) {
    let generate = |lang: &str| -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
            .arg("table")
            .args(args)
            .args(["--name", name, "--targets", "all", "--no-provenance"])
            .args(["--lang", lang, "--kernel-tree"])
            .arg(tree)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let dir = std::env::temp_dir().join(format!("deftab-family-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut c = generate("c");
    c += "#include <stdio.h>\nint main(void)\n{\n\tconst char *n;\n";
    for (arch, v, want) in checks {
        c += &format!(
            "\tn = {name}_name(\"{arch}\", {v}LL);\n\tif (strcmp(n ? n : \"\", \"{want}\")) {{ printf(\"{arch} {v}: %s\\n\", n); return 1; }}\n"
        );
    }
    c += &format!("\treturn {name}_name(\"vax\", 1) != 0;\n}}\n");
    std::fs::write(dir.join("family.c"), c).unwrap();
    let gcc = Command::new("gcc")
        .args([
            "-std=gnu11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "family.c",
            "-o",
            "family_c",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        gcc.status.success(),
        "{}",
        String::from_utf8_lossy(&gcc.stderr)
    );
    let run = Command::new(dir.join("family_c")).output().unwrap();
    assert!(
        run.status.success(),
        "C: {}",
        String::from_utf8_lossy(&run.stdout)
    );

    let mut rs = generate("rust");
    rs += "fn main() {\n";
    for (arch, v, want) in checks {
        rs +=
            &format!("    assert_eq!({name}_name(\"{arch}\", {v}).unwrap_or(\"\"), \"{want}\");\n");
    }
    rs += &format!("    assert_eq!({name}_name(\"vax\", 1), None);\n}}\n");
    std::fs::write(dir.join("family.rs"), rs).unwrap();
    let rustc = Command::new("rustc")
        .args([
            "-D",
            "warnings",
            "--edition",
            "2021",
            "family.rs",
            "-o",
            "family_rs",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        rustc.status.success(),
        "{}",
        String::from_utf8_lossy(&rustc.stderr)
    );
    let run = Command::new(dir.join("family_rs")).output().unwrap();
    assert!(
        run.status.success(),
        "Rust: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Syscall names by number for all 16 targets in one C and one Rust file, from the kernel
/// tree (the unistd headers deftab makes as the build would): arrays, one per numbering
/// (powerpc64 and powerpc64le share theirs), each arch's offsets (mips o32 4000, n64 5000,
/// x32's bit), numbers outside a table give no name.
#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn syscall_family_of_every_target_compiles_and_answers() {
    common::need_gcc();
    let tree = kernel_tree();
    let args = [
        "asm/unistd.h",
        "--included",
        "--define",
        "__NR_([a-z0-9_]+)",
    ];
    let c = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .arg("table")
        .args(args)
        .args(["--name", "syscall", "--targets", "all", "--kernel-tree"])
        .arg(&tree)
        .output()
        .unwrap();
    let c = String::from_utf8(c.stdout).unwrap();
    assert_eq!(
        c.matches("[] = {").count(),
        15,
        "one array per numbering:\n{c}"
    );
    assert!(c.contains("!strcmp(arch, \"powerpc64\") || !strcmp(arch, \"powerpc64le\")"));
    let read = [
        ("x86_64", 0),
        ("i386", 3),
        ("x32", 0x4000_0000),
        ("aarch64", 63),
        ("arm", 3),
        ("riscv64", 63),
        ("s390x", 3),
        ("powerpc64", 3),
        ("powerpc64le", 3),
        ("powerpc", 3),
        ("mips", 4003),
        ("mips64", 5000),
        ("alpha", 3),
        ("parisc", 3),
        ("sparc64", 3),
        ("loongarch64", 63),
    ];
    assert_eq!(read.len(), TARGETS.len());
    let mut checks: Vec<(&str, i128, &str)> = read.iter().map(|&(a, v)| (a, v, "read")).collect();
    checks.extend([
        ("x86_64", 39, "getpid"),
        ("mips", 3, ""),
        ("x32", 0, ""),
        ("x86_64", 100_000, ""),
        // alpha's asm/unistd.h defines `__NR_getpid` as `__NR_getxpid`: the alias.
        ("alpha", 20, "getxpid"),
    ]);
    family_answers(&tree, &args, "syscall", &checks);
}

/// `verify --kernel-tree`: the compiler gets the same headers_install emulation (asm-generic
/// wrappers, dropped includes, macros) and agrees.
#[test]
#[ignore = "needs the kernel tree (.ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR) and the cross sysroots .ci/run installs"]
fn verify_over_the_kernel_tree() {
    let tree = kernel_tree();
    for name in ["s390x", "x86_64"] {
        let t = Target::lookup(name).unwrap();
        let (cc, _) = toolchain_for(t).expect("a CI target");
        let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
            .args(["verify", "--target", name, "--cc", &cc, "--kernel-tree"])
            .arg(&tree)
            .args([
                "asm/errno.h",
                "linux/fadvise.h",
                "linux/fs.h",
                "linux/stat.h",
                "asm/ioctls.h",
            ])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let Some((mismatches, _, without_layouts)) = summary(&stdout) else {
            panic!("{name}: no summary:\n{stdout}\n{stderr}");
        };
        assert_eq!(mismatches, 0, "{name}:\n{stdout}");
        assert!(without_layouts >= 99.5, "{name}:\n{stdout}");
        assert!(out.status.success(), "{name}: {stderr}");
    }
}

/// A non-host target without its sysroot: the missing `asm/` header says where to get it.
#[test]
fn missing_sysroot_is_explained() {
    let t = Target::lookup("loongarch64").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(["dump", "--target", "loongarch64", "asm/errno.h"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if t.cross_sysroot_include().is_some() {
        // Installed here: then the header is found and dumped.
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        return;
    }
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("apt-get install linux-libc-dev-loong64-cross")
            && stderr.contains("--kernel-tree DIR"),
        "{stderr}"
    );
}

/// deftab's compiler-provided headers (float.h, stdatomic.h, stdint.h's freestanding body…)
/// give each CI target's compiler's values, hosted and freestanding.
#[test]
#[ignore = "needs the cross compilers and sysroots .ci/run installs (gcc-<triplet>, libc6-dev-<arch>-cross)"]
fn compiler_headers_agree_with_each_ci_target() {
    let header = common::fixtures().join("verify/compiler_headers.h");
    for name in CI_TARGETS {
        let t = Target::lookup(name).unwrap();
        let (cc, _) = toolchain_for(t).expect("a CI target");
        for freestanding in [false, true] {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_deftab"));
            cmd.args(["verify", "--target", name]);
            if freestanding {
                cmd.args(["--cc", &format!("{cc} -ffreestanding")])
                    .args(["-U__STDC_HOSTED__", "-D__STDC_HOSTED__=0"]);
            } else {
                cmd.args(["--cc", &cc]);
            }
            let out = cmd.arg(&header).output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let last = stdout.lines().last().unwrap_or("");
            assert!(
                out.status.success()
                    && last.contains(" 19 constants compared, 0 mismatches")
                    && last.ends_with("(coverage 100.00%)"),
                "{name} (freestanding: {freestanding}):\n{stdout}\n{stderr}"
            );
        }
    }
}
