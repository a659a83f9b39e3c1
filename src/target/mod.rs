//! Targets: what the compiler would know about the machine a header is read for.
//!
//! A target is its predefined macros — captured verbatim from that target's Linux gcc
//! (`gcc -dM -E -x c /dev/null`, stored under `predefs/`) so `#if` sees exactly what the
//! compiler sees — and its data model: sizes, alignments, endianness, char signedness.

pub mod cargo;
pub mod include;
pub mod kernel_tree;
mod list;
pub mod syscall_tbl;
pub mod unistd;

pub use list::TARGETS;

use crate::ctype::{FloatKind, IntRank, IntType};

/// Sizes and alignments in bytes of the scalar types. `_Bool`, `char`, `float` and `double`
/// are 1, 1, 4 and 8 bytes on every Linux target; every other scalar is aligned to its size
/// except where a field below says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataModel {
    pub char_signed: bool,
    pub big_endian: bool,
    pub short: u8,
    pub int: u8,
    pub long: u8,
    pub long_long: u8,
    pub pointer: u8,
    pub long_double: u8,
    /// Alignment of `long long` and `double` inside structs and for `_Alignof` (4 on i386,
    /// whose gcc still prefers 8 for `__alignof__` of a lone object).
    pub long_long_align: u8,
    pub long_double_align: u8,
    /// `__BIGGEST_ALIGNMENT__`: what `__attribute__((aligned))` without a number means.
    pub biggest_align: u8,
    /// `size_t`'s type (what `sizeof` yields).
    pub size_t: IntType,
    pub ptrdiff_t: IntType,
    /// `wchar_t`, the type of `L'x'` (`long` on i386, x32, powerpc and parisc).
    pub wchar_t: IntType,
}

#[derive(Debug)]
pub struct Target {
    /// Short name: `x86_64`, `i386`.
    pub name: &'static str,
    /// GNU triplet as Debian's multiarch directory names it (`/usr/include/<triplet>`).
    pub triplet: &'static str,
    /// The triplet of Debian's cross compiler (`<cc_triplet>-gcc`), which is also its
    /// sysroot (`/usr/<cc_triplet>/include`); differs from `triplet` only for i386.
    pub cc_triplet: &'static str,
    /// Debian's architecture name (`dpkg --print-architecture`, `libc6-dev-<this>-cross`).
    pub debian_arch: &'static str,
    /// Other accepted spellings.
    pub aliases: &'static [&'static str],
    /// The Linux kernel's name for the architecture (`arch/<this>/include/uapi`).
    pub kernel_arch: &'static str,
    /// `#define` lines, as `gcc -dM -E` prints them for this target.
    pub predefs: &'static str,
    pub model: DataModel,
}

/// The target deftab assumes when none is given.
pub const DEFAULT_TARGET: &str = "x86_64";

