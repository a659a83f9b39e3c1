//! GNU basic regular expressions (what `diff -I` and `grep -f` read) translated to the
//! `regex` crate's syntax, so the script's patterns and the kernel's ignore-hunks files are
//! used exactly as written.

use regex::bytes::{Regex, RegexBuilder};
use std::fmt::Write as _;

/// One regex matching a line when any of `patterns` (GNU BREs) matches it, as `grep -f` or
/// several `diff -I` do. Lines are matched as bytes, without their newline.
pub fn any_of(patterns: &[&[u8]]) -> Result<Regex, String> {
    let mut alternatives = Vec::with_capacity(patterns.len());
    for p in patterns {
        alternatives.push(format!("(?:{})", translate(p)?));
    }
    RegexBuilder::new(&alternatives.join("|"))
        .unicode(false)
        .build()
        .map_err(|e| format!("cannot compile the patterns: {e}"))
}

/// The `regex` crate spelling of one GNU BRE.
pub fn translate(bre: &[u8]) -> Result<String, String> {
    let shown = String::from_utf8_lossy(bre);
    let mut out = String::new();
    let mut i = 0;
    // True where GNU BRE reads `*` as a literal and `^` as an anchor: the start of the
    // pattern or of a group or alternative.
    let mut at_start = true;
    while i < bre.len() {
        let c = bre[i];
        let start = at_start;
        at_start = false;
        match c {
            b'\\' => {
                let Some(&n) = bre.get(i + 1) else {
                    return Err(format!("`{shown}`: trailing backslash"));
                };
                i += 1;
                match n {
                    b'(' => {
                        out.push('(');
                        at_start = true;
                    }
                    b'|' => {
                        out.push('|');
                        at_start = true;
                    }
                    b')' | b'{' | b'}' | b'+' | b'?' => out.push(n as char),
                    b'<' => out.push_str(r"\b{start}"),
                    b'>' => out.push_str(r"\b{end}"),
                    b'`' => out.push_str(r"\A"),
                    b'\'' => out.push_str(r"\z"),
                    b'b' | b'B' | b'w' | b'W' | b's' | b'S' => {
                        out.push('\\');
                        out.push(n as char);
                    }
                    b'1'..=b'9' => {
                        return Err(format!("`{shown}`: back-references are not supported"));
                    }
                    _ => literal(&mut out, n),
                }
            }
            b'*' if start => out.push_str(r"\*"),
            b'^' if start => {
                out.push('^');
                at_start = true;
            }
            b'$' if anchors_end(bre, i + 1) => out.push('$'),
            b'.' | b'*' => out.push(c as char),
            b'[' => i = bracket(bre, i, &mut out).map_err(|e| format!("`{shown}`: {e}"))?,
            _ => literal(&mut out, c),
        }
        i += 1;
    }
    Ok(out)
}

/// `$` is an anchor at the end of the pattern, of a group or of an alternative.
fn anchors_end(bre: &[u8], next: usize) -> bool {
    next == bre.len() || matches!(bre.get(next..next + 2), Some(b"\\)") | Some(b"\\|"))
}

fn literal(out: &mut String, c: u8) {
    if c.is_ascii_alphanumeric() || c == b' ' || c == b'_' {
        out.push(c as char);
    } else {
        let _ = write!(out, r"\x{c:02X}");
    }
}

/// Translates the bracket expression starting at `bre[open]` (`[`); returns the index of
/// its closing `]`.
fn bracket(bre: &[u8], open: usize, out: &mut String) -> Result<usize, String> {
    let mut i = open + 1;
    out.push('[');
    if bre.get(i) == Some(&b'^') {
        out.push('^');
        i += 1;
    }
    let mut first = true;
    loop {
        let Some(&c) = bre.get(i) else {
            return Err("unterminated bracket expression".into());
        };
        if c == b']' && !first {
            out.push(']');
            return Ok(i);
        }
        first = false;
        if c == b'[' && bre.get(i + 1) == Some(&b':') {
            let rest = &bre[i + 2..];
            let end = rest
                .windows(2)
                .position(|w| w == b":]")
                .ok_or("unterminated character class")?;
            let name = String::from_utf8_lossy(&rest[..end]);
            let _ = write!(out, "[:{name}:]");
            i += 2 + end + 2;
            continue;
        }
        if c == b'[' && matches!(bre.get(i + 1), Some(b'=') | Some(b'.')) {
            return Err("equivalence classes and collating symbols are not supported".into());
        }
        literal(out, c);
        // A range, unless the `-` is the last character of the expression.
        if bre.get(i + 1) == Some(&b'-') && bre.get(i + 2).is_some_and(|&e| e != b']') {
            out.push('-');
            literal(out, bre[i + 2]);
            i += 3;
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(bre: &str, line: &str) -> bool {
        any_of(&[bre.as_bytes()])
            .expect("compiles")
            .is_match(line.as_bytes())
    }

    #[test]
    fn groups_alternation_and_literal_parentheses() {
        let p = r"^SYM_FUNC_START\(_LOCAL\)*(memcpy_\(erms\|orig\))";
        assert!(matches(p, "SYM_FUNC_START_LOCAL(memcpy_erms)"));
        assert!(matches(p, "SYM_FUNC_START(memcpy_orig)"));
        assert!(!matches(p, "SYM_FUNC_START(memcpy)"));
        assert!(matches("isdigit(", "\treturn isdigit(c);"));
        assert!(!matches("isdigit(", "isdigit"));
    }

    #[test]
    fn anchors_and_stars_by_position() {
        let p = r"^#\(ifndef\|endif\)\( \/\/\)* static_assert$";
        assert!(matches(p, "#ifndef static_assert"));
        assert!(matches(p, "#endif // static_assert"));
        assert!(!matches(p, "#endif // static_assert x"));
        assert!(matches("*a", "x*a"), "a leading * is literal");
        assert!(!matches("*a", "xa"));
        assert!(matches("a^b$c", "a^b$c"), "^ and $ inside are literal");
        assert!(matches(
            r"^.*\/\*.*__ignore_sync_check__.*\*\/.*$",
            "#include \"x.h\" /* __ignore_sync_check__ */"
        ));
    }

    #[test]
    fn brackets_classes_and_every_line_for_an_empty_pattern() {
        assert!(matches(
            r#"^#include [<"]\(asm/\)*sysreg.h"#,
            "#include <asm/sysreg.h>"
        ));
        assert!(matches(
            r#"^#include [<"]\(asm/\)*sysreg.h"#,
            "#include \"sysreg.h\""
        ));
        assert!(matches("[]a-]x", "-x") && matches("[]a-]x", "]x") && !matches("[]a-]x", "bx"));
        assert!(matches("^[[:digit:]]", "7") && !matches("^[^[:digit:]]", "7"));
        assert!(matches("", "anything"));
        // A hunks-file line: `+` and `(` are literal, `/*` is zero or more slashes.
        assert!(matches(
            "+\t\tif (unlikely(!++count))",
            "+\t\tif (unlikely(!++count))"
        ));
        assert!(matches("+\t\t/*", "+\t\t"));
    }

    #[test]
    fn unsupported_syntax_is_an_error() {
        assert!(translate(br"\(a\)\1").is_err());
        assert!(translate(b"[abc").is_err());
        assert!(translate(b"a\\").is_err());
    }
}
