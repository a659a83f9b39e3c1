//! Literals: pp-numbers (integer and floating) and character constants, as gcc reads them.
//! [`integer_value`] is the one reader of integer text outside expressions too (a header's
//! text, a `.tbl` file, a command-line option), so they all agree on `0x`, `0b` and octal.

/// An integer constant's digits and suffix, before a type is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntLiteral {
    /// The value; `None` when it does not fit in 128 bits.
    pub value: Option<u128>,
    /// Written in decimal (decides the list of candidate types, C11 6.4.4.1p5).
    pub decimal: bool,
    /// `u`/`U` suffix.
    pub unsigned: bool,
    /// 0: no `l`; 1: `l`; 2: `ll`.
    pub longs: u8,
}

/// What a pp-number is.
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    Int(IntLiteral),
    /// A floating constant, its value as a double (enough for casts to integers of the
    /// values headers use), and whether the suffix makes it `float`/`long double`.
    Float(f64),
}

/// Why a pp-number is not a valid constant (messages as gcc words them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    InvalidSuffix(String, &'static str),
    InvalidDigit(char, &'static str),
    Imaginary,
}

impl std::fmt::Display for NumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NumberError::InvalidSuffix(s, what) => write!(f, "invalid suffix \"{s}\" on {what}"),
            NumberError::InvalidDigit(c, base) => {
                write!(f, "invalid digit \"{c}\" in {base} constant")
            }
            NumberError::Imaginary => write!(f, "imaginary constants are not integers"),
        }
    }
}

/// Reads a pp-number (`0x1fUL`, `1e5`, `017`, `0b101`).
pub fn parse_number(text: &str) -> Result<Number, NumberError> {
    let b = text.as_bytes();
    let (radix, digits_start) = if b.len() > 1 && b[0] == b'0' && matches!(b[1], b'x' | b'X') {
        (16, 2)
    } else if b.len() > 1 && b[0] == b'0' && matches!(b[1], b'b' | b'B') {
        (2, 2)
    } else {
        (10, 0)
    };
    if is_float(text, radix) {
        return parse_float(text, radix).map(Number::Float);
    }
    let mut i = digits_start;
    while i < b.len() && b[i].is_ascii_alphanumeric() && is_digit_of(b[i], radix.max(10)) {
        i += 1;
    }
    // Binary/hex: the digit run was scanned with the wider alphabet; validate below.
    let digits = &text[digits_start..i];
    let suffix = &text[i..];
    let (radix, digits, base_name) = if radix == 10 && digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..], "octal")
    } else {
        (
            radix,
            digits,
            match radix {
                16 => "hexadecimal",
                2 => "binary",
                _ => "decimal",
            },
        )
    };
    if digits_start == 2 && digits.is_empty() {
        return Err(NumberError::InvalidSuffix(
            text[1..].to_string(),
            "integer constant",
        ));
    }
    let mut value: Option<u128> = Some(0);
    // Up to 30 digits cannot overflow (16^30 = 2^120): no checks needed.
    let checked = digits.len() > 30;
    for c in digits.chars() {
        let d = c
            .to_digit(radix)
            .ok_or(NumberError::InvalidDigit(c, base_name))?;
        value = match value {
            Some(v) if !checked => Some(v * u128::from(radix) + u128::from(d)),
            _ => value
                .and_then(|v| v.checked_mul(u128::from(radix)))
                .and_then(|v| v.checked_add(u128::from(d))),
        };
    }
    let (unsigned, longs) = parse_int_suffix(suffix).ok_or_else(|| {
        if suffix.contains(['i', 'I', 'j', 'J']) {
            NumberError::Imaginary
        } else {
            NumberError::InvalidSuffix(suffix.to_string(), "integer constant")
        }
    })?;
    Ok(Number::Int(IntLiteral {
        value,
        decimal: radix == 10,
        unsigned,
        longs,
    }))
}

/// The value of an integer constant as C writes it (`0x1f`, `0b101`, `017`, `42UL`);
/// `None` for anything else (a name, a floating constant, a bad digit or suffix, a sign)
/// or a value above `u128::MAX`.
pub fn integer_value(text: &str) -> Option<u128> {
    // A pp-number starts with a digit; `parse_number` relies on it.
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    match parse_number(text) {
        Ok(Number::Int(IntLiteral { value, .. })) => value,
        _ => None,
    }
}

