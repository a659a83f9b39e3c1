//! The Linux targets deftab knows: names, triplets, kernel architecture and data model.
//!
//! Sizes, alignments and types follow each architecture's Linux psABI as its gcc implements
//! it; `tests` below check every fact gcc prints (`__SIZEOF_*__`, `__SIZE_TYPE__`,
//! `__BIGGEST_ALIGNMENT__`, …) against the captured predefs, and `tests/targets.rs` checks
//! the alignments with the cross compilers themselves.

use super::{DataModel, Target};
use crate::ctype::IntType;

/// 64-bit little-endian, signed `char`, 16-byte `long double` (x86_64, alpha, loongarch64).
const LP64: DataModel = DataModel {
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
    biggest_align: 16,
    size_t: IntType::ULONG,
    ptrdiff_t: IntType::LONG,
    wchar_t: IntType::INT,
};

/// 32-bit: `int`, `long` and pointers of 4 bytes, `long long` and `double` aligned to 8,
/// `long double` = `double` (arm, mips, parisc).
const ILP32: DataModel = DataModel {
    long: 4,
    pointer: 4,
    long_double: 8,
    long_double_align: 8,
    biggest_align: 8,
    size_t: IntType::UINT,
    ptrdiff_t: IntType::INT,
    ..LP64
};

