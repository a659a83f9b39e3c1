//! ioctl request numbers: which constants are built with `_IOC`, and their fields decoded
//! with the target's own bit layout (`_IOC_*SHIFT`, `_IOC_*BITS`, `_IOC_NONE|READ|WRITE`,
//! which differ on mips, powerpc, sparc, alpha and parisc).

use crate::preprocess::MacroTable;
use crate::scan::TokenKind;
use crate::source::SourceMap;
use std::collections::HashSet;

/// The macros of a unit that give the bit layout, in [`IocLayout::from_values`]'s order.
pub const LAYOUT_MACROS: [&str; 11] = [
    "_IOC_NRSHIFT",
    "_IOC_TYPESHIFT",
    "_IOC_SIZESHIFT",
    "_IOC_DIRSHIFT",
    "_IOC_NRBITS",
    "_IOC_TYPEBITS",
    "_IOC_SIZEBITS",
    "_IOC_DIRBITS",
    "_IOC_NONE",
    "_IOC_READ",
    "_IOC_WRITE",
];

/// One unit's `_IOC` bit layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IocLayout {
    shifts: [u32; 4],
    bits: [u32; 4],
    none: u64,
    read: u64,
    write: u64,
}

/// A decoded request number (`dump --format json`: `"ioctl": {…}`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Ioctl {
    /// `none`, `read`, `write` or `read|write` (the raw number if it is none of these).
    pub dir: String,
    /// The driver's letter or number (`'f'` is 102).
    #[serde(rename = "type")]
    pub ty: u64,
    pub nr: u64,
    /// The argument's size in bytes.
    pub size: u64,
}

impl IocLayout {
    /// From the values of [`LAYOUT_MACROS`], in that order; `None` if one is missing or
    /// out of range.
    pub fn from_values(values: &[Option<i128>]) -> Option<IocLayout> {
        let v: Vec<u64> = values
            .iter()
            .map(|v| v.and_then(|v| u64::try_from(v).ok()))
            .collect::<Option<_>>()?;
        if v.len() != LAYOUT_MACROS.len() || v[..8].iter().any(|&x| x > 64) {
            return None;
        }
        let u = |i: usize| v[i] as u32;
        Some(IocLayout {
            shifts: [u(0), u(1), u(2), u(3)],
            bits: [u(4), u(5), u(6), u(7)],
            none: v[8],
            read: v[9],
            write: v[10],
        })
    }

    pub fn decode(&self, value: u64) -> Ioctl {
        let field = |i: usize| {
            let mask = if self.bits[i] >= 64 {
                u64::MAX
            } else {
                (1u64 << self.bits[i]) - 1
            };
            value.checked_shr(self.shifts[i]).unwrap_or(0) & mask
        };
        let d = field(3);
        let dir = if d == self.none {
            "none".to_string()
        } else if d == self.read {
            "read".to_string()
        } else if d == self.write {
            "write".to_string()
        } else if d == self.read | self.write {
            "read|write".to_string()
        } else {
            d.to_string()
        };
        Ioctl {
            dir,
            ty: field(1),
            nr: field(0),
            size: field(2),
        }
    }
}

/// Whether the definition of `name` reaches the function-like macro `_IOC` through the
/// macros its replacement list names (directly or through other macros).
pub fn built_with_ioc(sm: &SourceMap, macros: &MacroTable, name: &str) -> bool {
    if !macros.get("_IOC").is_some_and(|m| m.is_function_like()) {
        return false;
    }
    let mut seen: HashSet<&str> = HashSet::new();
    let mut todo = vec![name];
    while let Some(n) = todo.pop() {
        if !seen.insert(n) {
            continue;
        }
        let Some(m) = macros.get(n) else { continue };
        for t in m.body.iter().filter(|t| t.kind == TokenKind::Ident) {
            let word = sm.text(t.span);
            if word == "_IOC" {
                return true;
            }
            if macros.contains_key(word) {
                todo.push(word);
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generic() -> IocLayout {
        // asm-generic/ioctl.h: nr 8 bits at 0, type 8 at 8, size 14 at 16, dir 2 at 30.
        let v = [0, 8, 16, 30, 8, 8, 14, 2, 0, 2, 1].map(Some);
        IocLayout::from_values(&v).unwrap()
    }

    #[test]
    fn decodes_with_the_generic_layout() {
        let d = generic().decode(0x8008_6601);
        assert_eq!(
            d,
            Ioctl {
                dir: "read".into(),
                ty: u64::from(b'f'),
                nr: 1,
                size: 8
            }
        );
        assert_eq!(generic().decode(0xc010_6601).dir, "read|write");
        assert_eq!(generic().decode(0x0000_6601).dir, "none");
    }

    #[test]
    fn decodes_with_the_mips_layout() {
        // arch/mips: size 13 bits, dir 3 bits at 29; none 1, read 2, write 4.
        let v = [0, 8, 16, 29, 8, 8, 13, 3, 1, 2, 4].map(Some);
        let mips = IocLayout::from_values(&v).unwrap();
        let d = mips.decode(0x4004_6601);
        assert_eq!((d.dir.as_str(), d.ty, d.nr, d.size), ("read", 102, 1, 4));
        assert_eq!(mips.decode(0x8004_6601).dir, "write");
        assert_eq!(mips.decode(0x2000_6601).dir, "none");
    }

    #[test]
    fn a_missing_macro_means_no_layout() {
        let mut v = [0, 8, 16, 30, 8, 8, 14, 2, 0, 2, 1].map(Some);
        v[3] = None;
        assert_eq!(IocLayout::from_values(&v), None);
    }
}
