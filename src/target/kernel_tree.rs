//! Header roots in a kernel source tree, laid out as `make headers_install` would install
//! them for a target: `arch/<arch>/include/uapi`, then `include/uapi`; an `<asm/X.h>` the
//! architecture does not provide but the kernel's Kbuild files promise (`mandatory-y` in
//! `include/uapi/asm-generic/Kbuild`, `generic-y` in the arch's `uapi/asm/Kbuild`) is the
//! one-line wrapper headers_install generates: `#include <asm-generic/X.h>`.
//!
//! headers_install's edits of the text are emulated where they change meaning: its
//! `#include <linux/compiler(_types).h>` lines are dropped, `__user`, `__force`, `__iomem`
//! and `__attribute_const__` are removed and `__packed` is `__attribute__((packed))` (here
//! as predefined macros), and `__EXPORTED_HEADERS__` is defined (unifdef's `-D`).
//!
//! The syscall-number headers the build generates from syscall tables (x86's
//! `asm/unistd_64.h`, mips' `asm/unistd_o32.h`, …) are made in memory by [`super::unistd`],
//! at the paths the build writes them to (`arch/<arch>/include/generated/uapi/asm/`); a
//! built tree's own files win.

use super::Target;
use std::path::{Path, PathBuf};

/// Where a target's headers are in a kernel tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelRoots {
    /// System include directories, in search order.
    pub dirs: Vec<PathBuf>,
    /// `asm/` header names (`errno.h`) that stand for `asm-generic/<name>`.
    pub asm_generic: Vec<String>,
    /// `#include <…>` names headers_install removes.
    pub removed_includes: Vec<String>,
    /// `-D` definitions standing for headers_install's text edits.
    pub defines: Vec<String>,
    /// Headers the kernel build generates, made in memory (see [`super::unistd`]).
    pub generated: Vec<super::unistd::GeneratedHeader>,
}

/// headers_install's `sed` edits, as macros.
const DEFINES: &[&str] = &[
    "__user=",
    "__force=",
    "__iomem=",
    "__attribute_const__=",
    "__packed=__attribute__((packed))",
    "__EXPORTED_HEADERS__",
];

