//! The syscall-number headers a kernel build generates from the syscall tables
//! (`arch/<arch>/include/generated/uapi/asm/unistd_*.h`), made the way each architecture's
//! Makefile makes them: the same file names, tables, ABI lists, number offsets (mips'
//! `__NR_Linux`, x32's `__X32_SYSCALL_BIT`, arm's `__NR_SYSCALL_BASE`) and, for
//! `scripts/syscallhdr.sh`, the same text; s390's own `syscalltbl -H` sorts by number and
//! names its guard differently. The recipes follow Linux 6.12's
//! `arch/*/kernel/syscalls/Makefile`, `arch/x86/entry/syscalls/Makefile`,
//! `arch/arm/tools/Makefile` and `scripts/Makefile.asm-headers` (the asm-generic
//! architectures read `scripts/syscall.tbl` with `common,<bits>` plus the extra ABIs of
//! `arch/<arch>/kernel/Makefile.syscalls`, read from the tree when it has the file).

use super::syscall_tbl::{SyscallTbl, TblEntry, TblError};
use askama::Template;
use std::path::{Path, PathBuf};

/// A generated header: its `#include` name, where the build would write it, its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedHeader {
    /// `asm/unistd_64.h`
    pub name: String,
    pub path: PathBuf,
    pub text: std::sync::Arc<str>,
}

/// How one header is made.
#[derive(Clone, Debug)]
pub struct Recipe {
    /// The file name under `asm/` (`unistd_64.h`).
    pub file: &'static str,
    /// The table, relative to the tree.
    pub tbl: String,
    /// The ABIs kept (none: every line). An ABI the table does not have selects nothing,
    /// as the build's `grep` does (arm's `eabi`).
    pub abis: Vec<String>,
    /// The macro added to every number (`--offset`).
    pub offset: Option<&'static str>,
    /// `--emit-nr`: `__NR_syscalls` (inside `#ifdef __KERNEL__`).
    pub emit_nr: bool,
    /// s390's generator: entries sorted by number, its guard spelling, no count.
    pub s390: bool,
}

fn recipe(file: &'static str, tbl: &str, abis: &[&str]) -> Recipe {
    Recipe {
        file,
        tbl: tbl.to_string(),
        abis: abis.iter().map(|a| a.to_string()).collect(),
        offset: None,
        emit_nr: true,
        s390: false,
    }
}

fn with_offset(mut r: Recipe, offset: &'static str) -> Recipe {
    r.offset = Some(offset);
    r.emit_nr = false;
    r
}

/// The uapi syscall headers of kernel architecture `arch` in `tree`.
pub fn recipes(tree: &Path, arch: &str) -> Vec<Recipe> {
    let x86 = "arch/x86/entry/syscalls";
    let own = format!("arch/{arch}/kernel/syscalls/syscall.tbl");
    let mips = |abi: &str| format!("arch/mips/kernel/syscalls/syscall_{abi}.tbl");
    match arch {
        "x86" => vec![
            recipe("unistd_32.h", &format!("{x86}/syscall_32.tbl"), &["i386"]),
            recipe(
                "unistd_64.h",
                &format!("{x86}/syscall_64.tbl"),
                &["common", "64"],
            ),
            Recipe {
                offset: Some("__X32_SYSCALL_BIT"),
                ..recipe(
                    "unistd_x32.h",
                    &format!("{x86}/syscall_64.tbl"),
                    &["common", "x32"],
                )
            },
        ],
        "arm" => ["oabi", "eabi"]
            .map(|abi| {
                let file = if abi == "oabi" {
                    "unistd-oabi.h"
                } else {
                    "unistd-eabi.h"
                };
                let r = recipe(file, "arch/arm/tools/syscall.tbl", &["common", abi]);
                with_offset(r, "__NR_SYSCALL_BASE")
            })
            .to_vec(),
        "mips" => [
            ("unistd_n32.h", "n32"),
            ("unistd_n64.h", "n64"),
            ("unistd_o32.h", "o32"),
        ]
        .map(|(file, abi)| with_offset(recipe(file, &mips(abi), &[]), "__NR_Linux"))
        .to_vec(),
        "s390" => [("unistd_32.h", "32"), ("unistd_64.h", "64")]
            .map(|(file, bits)| Recipe {
                emit_nr: false,
                s390: true,
                ..recipe(file, &own, &["common", bits])
            })
            .to_vec(),
        "powerpc" => [("unistd_32.h", "32"), ("unistd_64.h", "64")]
            .map(|(file, bits)| recipe(file, &own, &["common", "nospu", bits]))
            .to_vec(),
        "parisc" | "sparc" => [("unistd_32.h", "32"), ("unistd_64.h", "64")]
            .map(|(file, bits)| recipe(file, &own, &["common", bits]))
            .to_vec(),
        "alpha" => vec![recipe("unistd_32.h", &own, &[])],
        "arm64" => vec![asm_generic(
            tree,
            arch,
            "64",
            &["renameat", "rlimit", "memfd_secret"],
        )],
        "riscv" => vec![
            asm_generic(tree, arch, "32", &["riscv", "memfd_secret"]),
            asm_generic(tree, arch, "64", &["riscv", "rlimit", "memfd_secret"]),
        ],
        "loongarch" => vec![asm_generic(tree, arch, "64", &[])],
        _ => vec![],
    }
}