/// [`integer_value`] of a constant written without a suffix (`0x40000000`, not `1UL`).
pub fn unsuffixed_integer_value(text: &str) -> Option<u128> {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    match parse_number(text) {
        Ok(Number::Int(IntLiteral {
            value,
            unsigned: false,
            longs: 0,
            ..
        })) => value,
        _ => None,
    }
}

fn is_digit_of(c: u8, radix: u32) -> bool {
    (c as char).is_digit(radix)
}

fn is_float(text: &str, radix: u32) -> bool {
    let has = |set: &[u8]| text.bytes().any(|c| set.contains(&c));
    match radix {
        16 => has(b".pP"),
        2 => false,
        _ => has(b".eE"),
    }
}

/// `u`, `l`, `ll` in any order and case gcc accepts (`LL`/`ll`, not `lL`).
fn parse_int_suffix(s: &str) -> Option<(bool, u8)> {
    // Lower-cased without allocating: a valid suffix has at most 3 (ASCII) letters.
    let mut buf = [0u8; 3];
    let lower = buf.get_mut(..s.len())?;
    for (l, c) in lower.iter_mut().zip(s.bytes()) {
        *l = c.to_ascii_lowercase();
    }
    let (unsigned, longs) = match &*lower {
        b"" => (false, ""),
        b"u" => (true, ""),
        b"l" | b"ll" => (false, s),
        b"ul" | b"ull" => (true, &s[1..]),
        b"lu" | b"llu" => (true, &s[..s.len() - 1]),
        _ => return None,
    };
    match longs {
        "" => Some((unsigned, 0)),
        "l" | "L" => Some((unsigned, 1)),
        "ll" | "LL" => Some((unsigned, 2)),
        _ => None,
    }
}

fn parse_float(text: &str, radix: u32) -> Result<f64, NumberError> {
    let lower = text.to_ascii_lowercase();
    // Strip a floating suffix: f, l, f16/f32/f64/f128/f32x/f64x, w, q, d (GNU) forms.
    let body_end = lower
        .rfind(|c: char| c.is_ascii_digit() || c == '.')
        .map_or(0, |i| i + 1);
    let (mut body, mut suffix) = lower.split_at(body_end);
    // In `1e10f32`-like spellings the digits of the suffix were taken as the body.
    for s in ["f16", "f32", "f64", "f128", "f32x", "f64x", "f128x", "bf16"] {
        if let Some(b) = lower.strip_suffix(s)
            && b.ends_with(|c: char| c.is_ascii_digit() || c == '.')
        {
            (body, suffix) = (b, s);
        }
    }
    let float_suffix = |s: &str| -> Result<(), NumberError> {
        match s {
            "" | "f" | "l" | "w" | "q" | "f16" | "f32" | "f64" | "f128" | "f32x" | "f64x"
            | "f128x" | "bf16" => Ok(()),
            _ if s.contains(['i', 'j']) => Err(NumberError::Imaginary),
            _ => Err(NumberError::InvalidSuffix(
                text[text.len() - s.len()..].to_string(),
                "floating constant",
            )),
        }
    };
    if radix == 16 {
        // 0x1.8p3: mantissa digits and a binary exponent (required).
        let rest = &lower[2..];
        let Some(p) = rest.find('p') else {
            return Err(NumberError::InvalidSuffix(
                text[2..].to_string(),
                "floating constant",
            ));
        };
        let (mant, exp) = rest.split_at(p);
        let exp = &exp[1..];
        let exp_digits_end = exp
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && (c == '+' || c == '-'))))
            .map_or(exp.len(), |(i, _)| i);
        float_suffix(&exp[exp_digits_end..])?;
        let e: i32 = exp[..exp_digits_end].parse().unwrap_or(0);
        let mut v = 0f64;
        let mut scale = 0i32;
        let mut seen_dot = false;
        for c in mant.chars() {
            if c == '.' {
                seen_dot = true;
                continue;
            }
            let d = c
                .to_digit(16)
                .ok_or(NumberError::InvalidDigit(c, "hexadecimal"))?;
            v = v * 16.0 + f64::from(d);
            if seen_dot {
                scale -= 4;
            }
        }
        return Ok(v * 2f64.powi(e.saturating_add(scale)));
    }
    float_suffix(suffix)?;
    body.parse::<f64>().map_err(|_| {
        NumberError::InvalidSuffix(
            text[body.len().min(text.len())..].to_string(),
            "floating constant",
        )
    })
}

