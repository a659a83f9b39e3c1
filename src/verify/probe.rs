//! The probe translation unit: the header, then for each candidate name constant objects
//! from which its value and type can be read back out of the object file, so nothing ever
//! runs on the target.
//!
//! Each candidate gets exactly one line, so a compiler error's line names the candidate:
//!
//! ```c
//! const unsigned char __deftab_t_N = _Generic((NAME), int: 7, …, default: 0);
//! const unsigned long long __deftab_v_N[2] = { low 64 bits, high 64 bits };
//! ```
//!
//! `_Generic` gives the exact type (so `long` and `long long` differ even when of the same
//! size); the value parts select an integer conversion only for integer types, so pointers
//! and floats still compile and are recognised as "not an integer".

use super::report::CompilerResult;
use crate::ctype::{IntRank, IntType};
use crate::evaluate::Value;
use std::fmt::Write as _;
use std::path::Path;

/// Integer types, coded by position + 1 in `__deftab_t_N`, with their rank and signedness
/// (`None`: plain `char`, as the target has it). `__deftab_i128`/`__deftab_u128` are the
/// 128-bit types where the target has them, distinct dummy structs elsewhere.
const INT_TYPES: &[(&str, IntRank, Option<bool>)] = &[
    ("_Bool", IntRank::Bool, Some(false)),
    ("char", IntRank::Char, None),
    ("signed char", IntRank::Char, Some(true)),
    ("unsigned char", IntRank::Char, Some(false)),
    ("short", IntRank::Short, Some(true)),
    ("unsigned short", IntRank::Short, Some(false)),
    ("int", IntRank::Int, Some(true)),
    ("unsigned int", IntRank::Int, Some(false)),
    ("long", IntRank::Long, Some(true)),
    ("unsigned long", IntRank::Long, Some(false)),
    ("long long", IntRank::LongLong, Some(true)),
    ("unsigned long long", IntRank::LongLong, Some(false)),
    ("__deftab_i128", IntRank::Int128, Some(true)),
    ("__deftab_u128", IntRank::Int128, Some(false)),
];

/// Other scalar types recognised, for the message saying why a name is not an integer.
const FLOAT_TYPES: &[(&str, u8)] = &[("float", 20), ("double", 21), ("long double", 22)];

pub const CHAR_SIGNED_SYMBOL: &str = "__deftab_char_signed";

pub fn type_symbol(index: usize) -> String {
    format!("__deftab_t_{index}")
}

pub fn value_symbol(index: usize) -> String {
    format!("__deftab_v_{index}")
}

const PREAMBLE: &str = "\
#ifdef __SIZEOF_INT128__
typedef __int128 __deftab_i128;
typedef unsigned __int128 __deftab_u128;
typedef unsigned __int128 __deftab_wide;
#else
typedef struct { char __deftab_c; } __deftab_i128;
typedef struct { short __deftab_c; } __deftab_u128;
typedef unsigned long long __deftab_wide;
#endif
const signed char __deftab_char_signed = ((char)-1 < 0);
";

/// A probe's text and which candidate each of its lines belongs to.
pub struct Probe {
    pub text: String,
    /// Line of the first candidate; candidate `active[i]` is on `first_line + i`.
    first_line: u32,
    active: Vec<usize>,
}

impl Probe {
    /// `names[i]` is candidate `i`; only those in `active` are probed.
    pub fn new(header: &Path, names: &[String], active: &[usize]) -> Probe {
        let mut text = format!("#include \"{}\"\n{PREAMBLE}", header.display());
        let first_line = text.lines().count() as u32 + 1;
        for &i in active {
            candidate_line(&mut text, i, &names[i]);
        }
        Probe {
            text,
            first_line,
            active: active.to_vec(),
        }
    }

    /// The candidate on 1-based line `line`, if any.
    pub fn candidate_at(&self, line: u32) -> Option<usize> {
        let i = line.checked_sub(self.first_line)?;
        self.active.get(i as usize).copied()
    }

    pub fn is_active(&self, candidate: usize) -> bool {
        self.active.contains(&candidate)
    }

    #[cfg(test)]
    pub fn first_line(&self) -> u32 {
        self.first_line
    }
}

/// A candidate's type code and value halves, as read from the object file.
pub fn decode(code: u8, (low, high): (u64, u64), char_signed: bool) -> CompilerResult {
    let Some(&(_, rank, signed)) = usize::from(code)
        .checked_sub(1)
        .and_then(|i| INT_TYPES.get(i))
    else {
        let what = FLOAT_TYPES
            .iter()
            .find(|(_, c)| *c == code)
            .map_or("a pointer, array or other non-arithmetic type", |(t, _)| t);
        return CompilerResult::NotInteger(what.to_string());
    };
    let signed = signed.unwrap_or(char_signed);
    let value = match (rank, signed) {
        // i128 cannot hold unsigned __int128 values of 2^127 and more: they wrap.
        (IntRank::Int128, _) => ((u128::from(high) << 64) | u128::from(low)) as i128,
        (_, true) => i128::from(low as i64),
        (_, false) => i128::from(low),
    };
    CompilerResult::Int(Value {
        value,
        ty: IntType { rank, signed },
    })
}

fn candidate_line(out: &mut String, index: usize, name: &str) {
    let int_codes = INT_TYPES.iter().enumerate().map(|(i, (t, ..))| (*t, i + 1));
    let float_codes = FLOAT_TYPES.iter().map(|&(t, code)| (t, usize::from(code)));
    let type_assocs: String = int_codes
        .chain(float_codes)
        .map(|(t, code)| format!("{t}: {code}, "))
        .collect();
    let low: String = INT_TYPES
        .iter()
        .map(|(t, ..)| format!("{t}: (unsigned long long)({name}), "))
        .collect();
    // Only 128-bit values have high bits beyond what the type and low half determine.
    let high_part = format!("(unsigned long long)((__deftab_wide)({name}) >> 63 >> 1)");
    let _ = writeln!(
        out,
        "const unsigned char {t} = _Generic(({name}), {type_assocs}default: 0); \
         const unsigned long long {v}[2] = {{ _Generic(({name}), {low}default: 0ULL), \
         _Generic(({name}), __deftab_i128: {high_part}, __deftab_u128: {high_part}, \
         default: 0ULL) }};",
        t = type_symbol(index),
        v = value_symbol(index),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_candidate_and_errors_map_back() {
        let names: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
        let probe = Probe::new(Path::new("/h/x.h"), &names, &[0, 2]);
        let lines: Vec<&str> = probe.text.lines().collect();
        assert_eq!(lines[0], "#include \"/h/x.h\"");
        let a = probe.first_line as usize - 1;
        assert!(
            lines[a].contains("__deftab_t_0 = _Generic((A),"),
            "{}",
            lines[a]
        );
        assert!(lines[a + 1].contains("__deftab_v_2[2]"), "{}", lines[a + 1]);
        assert_eq!(lines.len(), a + 2);
        assert_eq!(probe.candidate_at(probe.first_line), Some(0));
        assert_eq!(probe.candidate_at(probe.first_line + 1), Some(2));
        assert_eq!(probe.candidate_at(probe.first_line + 2), None);
        assert_eq!(probe.candidate_at(1), None, "the #include");
        assert!(probe.is_active(2) && !probe.is_active(1));
    }
}