/// `scripts/Makefile.asm-headers`: `unistd_<bits>.h` from `scripts/syscall.tbl` (or the
/// arch's `syscalltbl`) with `common,<bits>` and the arch's extra ABIs. The tree's
/// `arch/<arch>/kernel/Makefile.syscalls` decides when it is there; `extra` (Linux 6.12's)
/// stands for it otherwise.
fn asm_generic(tree: &Path, arch: &str, bits: &str, extra: &[&str]) -> Recipe {
    let makefile = tree.join(format!("arch/{arch}/kernel/Makefile.syscalls"));
    let (mut extra, mut tbl): (Vec<String>, String) = (
        extra.iter().map(|s| s.to_string()).collect(),
        "scripts/syscall.tbl".into(),
    );
    if let Ok(text) = std::fs::read_to_string(&makefile) {
        extra.clear();
        for line in text.lines() {
            if let Some(rhs) = assignment(line, &format!("syscall_abis_{bits}"), "+=") {
                extra.extend(rhs.split_whitespace().map(str::to_string));
            }
            if let Some(rhs) = assignment(line, "syscalltbl", "=") {
                let own = rhs.trim().replace('%', bits);
                // arm64's `syscall_%.tbl`: its 64-bit one is a link to scripts/syscall.tbl.
                if tree.join(&own).is_file() {
                    tbl = own;
                }
            }
        }
    }
    let mut abis = vec!["common", bits];
    abis.extend(extra.iter().map(String::as_str));
    let file = if bits == "32" {
        "unistd_32.h"
    } else {
        "unistd_64.h"
    };
    recipe(file, &tbl, &abis)
}

/// The right-hand side of `var <op> …` on a Makefile line.
fn assignment<'l>(line: &'l str, var: &str, op: &str) -> Option<&'l str> {
    let (lhs, rhs) = line.split_once(op)?;
    (lhs.trim() == var && !lhs.ends_with([':', '+', '?'])).then_some(rhs)
}

#[derive(Template)]
#[template(path = "kernel/unistd.h")]
struct UnistdHeader<'a> {
    guard: String,
    defines: Vec<(&'a str, String)>,
    count: Option<i128>,
}

/// `_UAPI_ASM_` and the upper-cased file name, as `syscallhdr.sh` spells guards (`sed
/// 's/[^A-Z0-9_]/_/g; s/__/_/g'`); s390's script starts from `__UAPI_ASM_S390_<file>`.
fn guard(recipe: &Recipe) -> String {
    let norm = |s: &str| {
        let up: String = s
            .chars()
            .map(|c| match c.to_ascii_uppercase() {
                c @ ('A'..='Z' | '0'..='9' | '_') => c,
                _ => '_',
            })
            .collect();
        up.replace("__", "_")
    };
    match recipe.s390 {
        true => norm(&format!("__UAPI_ASM_S390_{}", recipe.file)),
        false => format!("_UAPI_ASM_{}", norm(recipe.file)),
    }
}

/// The header `recipe` makes from `tbl`.
pub fn render(recipe: &Recipe, tbl: &SyscallTbl) -> Result<String, TblError> {
    let known = tbl.abis();
    let abis: Vec<String> = match recipe.abis.is_empty() {
        true => vec![],
        false => (recipe.abis.iter())
            .filter(|a| known.contains(&a.as_str()))
            .cloned()
            .collect(),
    };
    let mut entries: Vec<&TblEntry> = match abis.is_empty() && !recipe.abis.is_empty() {
        true => vec![],
        false => tbl.select(&abis)?,
    };
    if recipe.s390 {
        entries.sort_by_key(|e| e.nr);
    }
    let number = |e: &TblEntry| match (recipe.s390, recipe.offset) {
        (true, _) => e.nr.to_string(),
        (false, Some(off)) => format!("({off} + {})", e.nr_text),
        (false, None) => e.nr_text.clone(),
    };
    let header = UnistdHeader {
        guard: guard(recipe),
        defines: entries
            .iter()
            .map(|e| (e.name.as_str(), number(e)))
            .collect(),
        // The script counts from the last line it read, not the largest number.
        count: (recipe.emit_nr).then(|| entries.last().map_or(0, |e| e.nr) + 1),
    };
    Ok(header.render().expect("the unistd template renders"))
}