/// The kind of a character constant, from its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharPrefix {
    /// `'a'`: int.
    Plain,
    /// `L'a'`: wchar_t.
    Wide,
    /// `u'a'`: char16_t.
    Utf16,
    /// `U'a'`: char32_t.
    Utf32,
    /// `u8'a'`: C23 only; gnu11 reads `u8` as an identifier.
    Utf8,
}

/// A character constant's characters, before typing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CharLiteral {
    pub prefix: CharPrefix,
    /// For plain constants: bytes (UTF-8 source characters contribute each byte, as gcc
    /// does); for prefixed ones: code points / escape values.
    pub chars: Vec<u32>,
}

/// Why a character constant's spelling has no value (the words are gcc's).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CharError {
    #[error("malformed character constant {0}")]
    Malformed(String),
    #[error("character constant ends in a backslash")]
    TrailingBackslash,
    #[error("\\x used with no following hex digits")]
    NoHexDigits,
    #[error("incomplete universal character name")]
    IncompleteUcn,
    #[error("invalid universal character name")]
    InvalidUcn,
    #[error("unknown escape sequence '\\{0}'")]
    UnknownEscape(char),
    #[error("empty character constant")]
    Empty,
}

/// Decodes a character constant's spelling (with quotes and prefix).
pub fn parse_char(text: &str) -> Result<CharLiteral, CharError> {
    let (prefix, rest) = if let Some(r) = text.strip_prefix("u8") {
        (CharPrefix::Utf8, r)
    } else if let Some(r) = text.strip_prefix('L') {
        (CharPrefix::Wide, r)
    } else if let Some(r) = text.strip_prefix('u') {
        (CharPrefix::Utf16, r)
    } else if let Some(r) = text.strip_prefix('U') {
        (CharPrefix::Utf32, r)
    } else {
        (CharPrefix::Plain, text)
    };
    let inner = rest
        .strip_prefix('\'')
        .and_then(|r| r.strip_suffix('\''))
        .ok_or_else(|| CharError::Malformed(text.to_string()))?;
    let narrow = matches!(prefix, CharPrefix::Plain | CharPrefix::Utf8);
    let mut chars = Vec::new();
    let mut it = inner.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            if narrow {
                let mut buf = [0u8; 4];
                chars.extend(c.encode_utf8(&mut buf).bytes().map(u32::from));
            } else {
                chars.push(c as u32);
            }
            continue;
        }
        let Some(e) = it.next() else {
            return Err(CharError::TrailingBackslash);
        };
        let v = match e {
            'n' => 10,
            't' => 9,
            'r' => 13,
            'a' => 7,
            'b' => 8,
            'f' => 12,
            'v' => 11,
            'e' | 'E' => 27, // GNU
            '\\' | '\'' | '"' | '?' => e as u32,
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match it.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            it.next();
                        }
                        None => break,
                    }
                }
                v
            }
            'x' => {
                let mut v: u32 = 0;
                let mut n = 0;
                while let Some(d) = it.peek().and_then(|c| c.to_digit(16)) {
                    v = v.wrapping_shl(4) | d;
                    n += 1;
                    it.next();
                }
                if n == 0 {
                    return Err(CharError::NoHexDigits);
                }
                v
            }
            'u' | 'U' => {
                let n = if e == 'u' { 4 } else { 8 };
                let mut v: u32 = 0;
                for _ in 0..n {
                    let d = it
                        .next()
                        .and_then(|c| c.to_digit(16))
                        .ok_or(CharError::IncompleteUcn)?;
                    v = (v << 4) | d;
                }
                if narrow {
                    // A UCN in a narrow constant is its UTF-8 encoding, byte by byte.
                    let c = char::from_u32(v).ok_or(CharError::InvalidUcn)?;
                    let mut buf = [0u8; 4];
                    chars.extend(c.encode_utf8(&mut buf).bytes().map(u32::from));
                    continue;
                }
                v
            }
            other => return Err(CharError::UnknownEscape(other)),
        };
        chars.push(v);
    }
    if chars.is_empty() {
        return Err(CharError::Empty);
    }
    Ok(CharLiteral { prefix, chars })
}