#[derive(Debug, thiserror::Error)]
pub enum KernelTreeError {
    #[error("{}: not a kernel source tree (no include/uapi)", .0.display())]
    NotATree(PathBuf),
    #[error("{}: the tree has no headers for {target} (arch/{arch}/include/uapi)", .tree.display())]
    NoArch {
        tree: PathBuf,
        target: String,
        arch: String,
    },
    #[error("{0}")]
    SyscallTable(#[from] super::syscall_tbl::TblError),
}

/// The header roots of `target` in the kernel tree at `tree`.
pub fn roots(tree: &Path, target: &Target) -> Result<KernelRoots, KernelTreeError> {
    let common = tree.join("include/uapi");
    if !common.is_dir() {
        return Err(KernelTreeError::NotATree(tree.to_path_buf()));
    }
    let arch = tree.join("arch").join(target.kernel_arch).join("include");
    let arch_uapi = arch.join("uapi");
    if !arch_uapi.is_dir() {
        return Err(KernelTreeError::NoArch {
            tree: tree.to_path_buf(),
            target: target.name.to_string(),
            arch: target.kernel_arch.to_string(),
        });
    }
    // The generated headers (syscall numbers): a built tree's, else made from the tables.
    let generated = arch.join("generated/uapi");
    let made = super::unistd::generated(tree, target.kernel_arch)?
        .into_iter()
        .filter(|h| !h.path.is_file())
        .collect();
    let dirs = vec![arch_uapi.clone(), generated.clone(), common.clone()];

    let mut names = kbuild_list(&common.join("asm-generic/Kbuild"), "mandatory-y");
    names.extend(kbuild_list(&arch_uapi.join("asm/Kbuild"), "generic-y"));
    names.sort();
    names.dedup();
    let provided = |n: &str| {
        arch_uapi.join("asm").join(n).is_file() || generated.join("asm").join(n).is_file()
    };
    let asm_generic = names.into_iter().filter(|n| !provided(n)).collect();
    Ok(KernelRoots {
        dirs,
        asm_generic,
        removed_includes: vec!["linux/compiler.h".into(), "linux/compiler_types.h".into()],
        defines: DEFINES.iter().map(|d| d.to_string()).collect(),
        generated: made,
    })
}

/// The file names listed as `<var> += name.h` in a Kbuild file (none if it is absent).
fn kbuild_list(path: &Path, var: &str) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return vec![];
    };
    text.lines()
        .filter_map(|l| {
            let (lhs, rhs) = l.split_once("+=")?;
            (lhs.trim() == var).then_some(rhs)
        })
        .flat_map(|rhs| rhs.split_whitespace().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("deftab-kernel-tree-{}-{n}", std::process::id()));
        for (path, text) in files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn missing_mandatory_asm_headers_fall_back_to_asm_generic() {
        let t = tree(&[
            (
                "include/uapi/asm-generic/Kbuild",
                "# c\nmandatory-y += errno.h\nmandatory-y += ioctl.h\n",
            ),
            ("include/uapi/asm-generic/errno.h", ""),
            ("arch/mips/include/uapi/asm/ioctl.h", ""),
            (
                "arch/mips/include/uapi/asm/Kbuild",
                "generated-y += unistd_o32.h\ngeneric-y += kvm_para.h\n",
            ),
        ]);
        let mips = Target::lookup("mips").unwrap();
        let r = roots(t.as_path(), mips).unwrap();
        assert_eq!(
            r.dirs,
            [
                t.as_path().join("arch/mips/include/uapi"),
                t.as_path().join("arch/mips/include/generated/uapi"),
                t.as_path().join("include/uapi")
            ]
        );
        assert_eq!(r.asm_generic, ["errno.h", "kvm_para.h"]);
        let e = roots(t.as_path(), Target::lookup("alpha").unwrap()).unwrap_err();
        assert!(e.to_string().contains("arch/alpha/include/uapi"), "{e}");
        let e = roots(&t.as_path().join("arch"), mips).unwrap_err();
        assert!(e.to_string().contains("not a kernel source tree"), "{e}");
        std::fs::remove_dir_all(&t).unwrap();
    }

    /// The tree read as headers_install would have installed it: the arch's missing
    /// `asm/errno.h` is asm-generic's, `<linux/compiler_types.h>` is dropped, `__user`
    /// vanishes and `__packed` is the attribute.
    #[test]
    fn preprocessing_a_tree_follows_headers_install() {
        use crate::preprocess::Preprocessor;
        use crate::scan::spelling;
        use crate::source::SourceMap;
        let t = tree(&[
            (
                "include/uapi/asm-generic/Kbuild",
                "mandatory-y += errno.h\n",
            ),
            ("include/uapi/asm-generic/errno.h", "#define EDEADLK 35\n"),
            ("include/uapi/linux/errno.h", "#include <asm/errno.h>\n"),
            (
                "include/uapi/linux/x.h",
                "#include <linux/compiler_types.h>\n#include <linux/errno.h>\n\
                 struct s { char __user *p; } __packed;\n",
            ),
            ("arch/mips/include/uapi/asm/Kbuild", ""),
        ]);
        let mut options = crate::preprocess::Options::default();
        let riscv = Target::lookup("riscv64").unwrap();
        std::fs::create_dir_all(t.join("arch/riscv/include/uapi")).unwrap();
        options.read_kernel_tree(roots(&t, riscv).unwrap());
        let mut pp = Preprocessor::new(riscv, options);
        let mut sm = SourceMap::new();
        let path = pp.find_header("linux/x.h").unwrap();
        let out = pp
            .run(&mut sm, &path)
            .unwrap_or_else(|d| panic!("{}", d.render(&sm)));
        let text: Vec<String> = out
            .tokens
            .iter()
            .map(|tok| spelling(&sm, tok).into_owned())
            .collect();
        assert_eq!(
            text.join(" "),
            "struct s { char * p ; } __attribute__ ( ( packed ) ) ;"
        );
        assert!(out.macros.contains_key("EDEADLK"));
        std::fs::remove_dir_all(&t).unwrap();
    }
}