impl Target {
    /// Finds a target by short name, GNU triplet (with or without a vendor part:
    /// `s390x-ibm-linux-gnu`), Debian architecture name or alias.
    pub fn lookup(name: &str) -> Result<&'static Target, UnknownTarget> {
        let lower = name.to_ascii_lowercase();
        let mut parts: Vec<&str> = lower.split('-').collect();
        if parts.len() == 4 && parts[2] == "linux" {
            parts.remove(1);
        }
        let unvendored = parts.join("-");
        TARGETS
            .iter()
            .find(|t| {
                [&lower, &unvendored].iter().any(|n| {
                    t.name == *n
                        || t.triplet == *n
                        || t.cc_triplet == *n
                        || t.debian_arch == *n
                        || t.aliases.contains(&n.as_str())
                })
            })
            .ok_or_else(|| UnknownTarget(name.to_string()))
    }

    /// The target deftab itself was built for, if it is one of [`TARGETS`]: its headers
    /// are the ones installed in `/usr/include`.
    pub fn host() -> Option<&'static Target> {
        let name = match std::env::consts::ARCH {
            "x86_64" if cfg!(target_pointer_width = "32") => "x32",
            "x86" => "i386",
            "powerpc64" if cfg!(target_endian = "little") => "powerpc64le",
            arch => arch,
        };
        let t = Target::lookup(name).ok()?;
        let same = t.model.big_endian == cfg!(target_endian = "big")
            && usize::from(t.model.pointer) == std::mem::size_of::<usize>();
        same.then_some(t)
    }

    /// Debian's cross sysroot for the target, `/usr/<cc_triplet>/include`
    /// (`libc6-dev-<arch>-cross`), if installed.
    pub fn cross_sysroot_include(&self) -> Option<std::path::PathBuf> {
        let dir = std::path::Path::new("/usr")
            .join(self.cc_triplet)
            .join("include");
        dir.is_dir().then_some(dir)
    }

    pub fn is_host(&self) -> bool {
        Target::host().is_some_and(|h| std::ptr::eq(h, self))
    }

    pub fn default_target() -> &'static Target {
        Target::lookup(DEFAULT_TARGET).expect("default target exists")
    }

    /// Size in bytes of an integer type.
    pub fn int_size(&self, rank: IntRank) -> u64 {
        let m = &self.model;
        u64::from(match rank {
            IntRank::Bool | IntRank::Char => 1,
            IntRank::Short => m.short,
            IntRank::Int => m.int,
            IntRank::Long => m.long,
            IntRank::LongLong => m.long_long,
            IntRank::Int128 => 16,
        })
    }

    /// Width in bits of an integer type.
    pub fn int_bits(&self, rank: IntRank) -> u32 {
        self.int_size(rank) as u32 * 8
    }

    pub fn float_size(&self, kind: FloatKind) -> u64 {
        match kind {
            FloatKind::Float => 4,
            FloatKind::Double => 8,
            FloatKind::LongDouble => u64::from(self.model.long_double),
        }
    }

    /// Alignment of an integer type inside a struct (and for `_Alignof`).
    pub fn int_align(&self, rank: IntRank) -> u64 {
        match rank {
            IntRank::LongLong => u64::from(self.model.long_long_align),
            _ => self.int_size(rank),
        }
    }

    /// Alignment of a floating type inside a struct (and for `_Alignof`).
    pub fn float_align(&self, kind: FloatKind) -> u64 {
        match kind {
            FloatKind::Float => 4,
            FloatKind::Double => u64::from(self.model.long_long_align),
            FloatKind::LongDouble => u64::from(self.model.long_double_align),
        }
    }

    /// Plain `char` as an integer type.
    pub fn char_type(&self) -> IntType {
        IntType {
            rank: IntRank::Char,
            signed: self.model.char_signed,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown target `{0}`{meaning} (known: {known}; `deftab targets` lists them)", meaning = meaning(&self.0), known = known_names())]
pub struct UnknownTarget(pub String);

/// Names people type that are not deftab targets, and what they mean.
const NOT_TARGETS: &[(&[&str], &str)] = &[
    (
        &["armel", "arm-linux-gnueabi", "armv5", "armv6"],
        "Debian's soft-float ARM; deftab's `arm` is armhf (arm-linux-gnueabihf), whose kernel \
         headers and data model are the same: --target arm",
    ),
    (
        &[
            "mipsel",
            "mipsel-linux-gnu",
            "mips64el",
            "mips64el-linux-gnuabi64",
        ],
        "little-endian MIPS, not a deftab target (`mips` and `mips64` are big-endian)",
    ),
    (
        &["sparc", "sparc-linux-gnu"],
        "32-bit SPARC, not a deftab target (`sparc64` is)",
    ),
    (
        &["riscv32", "riscv32-linux-gnu"],
        "32-bit RISC-V, not a deftab target (`riscv64` is)",
    ),
];

fn meaning(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    NOT_TARGETS
        .iter()
        .find(|(names, _)| names.contains(&lower.as_str()))
        .map(|(_, m)| format!(": {m}"))
        .unwrap_or_default()
}

fn known_names() -> String {
    TARGETS
        .iter()
        .map(|t| t.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