impl CharLiteral {
    /// The value of a plain (`int`-typed) constant as gcc's cpp computes it: each char is
    /// truncated to 8 bits and shifted in (`'ab'` is `'a' * 256 + 'b'`), only the last four
    /// count; a single char is sign-extended from 8 bits when plain char is signed; a
    /// multi-char constant is an `int` (32 bits, sign-extended).
    pub fn plain_value(&self, char_signed: bool) -> i128 {
        let mut r: u32 = 0;
        for &c in &self.chars {
            r = r.wrapping_shl(8) | (c & 0xff);
        }
        if self.chars.len() == 1 {
            if char_signed {
                i128::from(r as u8 as i8)
            } else {
                i128::from(r as u8)
            }
        } else {
            i128::from(r as i32)
        }
    }

    /// A prefixed constant's value: gcc keeps only the last character, truncated to
    /// `bits` bits.
    pub fn wide_value(&self, bits: u32) -> u128 {
        let last = self.chars.last().copied().unwrap_or(0);
        u128::from(last) & ((1u128 << bits) - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(text: &str) -> (Option<u128>, bool, bool, u8) {
        match parse_number(text) {
            Ok(Number::Int(l)) => (l.value, l.decimal, l.unsigned, l.longs),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn integer_spellings() {
        assert_eq!(int("0x1fUL"), (Some(31), false, true, 1));
        assert_eq!(int("017"), (Some(15), false, false, 0));
        assert_eq!(int("0"), (Some(0), true, false, 0));
        assert_eq!(int("0b101llu"), (Some(5), false, true, 2));
        assert_eq!(int("10LLU"), (Some(10), true, true, 2));
        assert_eq!(int("0xffffffffffffffffffffffffffffffffff").0, None);
        assert!(matches!(
            parse_number("08"),
            Err(NumberError::InvalidDigit('8', "octal"))
        ));
        assert!(matches!(
            parse_number("1lL"),
            Err(NumberError::InvalidSuffix(..))
        ));
        assert!(matches!(
            parse_number("1z"),
            Err(NumberError::InvalidSuffix(..))
        ));
        assert!(matches!(
            parse_number("0x"),
            Err(NumberError::InvalidSuffix(..))
        ));
        assert!(matches!(
            parse_number("0b12"),
            Err(NumberError::InvalidDigit('2', _))
        ));
    }

    #[test]
    fn integer_text() {
        assert_eq!(integer_value("0x00000100"), Some(256));
        assert_eq!(integer_value("0b101"), Some(5));
        assert_eq!(integer_value("010"), Some(8));
        assert_eq!(integer_value("42UL"), Some(42));
        assert_eq!(integer_value("0"), Some(0));
        for not_an_integer in [
            "FIRST", "-1", "+1", "08", "0x", "1.5", "1e3", "42UU", "", "UL",
        ] {
            assert_eq!(integer_value(not_an_integer), None, "{not_an_integer}");
        }
        assert_eq!(unsuffixed_integer_value("0x40000000"), Some(0x4000_0000));
        assert_eq!(unsuffixed_integer_value("1UL"), None);
    }

    #[test]
    fn floats() {
        assert_eq!(parse_number("1.5"), Ok(Number::Float(1.5)));
        assert_eq!(parse_number("1e3f"), Ok(Number::Float(1000.0)));
        assert_eq!(parse_number("0x1.8p1"), Ok(Number::Float(3.0)));
        assert_eq!(parse_number("08.5L"), Ok(Number::Float(8.5)));
        assert!(parse_number("1.5x").is_err());
    }

    #[test]
    fn characters() {
        let v = |t: &str| parse_char(t).unwrap().plain_value(true);
        assert_eq!(v("'a'"), 97);
        assert_eq!(v("'\\377'"), -1);
        assert_eq!(v("'ab'"), 97 * 256 + 98);
        assert!(parse_char("''").is_err());
        assert_eq!(parse_char("L'ab'").unwrap().wide_value(32), 98);
    }
}
