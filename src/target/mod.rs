//! Targets: what the compiler would know about the machine a header is read for.
//!
//! A target is its predefined macros — captured verbatim from that target's Linux gcc
//! (`gcc -dM -E -x c /dev/null`, stored under `predefs/`) so `#if` sees exactly what the
//! compiler sees — and its data model: sizes, alignments, endianness, char signedness.

pub mod include;

use crate::ctype::{FloatKind, IntRank, IntType};

/// Sizes and alignments in bytes of the scalar types.
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
    /// Alignment of `long long` and `double` inside structs (4 on i386).
    pub long_long_align: u8,
    pub long_double_align: u8,
    /// `size_t`'s type (what `sizeof` yields).
    pub size_t: IntType,
}

#[derive(Debug)]
pub struct Target {
    /// Short name: `x86_64`, `i386`.
    pub name: &'static str,
    /// GNU triplet, also the multiarch include directory name.
    pub triplet: &'static str,
    /// Other accepted spellings.
    pub aliases: &'static [&'static str],
    /// The Linux kernel's name for the architecture (`arch/<this>/include/uapi`).
    pub kernel_arch: &'static str,
    /// `#define` lines, as `gcc -dM -E` prints them for this target.
    pub predefs: &'static str,
    pub model: DataModel,
}

const LP64_LE: DataModel = DataModel {
    char_signed: true,
    big_endian: false,
    short: 2,
    int: 4,
    long: 8,
    long_long: 8,
    pointer: 8,
    long_double: 16,
    long_long_align: 8,
    long_double_align: 16,
    size_t: IntType::ULONG,
};

pub static TARGETS: &[Target] = &[
    Target {
        name: "x86_64",
        triplet: "x86_64-linux-gnu",
        aliases: &["amd64", "x86-64"],
        kernel_arch: "x86",
        predefs: include_str!("predefs/x86_64-linux-gnu.h"),
        model: LP64_LE,
    },
    Target {
        name: "i386",
        triplet: "i386-linux-gnu",
        aliases: &["i686", "i586", "x86", "i686-linux-gnu"],
        kernel_arch: "x86",
        predefs: include_str!("predefs/i386-linux-gnu.h"),
        model: DataModel {
            long: 4,
            pointer: 4,
            long_double: 12,
            long_long_align: 4,
            long_double_align: 4,
            size_t: IntType::UINT,
            ..LP64_LE
        },
    },
];

/// The target deftab assumes when none is given.
pub const DEFAULT_TARGET: &str = "x86_64";

impl Target {
    /// Finds a target by short name, triplet or alias.
    pub fn lookup(name: &str) -> Result<&'static Target, UnknownTarget> {
        TARGETS
            .iter()
            .find(|t| t.name == name || t.triplet == name || t.aliases.contains(&name))
            .ok_or_else(|| UnknownTarget(name.to_string()))
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

    /// Plain `char` as an integer type.
    pub fn char_type(&self) -> IntType {
        IntType {
            rank: IntRank::Char,
            signed: self.model.char_signed,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown target `{0}` (known: {known})", known = known_names())]
pub struct UnknownTarget(pub String);

fn known_names() -> String {
    TARGETS
        .iter()
        .map(|t| t.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The data model must agree with the `__SIZEOF_*__` macros gcc printed for the target.
    #[test]
    fn data_model_matches_predefs() {
        for t in TARGETS {
            let get = |name: &str| -> u64 {
                let line = t
                    .predefs
                    .lines()
                    .find(|l| l.starts_with(&format!("#define {name} ")))
                    .unwrap_or_else(|| panic!("{}: no {name}", t.name));
                line.rsplit(' ').next().unwrap().parse().unwrap()
            };
            assert_eq!(
                get("__SIZEOF_SHORT__"),
                t.int_size(IntRank::Short),
                "{}",
                t.name
            );
            assert_eq!(
                get("__SIZEOF_INT__"),
                t.int_size(IntRank::Int),
                "{}",
                t.name
            );
            assert_eq!(
                get("__SIZEOF_LONG__"),
                t.int_size(IntRank::Long),
                "{}",
                t.name
            );
            assert_eq!(
                get("__SIZEOF_LONG_LONG__"),
                t.int_size(IntRank::LongLong),
                "{}",
                t.name
            );
            assert_eq!(
                get("__SIZEOF_POINTER__"),
                u64::from(t.model.pointer),
                "{}",
                t.name
            );
            assert_eq!(
                get("__SIZEOF_LONG_DOUBLE__"),
                t.float_size(FloatKind::LongDouble),
                "{}",
                t.name
            );
            assert_eq!(
                get("__SIZEOF_SIZE_T__"),
                t.int_size(t.model.size_t.rank),
                "{}",
                t.name
            );
            let unsigned_char = t.predefs.contains("#define __CHAR_UNSIGNED__ 1");
            assert_eq!(unsigned_char, !t.model.char_signed, "{}", t.name);
            let be = t
                .predefs
                .contains("#define __BYTE_ORDER__ __ORDER_BIG_ENDIAN__");
            assert_eq!(be, t.model.big_endian, "{}", t.name);
        }
    }

    #[test]
    fn lookup_by_any_name() {
        assert_eq!(Target::lookup("amd64").unwrap().name, "x86_64");
        assert_eq!(Target::lookup("i386-linux-gnu").unwrap().name, "i386");
        let e = Target::lookup("vax").unwrap_err().to_string();
        assert!(
            e.contains("unknown target `vax`") && e.contains("x86_64"),
            "{e}"
        );
    }
}
