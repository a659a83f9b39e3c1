//! `deftab dump`'s listing of a header's constants: one text line each (`path:line: NAME =
//! value (hex, type, enum, ioctl fields)`, or why it has no value), or pretty JSON objects.
//! It runs for every constant of every header, so numbers are written by hand (see
//! [`push_digits`]).

use crate::constant::{ConstKind, Constant};
use crate::ioctl::Ioctl;
use crate::source::{FileId, SourceMap};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Every constant as a text line, in order.
pub fn text(sm: &SourceMap, constants: &[Constant], ioctls: &HashMap<String, Ioctl>) -> String {
    let mut text = String::new();
    let mut path = RenderedPath::default();
    for c in constants {
        text_line(&mut text, sm, &mut path, c, ioctls.get(&c.name));
    }
    text
}

/// Every constant as a pretty JSON object (with its ioctl fields), in order.
pub fn json_objects(
    sm: &SourceMap,
    constants: &[Constant],
    ioctls: &HashMap<String, Ioctl>,
) -> Vec<String> {
    constants
        .iter()
        .map(|c| {
            let mut j = c.to_json(sm);
            j.ioctl = ioctls.get(&c.name).cloned();
            serde_json::to_string_pretty(&j).expect("plain data serializes")
        })
        .collect()
}

/// The pretty JSON array of already pretty-printed objects, as `to_string_pretty` of the
/// whole list would write it (strings are escaped, so every line break is structure).
pub fn json_array(objects: &[String]) -> String {
    let mut out = String::new();
    let mut array = JsonArray::default();
    for o in objects {
        array.push(&mut out, o);
    }
    array.finish(&mut out);
    out
}

/// [`json_array`] written piece by piece: the array can be printed while its later objects
/// are still being made.
#[derive(Default)]
pub struct JsonArray {
    any: bool,
}

impl JsonArray {
    /// Appends the pretty-printed `object` to `out` as the array's next element.
    pub fn push(&mut self, out: &mut String, object: &str) {
        out.push_str(if self.any { ",\n" } else { "[\n" });
        self.any = true;
        for (n, line) in object.lines().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.push_str("  ");
            out.push_str(line);
        }
    }

    /// Appends the end of the array to `out`.
    pub fn finish(self, out: &mut String) {
        out.push_str(if self.any { "\n]\n" } else { "[]\n" });
    }
}

/// The displayed path of the file the last constant came from: constants come file by file,
/// and rendering a `Path` is slower than the rest of a line.
#[derive(Default)]
struct RenderedPath {
    file: Option<FileId>,
    text: String,
}

/// `path:line: NAME = 4` — with hex, a type other than `int`, the enum tag and an ioctl's
/// fields in parentheses.
fn text_line(
    out: &mut String,
    sm: &SourceMap,
    path: &mut RenderedPath,
    c: &Constant,
    ioctl: Option<&Ioctl>,
) {
    if path.file != Some(c.loc.file) {
        path.file = Some(c.loc.file);
        path.text = sm.path(c.loc.file).display().to_string();
    }
    out.push_str(&path.text);
    out.push(':');
    push_digits(out, sm.line(c.loc).into(), 10);
    out.push_str(": ");
    out.push_str(&c.name);
    match &c.value {
        Ok(v) => {
            out.push_str(" = ");
            if v.value < 0 {
                out.push('-');
            }
            push_digits(out, v.value.unsigned_abs(), 10);
            let mut notes = Notes { out, any: false };
            if !(-9..=9).contains(&v.value) {
                let out = notes.next();
                out.push_str(if v.value < 0 { "-0x" } else { "0x" });
                push_digits(out, v.value.unsigned_abs(), 16);
            }
            if v.ty != crate::ctype::IntType::INT {
                notes.next().push_str(v.ty.c_name());
            }
            if c.kind == ConstKind::Enumerator {
                let out = notes.next();
                match &c.enum_tag {
                    Some(t) => {
                        out.push_str("enum ");
                        out.push_str(t);
                    }
                    None => out.push_str("anonymous enum"),
                }
            }
            if let Some(i) = ioctl {
                let out = notes.next();
                out.push_str("ioctl ");
                out.push_str(&i.dir);
                match u8::try_from(i.ty) {
                    Ok(b) if b.is_ascii_graphic() && b != b'\'' && b != b'\\' => {
                        out.push_str(" '");
                        out.push(b as char);
                        out.push('\'');
                    }
                    _ => {
                        out.push_str(" 0x");
                        push_digits(out, i.ty.into(), 16);
                    }
                }
                out.push_str(" nr ");
                push_digits(out, i.nr.into(), 10);
                out.push_str(" size ");
                push_digits(out, i.size.into(), 10);
            }
            if notes.any {
                notes.out.push(')');
            }
        }
        Err(s) => {
            let _ = write!(out, " skipped: {}", s.reason(sm, c.loc));
        }
    }
    out.push('\n');
}

/// The parenthesised notes after a value: ` (first, second)`.
struct Notes<'a> {
    out: &'a mut String,
    any: bool,
}

impl Notes<'_> {
    /// The output, after the separator that starts one more note.
    fn next(&mut self) -> &mut String {
        self.out.push_str(if self.any { ", " } else { " (" });
        self.any = true;
        self.out
    }
}

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Appends `n` in base 10 or 16 (lowercase), as `{}` and `{:x}` would: this runs for every
/// constant, and `write!` of an `i128` costs more than the rest of the line.
fn push_digits(out: &mut String, n: u128, radix: u8) {
    let mut buf = [0u8; 128];
    let mut i = buf.len();
    let mut wide = n;
    // 128-bit division only for what does not fit 64 bits (no constant in practice).
    while wide > u128::from(u64::MAX) {
        i -= 1;
        buf[i] = DIGITS[(wide % u128::from(radix)) as usize];
        wide /= u128::from(radix);
    }
    let i = match radix {
        10 => low_digits::<10>(&mut buf, i, wide as u64),
        16 => low_digits::<16>(&mut buf, i, wide as u64),
        _ => low_digits_any(&mut buf, i, wide as u64, radix.into()),
    };
    out.extend(buf[i..].iter().map(|&b| b as char));
}

/// The digits of `n` in `buf` before `i`; returns the index of the first. A constant
/// radix divides by multiplication (or a shift), not a division instruction.
fn low_digits<const RADIX: u64>(buf: &mut [u8], i: usize, n: u64) -> usize {
    low_digits_any(buf, i, n, RADIX)
}

#[inline(always)]
fn low_digits_any(buf: &mut [u8], mut i: usize, mut n: u64, radix: u64) -> usize {
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % radix) as usize];
        n /= radix;
        if n == 0 {
            return i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_those_of_std_formatting() {
        let mut values = vec![0u128, 1, 9, 10, 15, 16, 255, 4096, 0xdead_beef];
        values.extend([
            u64::MAX as u128,
            u64::MAX as u128 + 1,
            u128::MAX,
            i128::MAX as u128,
        ]);
        values.extend((0..128).map(|b| 1u128 << b));
        values.extend((1..128).map(|b| (1u128 << b) - 1));
        for n in values {
            let (mut dec, mut hex) = (String::new(), String::new());
            push_digits(&mut dec, n, 10);
            push_digits(&mut hex, n, 16);
            assert_eq!(dec, n.to_string());
            assert_eq!(hex, format!("{n:x}"));
        }
    }
}
