//! The (copy, original) pairs `tools/perf/check-headers.sh` checks, each with the `diff`
//! options the script passes, in the script's order (which is its output order): read from
//! the tree's own script ([`for_tree`]), or Linux 6.12's list built in for a tree without one.

use std::path::Path;

/// How a pair is compared: the script's `diff` options, or its ignore-hunks pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `diff [-B] [-I RE]… COPY ORIGINAL`: differs unless every change is ignorable.
    Diff {
        /// `-B`: changes whose lines are all empty are ignored.
        blank: bool,
        /// `-I RE`: changes whose lines all match one of these (GNU basic regular
        /// expressions, exactly as the script passes them) are ignored.
        ignore: Vec<String>,
    },
    /// `diff -u COPY ORIGINAL | grep -vf HUNKS | wc -l`: differs unless every line of the
    /// unified diff matches a pattern of the hunks file
    /// (`tools/perf/check-header_ignore_hunks/ORIGINAL`).
    IgnoreHunks,
}

/// One copy and the original it must stay in sync with, both relative to the tree root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub copy: String,
    pub original: String,
    pub rule: Comparison,
}

impl Pair {
    fn new(copy: String, original: &str, blank: bool, ignore: &[&'static str]) -> Pair {
        Pair {
            copy,
            original: original.to_string(),
            rule: Comparison::Diff {
                blank,
                ignore: ignore.iter().map(|s| s.to_string()).collect(),
            },
        }
    }

    /// Where the ignore-hunks file of this pair lives (for [`Comparison::IgnoreHunks`]).
    pub fn hunks_file(&self) -> String {
        format!("tools/perf/check-header_ignore_hunks/{}", self.original)
    }
}

/// `FILES`: checked with `diff -B`.
const FILES: &[&str] = &[
    "include/uapi/linux/const.h",
    "include/uapi/drm/drm.h",
    "include/uapi/drm/i915_drm.h",
    "include/uapi/linux/bits.h",
    "include/uapi/linux/fadvise.h",
    "include/uapi/linux/fscrypt.h",
    "include/uapi/linux/kcmp.h",
    "include/uapi/linux/kvm.h",
    "include/uapi/linux/in.h",
    "include/uapi/linux/perf_event.h",
    "include/uapi/linux/seccomp.h",
    "include/uapi/linux/stat.h",
    "include/linux/bits.h",
    "include/vdso/bits.h",
    "include/linux/const.h",
    "include/vdso/const.h",
    "include/vdso/unaligned.h",
    "include/linux/hash.h",
    "include/linux/list-sort.h",
    "include/uapi/linux/hw_breakpoint.h",
    "arch/x86/include/asm/disabled-features.h",
    "arch/x86/include/asm/required-features.h",
    "arch/x86/include/asm/cpufeatures.h",
    "arch/x86/include/asm/inat_types.h",
    "arch/x86/include/asm/emulate_prefix.h",
    "arch/x86/include/asm/msr-index.h",
    "arch/x86/lib/x86-opcode-map.txt",
    "arch/x86/tools/gen-insn-attr-x86.awk",
    "arch/arm/include/uapi/asm/perf_regs.h",
    "arch/arm64/include/uapi/asm/perf_regs.h",
    "arch/loongarch/include/uapi/asm/perf_regs.h",
    "arch/mips/include/uapi/asm/perf_regs.h",
    "arch/powerpc/include/uapi/asm/perf_regs.h",
    "arch/s390/include/uapi/asm/perf_regs.h",
    "arch/x86/include/uapi/asm/perf_regs.h",
    "arch/x86/include/uapi/asm/kvm.h",
    "arch/x86/include/uapi/asm/kvm_perf.h",
    "arch/x86/include/uapi/asm/svm.h",
    "arch/x86/include/uapi/asm/unistd.h",
    "arch/x86/include/uapi/asm/vmx.h",
    "arch/powerpc/include/uapi/asm/kvm.h",
    "arch/s390/include/uapi/asm/kvm.h",
    "arch/s390/include/uapi/asm/kvm_perf.h",
    "arch/s390/include/uapi/asm/sie.h",
    "arch/arm/include/uapi/asm/kvm.h",
    "arch/arm64/include/uapi/asm/kvm.h",
    "arch/arm64/include/uapi/asm/unistd.h",
    "arch/alpha/include/uapi/asm/errno.h",
    "arch/mips/include/asm/errno.h",
    "arch/mips/include/uapi/asm/errno.h",
    "arch/parisc/include/uapi/asm/errno.h",
    "arch/powerpc/include/uapi/asm/errno.h",
    "arch/sparc/include/uapi/asm/errno.h",
    "arch/x86/include/uapi/asm/errno.h",
    "include/asm-generic/bitops/arch_hweight.h",
    "include/asm-generic/bitops/const_hweight.h",
    "include/asm-generic/bitops/__fls.h",
    "include/asm-generic/bitops/fls.h",
    "include/asm-generic/bitops/fls64.h",
    "include/linux/coresight-pmu.h",
    "include/uapi/asm-generic/errno.h",
    "include/uapi/asm-generic/errno-base.h",
    "include/uapi/asm-generic/ioctls.h",
    "include/uapi/asm-generic/mman-common.h",
    "include/uapi/asm-generic/unistd.h",
];

/// `SYNC_CHECK_FILES`: checked ignoring lines marked `__ignore_sync_check__`.
const SYNC_CHECK_FILES: &[&str] = &[
    "arch/x86/include/asm/inat.h",
    "arch/x86/include/asm/insn.h",
    "arch/x86/lib/inat.c",
    "arch/x86/lib/insn.c",
];

const SYNC_CHECK_IGNORE: &[&str] = &[r"^.*\/\*.*__ignore_sync_check__.*\*\/.*$"];

/// Files with their own `-I` patterns (and `-B` where the script passes it), as the shell
/// hands them to `diff` after unquoting.
const EXTRA_IGNORES: &[(&str, bool, &[&str])] = &[
    (
        "arch/x86/lib/memcpy_64.S",
        false,
        &[
            "^EXPORT_SYMBOL",
            "^#include <asm/export.h>",
            r"^SYM_FUNC_START\(_LOCAL\)*(memcpy_\(erms\|orig\))",
            "^#include <linux/cfi_types.h>",
        ],
    ),
    (
        "arch/x86/lib/memset_64.S",
        false,
        &[
            "^EXPORT_SYMBOL",
            "^#include <asm/export.h>",
            r"^SYM_FUNC_START\(_LOCAL\)*(memset_\(erms\|orig\))",
        ],
    ),
    (
        "arch/x86/include/asm/amd-ibs.h",
        false,
        &[r#"^#include [<"]\(asm/\)*msr-index.h"#],
    ),
    (
        "arch/arm64/include/asm/cputype.h",
        false,
        &[r#"^#include [<"]\(asm/\)*sysreg.h"#],
    ),
    (
        "include/linux/unaligned.h",
        false,
        &[
            "^#include <linux/unaligned/packed_struct.h>",
            "^#include <asm/byteorder.h>",
            "^#pragma GCC diagnostic",
        ],
    ),
    (
        "include/uapi/asm-generic/mman.h",
        false,
        &[r"^#include <\(uapi/\)*asm-generic/mman-common\(-tools\)*.h>"],
    ),
    (
        "include/uapi/linux/mman.h",
        false,
        &[r"^#include <\(uapi/\)*asm/mman.h>"],
    ),
    (
        "include/linux/build_bug.h",
        false,
        &[r"^#\(ifndef\|endif\)\( \/\/\)* static_assert$"],
    ),
    ("include/linux/ctype.h", false, &["isdigit("]),
    (
        "lib/ctype.c",
        true,
        &["^EXPORT_SYMBOL", "^#include <linux/export.h>"],
    ),
];

/// Copies whose original lives elsewhere (`check_2`, no options).
const NON_SYMMETRIC: &[(&str, &str)] = &[
    (
        "tools/perf/arch/x86/entry/syscalls/syscall_32.tbl",
        "arch/x86/entry/syscalls/syscall_32.tbl",
    ),
    (
        "tools/perf/arch/x86/entry/syscalls/syscall_64.tbl",
        "arch/x86/entry/syscalls/syscall_64.tbl",
    ),
    (
        "tools/perf/arch/powerpc/entry/syscalls/syscall.tbl",
        "arch/powerpc/kernel/syscalls/syscall.tbl",
    ),
    (
        "tools/perf/arch/s390/entry/syscalls/syscall.tbl",
        "arch/s390/kernel/syscalls/syscall.tbl",
    ),
    (
        "tools/perf/arch/mips/entry/syscalls/syscall_n64.tbl",
        "arch/mips/kernel/syscalls/syscall_n64.tbl",
    ),
];

/// `BEAUTY_FILES`: copies under `tools/perf/trace/beauty/`, checked with `diff -B`.
const BEAUTY_FILES: &[&str] = &[
    "arch/x86/include/asm/irq_vectors.h",
    "arch/x86/include/uapi/asm/prctl.h",
    "include/linux/socket.h",
    "include/uapi/linux/fcntl.h",
    "include/uapi/linux/fs.h",
    "include/uapi/linux/mount.h",
    "include/uapi/linux/prctl.h",
    "include/uapi/linux/sched.h",
    "include/uapi/linux/stat.h",
    "include/uapi/linux/usbdevice_fs.h",
    "include/uapi/linux/vhost.h",
    "include/uapi/sound/asound.h",
];

/// Library files perf duplicates from libbpf (`check_2`, no options).
const DUPLICATES: &[(&str, &str)] = &[
    ("tools/perf/util/hashmap.h", "tools/lib/bpf/hashmap.h"),
    ("tools/perf/util/hashmap.c", "tools/lib/bpf/hashmap.c"),
];

/// Files whose known differences are listed in an ignore-hunks file.
const IGNORE_SOME_HUNKS: &[&str] = &["lib/list_sort.c"];

/// Where a tree's list of pairs came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListSource {
    /// The tree's `tools/perf/check-headers.sh`.
    Script,
    /// The built-in list (Linux 6.12's script): the tree has no script.
    Builtin,
}

/// The pairs to check in a tree, and where they came from.
#[derive(Clone, Debug)]
pub struct TreeList {
    pub pairs: Vec<Pair>,
    pub source: ListSource,
}

impl TreeList {
    /// What to tell the user when the list is not the tree's own.
    pub fn note(&self, root: &Path) -> Option<String> {
        (self.source == ListSource::Builtin).then(|| {
            format!(
                "{}: no {}: checking deftab's built-in list (Linux 6.12's script)",
                root.display(),
                super::script::SCRIPT
            )
        })
    }
}

/// The pairs the tree at `root` checks: its own `tools/perf/check-headers.sh` read (every
/// pair with the `diff` options the script passes, in its order), or the built-in list when
/// the tree has none. A script deftab cannot follow is an error (`path:line: why`).
pub fn for_tree(root: &Path) -> Result<TreeList, String> {
    let path = root.join(super::script::SCRIPT);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let pairs = super::script::pairs(&text)
                .map_err(|e| format!("{}:{}: {}", path.display(), e.line, e.message))?;
            Ok(TreeList {
                pairs,
                source: ListSource::Script,
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(TreeList {
            pairs: builtin(),
            source: ListSource::Builtin,
        }),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// The `[[copies]]` of a manifest, checked with their own `diff` options.
pub fn from_manifest(copies: &[crate::generate::CopyEntry]) -> Vec<Pair> {
    copies
        .iter()
        .map(|c| Pair {
            copy: c.copy.clone(),
            original: c.original.clone(),
            rule: Comparison::Diff {
                blank: c.blank,
                ignore: c.ignore.clone(),
            },
        })
        .collect()
}

/// Every pair of Linux 6.12's script, in the order it checks (and reports) them.
pub fn builtin() -> Vec<Pair> {
    let tools = |f: &str| format!("tools/{f}");
    let mut out = Vec::new();
    out.extend(FILES.iter().map(|f| Pair::new(tools(f), f, true, &[])));
    out.extend(
        SYNC_CHECK_FILES
            .iter()
            .map(|f| Pair::new(tools(f), f, false, SYNC_CHECK_IGNORE)),
    );
    out.extend(
        EXTRA_IGNORES
            .iter()
            .map(|(f, blank, ignore)| Pair::new(tools(f), f, *blank, ignore)),
    );
    out.extend(
        NON_SYMMETRIC
            .iter()
            .map(|(c, o)| Pair::new(c.to_string(), o, false, &[])),
    );
    out.extend(
        BEAUTY_FILES
            .iter()
            .map(|f| Pair::new(format!("tools/perf/trace/beauty/{f}"), f, true, &[])),
    );
    out.extend(
        DUPLICATES
            .iter()
            .map(|(c, o)| Pair::new(c.to_string(), o, false, &[])),
    );
    out.extend(IGNORE_SOME_HUNKS.iter().map(|f| Pair {
        copy: tools(f),
        original: f.to_string(),
        rule: Comparison::IgnoreHunks,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_of_the_script_is_there_once_in_order() {
        let pairs = builtin();
        let n = FILES.len() + SYNC_CHECK_FILES.len() + EXTRA_IGNORES.len() + NON_SYMMETRIC.len();
        assert_eq!(
            pairs.len(),
            n + BEAUTY_FILES.len() + DUPLICATES.len() + IGNORE_SOME_HUNKS.len()
        );
        assert_eq!(pairs[0].copy, "tools/include/uapi/linux/const.h");
        assert_eq!(
            pairs[n].copy,
            "tools/perf/trace/beauty/arch/x86/include/asm/irq_vectors.h"
        );
        assert_eq!(
            pairs.last().map(|p| &p.rule),
            Some(&Comparison::IgnoreHunks)
        );
        // stat.h is checked twice, as the script does: once per copy.
        assert_eq!(
            pairs
                .iter()
                .filter(|p| p.original == "include/uapi/linux/stat.h")
                .count(),
            2
        );
    }
}
