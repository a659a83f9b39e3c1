//! Which object-like macros a header itself defines, according to the compiler: the
//! `#define`s of `CC -E -dD` output whose line markers place them in the header.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A macro the compiler saw defined in the header, still defined at the end of the unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderMacro {
    pub name: String,
    /// Line of the (last) `#define` in the header.
    pub line: u32,
}

/// Reads `-E -dD` output. `header` is the path as written in the `#include` (absolute);
/// marker names that differ in spelling are compared after canonicalization.
pub fn header_macros(preprocessed: &str, header: &Path) -> Vec<HeaderMacro> {
    let canonical_header = std::fs::canonicalize(header).ok();
    let mut is_header_cache: HashMap<String, bool> = HashMap::new();
    let mut in_header = false;
    let mut line: u32 = 1;
    // name → (line, definition order)
    let mut defined: HashMap<String, (u32, usize)> = HashMap::new();
    for (order, text) in preprocessed.lines().enumerate() {
        if let Some((marker_line, file)) = line_marker(text) {
            in_header = *is_header_cache.entry(file.clone()).or_insert_with(|| {
                Path::new(&file) == header
                    || canonical_header.is_some()
                        && std::fs::canonicalize(PathBuf::from(&file)).ok() == canonical_header
            });
            line = marker_line;
            continue;
        }
        if let Some(rest) = text.strip_prefix("#define ") {
            let name = identifier(rest);
            let function_like = rest[name.len()..].starts_with('(');
            if in_header && !function_like && !name.is_empty() {
                defined.insert(name.to_string(), (line, order));
            } else {
                // A later definition elsewhere (or as a function-like macro) replaces it.
                defined.remove(name);
            }
        } else if let Some(rest) = text.strip_prefix("#undef ") {
            defined.remove(identifier(rest));
        }
        line = line.saturating_add(1);
    }
    let mut macros: Vec<(usize, HeaderMacro)> = defined
        .into_iter()
        .map(|(name, (line, order))| (order, HeaderMacro { name, line }))
        .collect();
    macros.sort_by_key(|(order, _)| *order);
    macros.into_iter().map(|(_, m)| m).collect()
}

/// `# LINE "FILE" FLAGS…` → (LINE, FILE unescaped).
fn line_marker(text: &str) -> Option<(u32, String)> {
    let rest = text.strip_prefix("# ")?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let line = rest[..digits].parse().ok()?;
    let quoted = rest[digits..].trim_start().strip_prefix('"')?;
    Some((line, unescape(quoted)))
}

/// The file name of a line marker, up to its closing quote (gcc escapes `\`, `"` and
/// non-printable bytes as octal).
fn unescape(quoted: &str) -> String {
    let mut out = Vec::new();
    let bytes = quoted.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => break,
            b'\\' if i + 1 < bytes.len() => {
                let octal: Vec<u8> = bytes[i + 1..]
                    .iter()
                    .take(3)
                    .take_while(|b| (b'0'..=b'7').contains(b))
                    .copied()
                    .collect();
                if octal.is_empty() {
                    out.push(bytes[i + 1]);
                    i += 2;
                } else {
                    let v = octal.iter().fold(0u32, |v, d| v * 8 + u32::from(d - b'0'));
                    out.push(v as u8);
                    i += 1 + octal.len();
                }
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(text.len());
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_headers_own_object_like_macros() {
        let out = "\
# 0 \"/t/probe.c\"
# 0 \"<built-in>\"
#define __STDC__ 1
# 1 \"/t/h.h\" 1
# 1 \"/usr/include/other.h\" 1
#define OTHER 1
# 3 \"/t/h.h\" 2
#define A 1

#define F(x) x
#define B (A + 1)
#undef A
#define \\
# 10 \"/t/h.h\"
#define C 3
#define B 4
# 2 \"/t/probe.c\" 2
#define C 5
";
        let macros = header_macros(out, Path::new("/t/h.h"));
        assert_eq!(
            macros,
            [HeaderMacro {
                name: "B".into(),
                line: 11
            }]
        );
    }

    #[test]
    fn marker_names_are_unescaped() {
        assert_eq!(
            line_marker(r#"# 12 "/a\\b\"c\101.h" 1"#),
            Some((12, "/a\\b\"cA.h".to_string()))
        );
        assert_eq!(line_marker("#define X 1"), None);
        assert_eq!(line_marker("# define"), None);
    }
}
