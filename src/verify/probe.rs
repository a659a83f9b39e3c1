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

use std::fmt::Write as _;
use std::path::Path;

/// Integer types and their codes in `__deftab_t_N`. `__deftab_i128`/`__deftab_u128` are
/// the 128-bit types where the target has them, distinct dummy structs elsewhere.
pub const INT_TYPES: &[(&str, u8)] = &[
    ("_Bool", 1),
    ("char", 2),
    ("signed char", 3),
    ("unsigned char", 4),
    ("short", 5),
    ("unsigned short", 6),
    ("int", 7),
    ("unsigned int", 8),
    ("long", 9),
    ("unsigned long", 10),
    ("long long", 11),
    ("unsigned long long", 12),
    ("__deftab_i128", 13),
    ("__deftab_u128", 14),
];

/// Other scalar types recognised, for the message saying why a name is not an integer.
pub const FLOAT_TYPES: &[(&str, u8)] = &[("float", 20), ("double", 21), ("long double", 22)];

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

fn candidate_line(out: &mut String, index: usize, name: &str) {
    let all = INT_TYPES.iter().chain(FLOAT_TYPES);
    let type_assocs: String = all.map(|(t, code)| format!("{t}: {code}, ")).collect();
    let low: String = INT_TYPES
        .iter()
        .map(|(t, _)| format!("{t}: (unsigned long long)({name}), "))
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