/// Every header of `arch` whose table the tree has, at the path the build writes it to.
pub fn generated(tree: &Path, arch: &str) -> Result<Vec<GeneratedHeader>, TblError> {
    let dir = tree.join(format!("arch/{arch}/include/generated/uapi"));
    let mut out = Vec::new();
    let mut tables: Vec<SyscallTbl> = Vec::new();
    for r in recipes(tree, arch) {
        let path = tree.join(&r.tbl);
        if !path.is_file() {
            continue;
        }
        if !tables.iter().any(|t| t.path == path) {
            tables.push(SyscallTbl::read(&path)?);
        }
        let tbl = tables.iter().find(|t| t.path == path).expect("just read");
        let name = format!("asm/{}", r.file);
        out.push(GeneratedHeader {
            path: dir.join(&name),
            text: render(&r, tbl)?.into(),
            name,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tbl(text: &str) -> SyscallTbl {
        SyscallTbl::parse(Path::new("t.tbl"), text).unwrap()
    }

    #[test]
    fn headers_are_what_syscallhdr_sh_prints() {
        let t = tbl("0 common read\n1 64 write\n512 x32 rt_sigaction\n");
        let x86 = recipes(Path::new("/nonexistent"), "x86");
        assert_eq!(
            render(&x86[1], &t).unwrap(),
            "#ifndef _UAPI_ASM_UNISTD_64_H\n#define _UAPI_ASM_UNISTD_64_H\n\n\
             #define __NR_read 0\n#define __NR_write 1\n\n\
             #ifdef __KERNEL__\n#define __NR_syscalls 2\n#endif\n\n\
             #endif /* _UAPI_ASM_UNISTD_64_H */\n"
        );
        let x32 = render(&x86[2], &t).unwrap();
        assert!(
            x32.contains("#define __NR_rt_sigaction (__X32_SYSCALL_BIT + 512)\n"),
            "{x32}"
        );
        assert!(x32.contains("#define __NR_syscalls 513\n"), "{x32}");
    }

    #[test]
    fn arm_offsets_by_the_base_and_keeps_common_for_an_abi_without_lines() {
        let t = tbl("0 common restart_syscall\n1 oabi time\n");
        let arm = recipes(Path::new("/nonexistent"), "arm");
        let eabi = render(&arm[1], &t).unwrap();
        assert_eq!(
            eabi,
            "#ifndef _UAPI_ASM_UNISTD_EABI_H\n#define _UAPI_ASM_UNISTD_EABI_H\n\n\
             #define __NR_restart_syscall (__NR_SYSCALL_BASE + 0)\n\n\
             #endif /* _UAPI_ASM_UNISTD_EABI_H */\n"
        );
    }

    #[test]
    fn s390_sorts_by_number_and_spells_its_guard() {
        let t = tbl("2 64 b\n1 common a\n3 32 c\n");
        let s390 = recipes(Path::new("/nonexistent"), "s390");
        assert_eq!(
            render(&s390[1], &t).unwrap(),
            "#ifndef _UAPI_ASM_S390_UNISTD_64_H\n#define _UAPI_ASM_S390_UNISTD_64_H\n\n\
             #define __NR_a 1\n#define __NR_b 2\n\n\
             #endif /* _UAPI_ASM_S390_UNISTD_64_H */\n"
        );
    }

    /// The tree's `arch/<arch>/kernel/Makefile.syscalls`, when it has one, decides the extra
    /// ABIs and the table (`syscall_%.tbl` of the width, when that file exists).
    #[test]
    fn an_asm_generic_arch_follows_its_makefile_syscalls() {
        let tree = std::env::temp_dir().join(format!("deftab-unistd-{}", std::process::id()));
        let mk = tree.join("arch/riscv/kernel/Makefile.syscalls");
        std::fs::create_dir_all(mk.parent().unwrap()).unwrap();
        std::fs::write(
            &mk,
            "# c\nsyscall_abis_32 += riscv\nsyscall_abis_64 += riscv newstat\n\
             syscalltbl = arch/riscv/tools/syscall_%.tbl\n",
        )
        .unwrap();
        let own = tree.join("arch/riscv/tools/syscall_64.tbl");
        std::fs::create_dir_all(own.parent().unwrap()).unwrap();
        std::fs::write(&own, "0 common read\n").unwrap();
        let r = recipes(&tree, "riscv");
        assert_eq!(r[0].abis, ["common", "32", "riscv"]);
        assert_eq!(r[0].tbl, "scripts/syscall.tbl");
        assert_eq!(r[1].abis, ["common", "64", "riscv", "newstat"]);
        assert_eq!(r[1].tbl, "arch/riscv/tools/syscall_64.tbl");
        let without = recipes(Path::new("/nonexistent"), "riscv");
        assert_eq!(
            without[1].abis,
            ["common", "64", "riscv", "rlimit", "memfd_secret"]
        );
        std::fs::remove_dir_all(&tree).unwrap();
    }

    #[test]
    fn every_kernel_arch_of_the_targets_has_recipes() {
        for t in super::super::TARGETS {
            assert!(
                !recipes(Path::new("/nonexistent"), t.kernel_arch).is_empty(),
                "{}",
                t.name
            );
        }
    }
}