pub static TARGETS: &[Target] = &[
    Target {
        name: "x86_64",
        triplet: "x86_64-linux-gnu",
        cc_triplet: "x86_64-linux-gnu",
        debian_arch: "amd64",
        aliases: &["x86-64"],
        kernel_arch: "x86",
        predefs: include_str!("predefs/x86_64-linux-gnu.h"),
        model: LP64,
    },
    Target {
        name: "i386",
        triplet: "i386-linux-gnu",
        cc_triplet: "i686-linux-gnu",
        debian_arch: "i386",
        aliases: &["i686", "i586", "x86"],
        kernel_arch: "x86",
        predefs: include_str!("predefs/i386-linux-gnu.h"),
        model: DataModel {
            long_double: 12,
            // The i386 psABI aligns these to 4 inside structs (gcc's `_Alignof` too).
            long_long_align: 4,
            long_double_align: 4,
            biggest_align: 16,
            wchar_t: IntType::LONG,
            ..ILP32
        },
    },
    Target {
        name: "x32",
        triplet: "x86_64-linux-gnux32",
        cc_triplet: "x86_64-linux-gnux32",
        debian_arch: "x32",
        aliases: &[],
        kernel_arch: "x86",
        predefs: include_str!("predefs/x86_64-linux-gnux32.h"),
        model: DataModel {
            long_double: 16,
            long_double_align: 16,
            biggest_align: 16,
            wchar_t: IntType::LONG,
            ..ILP32
        },
    },
    Target {
        name: "aarch64",
        triplet: "aarch64-linux-gnu",
        cc_triplet: "aarch64-linux-gnu",
        debian_arch: "arm64",
        aliases: &[],
        kernel_arch: "arm64",
        predefs: include_str!("predefs/aarch64-linux-gnu.h"),
        model: DataModel {
            char_signed: false,
            wchar_t: IntType::UINT,
            ..LP64
        },
    },
    Target {
        name: "arm",
        triplet: "arm-linux-gnueabihf",
        cc_triplet: "arm-linux-gnueabihf",
        debian_arch: "armhf",
        aliases: &["armv7"],
        kernel_arch: "arm",
        predefs: include_str!("predefs/arm-linux-gnueabihf.h"),
        model: DataModel {
            char_signed: false,
            wchar_t: IntType::UINT,
            ..ILP32
        },
    },
    Target {
        name: "riscv64",
        triplet: "riscv64-linux-gnu",
        cc_triplet: "riscv64-linux-gnu",
        debian_arch: "riscv64",
        aliases: &[],
        kernel_arch: "riscv",
        predefs: include_str!("predefs/riscv64-linux-gnu.h"),
        model: DataModel {
            char_signed: false,
            ..LP64
        },
    },
    Target {
        name: "s390x",
        triplet: "s390x-linux-gnu",
        cc_triplet: "s390x-linux-gnu",
        debian_arch: "s390x",
        aliases: &[],
        kernel_arch: "s390",
        predefs: include_str!("predefs/s390x-linux-gnu.h"),
        model: DataModel {
            char_signed: false,
            big_endian: true,
            long_double_align: 8,
            biggest_align: 8,
            ..LP64
        },
    },
    Target {
        name: "powerpc64",
        triplet: "powerpc64-linux-gnu",
        cc_triplet: "powerpc64-linux-gnu",
        debian_arch: "ppc64",
        aliases: &["ppc64"],
        kernel_arch: "powerpc",
        predefs: include_str!("predefs/powerpc64-linux-gnu.h"),
        model: DataModel {
            char_signed: false,
            big_endian: true,
            ..LP64
        },
    },
    Target {
        name: "powerpc64le",
        triplet: "powerpc64le-linux-gnu",
        cc_triplet: "powerpc64le-linux-gnu",
        debian_arch: "ppc64el",
        aliases: &["ppc64le"],
        kernel_arch: "powerpc",
        predefs: include_str!("predefs/powerpc64le-linux-gnu.h"),
        model: DataModel {
            char_signed: false,
            ..LP64
        },
    },
    Target {
        name: "powerpc",
        triplet: "powerpc-linux-gnu",
        cc_triplet: "powerpc-linux-gnu",
        debian_arch: "powerpc",
        aliases: &["ppc"],
        kernel_arch: "powerpc",
        predefs: include_str!("predefs/powerpc-linux-gnu.h"),
        model: DataModel {
            char_signed: false,
            big_endian: true,
            long_double: 16,
            long_double_align: 16,
            biggest_align: 16,
            wchar_t: IntType::LONG,
            ..ILP32
        },
    },
    Target {
        name: "mips",
        triplet: "mips-linux-gnu",
        cc_triplet: "mips-linux-gnu",
        debian_arch: "mips",
        aliases: &[],
        kernel_arch: "mips",
        predefs: include_str!("predefs/mips-linux-gnu.h"),
        model: DataModel {
            big_endian: true,
            ..ILP32
        },
    },
    Target {
        name: "mips64",
        triplet: "mips64-linux-gnuabi64",
        cc_triplet: "mips64-linux-gnuabi64",
        debian_arch: "mips64",
        aliases: &[],
        kernel_arch: "mips",
        predefs: include_str!("predefs/mips64-linux-gnuabi64.h"),
        model: DataModel {
            big_endian: true,
            ..LP64
        },
    },
    Target {
        name: "alpha",
        triplet: "alpha-linux-gnu",
        cc_triplet: "alpha-linux-gnu",
        debian_arch: "alpha",
        aliases: &[],
        kernel_arch: "alpha",
        predefs: include_str!("predefs/alpha-linux-gnu.h"),
        model: LP64,
    },
    Target {
        name: "parisc",
        triplet: "hppa-linux-gnu",
        cc_triplet: "hppa-linux-gnu",
        debian_arch: "hppa",
        aliases: &["hppa"],
        kernel_arch: "parisc",
        predefs: include_str!("predefs/hppa-linux-gnu.h"),
        model: DataModel {
            big_endian: true,
            wchar_t: IntType::LONG,
            ..ILP32
        },
    },
    Target {
        name: "sparc64",
        triplet: "sparc64-linux-gnu",
        cc_triplet: "sparc64-linux-gnu",
        debian_arch: "sparc64",
        aliases: &[],
        kernel_arch: "sparc",
        predefs: include_str!("predefs/sparc64-linux-gnu.h"),
        model: DataModel {
            big_endian: true,
            ..LP64
        },
    },
    Target {
        name: "loongarch64",
        triplet: "loongarch64-linux-gnu",
        cc_triplet: "loongarch64-linux-gnu",
        debian_arch: "loong64",
        aliases: &["loong64"],
        kernel_arch: "loongarch",
        // Written by hand: Debian 12 has no loongarch64 cross compiler (see the file).
        predefs: include_str!("predefs/loongarch64-linux-gnu.h"),
        model: LP64,
    },
];
