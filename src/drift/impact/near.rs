//! Near misses: a constant a header gains whose name belongs to a table's family (the
//! literal prefix or suffix around the name in the table's pattern) but whose line the
//! pattern does not pick up, while the same constant written in the table's shape would be:
//! the seed's "new MSRs may use some different #define pattern", said when it happens.
//!
//! The shapes tried, each with the reason it gives: the line re-spaced (`#define NAME
//! VALUE`); the value out of its parentheses; an expression replaced by its value (hex, hex
//! of 8 digits, decimal), or an ioctl's number argument by its number; an enumerator given
//! its value. A value that calls a function-like macro (`BIT_ULL(23)`) is a different kind
//! of constant (a mask, not a member), so it is not rewritten. Only tables read from header
//! text (`lines` sources) have patterns to miss.

use super::{NearMiss, Shown};
use crate::generate::{ManifestFile, Output};
use crate::select::{LineMatcher, Lines, Source};
use std::path::Path;

/// A constant the original has and the copy has not.
pub struct Gained {
    pub name: String,
    /// The value as written (a define's replacement text, an enumerator's initializer).
    pub text: Option<String>,
    pub value: Option<i128>,
    pub enumerator: bool,
    /// The header line that defines it, and where (`file:line`).
    pub line: String,
    pub at: String,
}

/// A `lines` source of a built table, with what it needs to judge a line.
pub struct Pattern {
    pub file: String,
    pub table: String,
    /// The headers the table read (relative to the root), and the one the source reads
    /// (`None`: all).
    pub headers: Vec<String>,
    pub header: Option<usize>,
    pub matcher: LineMatcher,
    pub prefix: String,
    pub suffix: String,
}

/// The `lines` patterns of the tables `mf` built (`built`, from the originals).
pub fn patterns(mf: &ManifestFile, built: &[Output], root: &Path) -> Vec<Pattern> {
    let mut out = vec![];
    for file in &mf.manifest.files {
        let file = file.get_ref();
        let Some(output) = built.iter().find(|o| o.path == file.path) else {
            continue;
        };
        for item in &file.items {
            let Some(spec) = &item.get_ref().table else {
                continue;
            };
            let Some(table) = output.tables.iter().find(|t| t.name == spec.name) else {
                continue;
            };
            let headers: Vec<String> = table
                .headers
                .iter()
                .map(|h| super::moves::normal(&h.path, root))
                .collect();
            for source in &spec.read.sources {
                let Source::Lines(l) = source else { continue };
                let Ok(matcher) = LineMatcher::new(l) else {
                    continue;
                };
                let (prefix, suffix) = around_group(&l.regex, l.name);
                if prefix.is_empty() && suffix.is_empty() {
                    continue;
                }
                out.push(Pattern {
                    file: output.path.clone(),
                    table: table.name.clone(),
                    headers: headers.clone(),
                    header: header_index(l),
                    matcher,
                    prefix,
                    suffix,
                });
            }
        }
    }
    out
}

fn header_index(l: &Lines) -> Option<usize> {
    l.header
}

impl Pattern {
    /// Whether this pattern reads `path` (relative to the root).
    pub fn reads(&self, copy: &str, original: &str) -> bool {
        let is = |h: &String| h == copy || h == original;
        match self.header {
            Some(i) => self.headers.get(i).is_some_and(is),
            None => self.headers.iter().any(is),
        }
    }

    /// The near miss `g` is for this pattern, if it is one.
    pub fn near_miss(&self, g: &Gained) -> Option<NearMiss> {
        let stem = g.name.strip_prefix(self.prefix.as_str())?;
        let stem = stem.strip_suffix(self.suffix.as_str())?;
        if stem.is_empty() || self.matcher.name(&g.line).is_some() || self.matcher.excluded(&g.line)
        {
            return None;
        }
        let reason = reshapes(g)
            .into_iter()
            .find(|(_, line)| {
                self.matcher
                    .name(line)
                    .is_some_and(|n| n.ends_with(stem) || stem.ends_with(&n))
            })?
            .0;
        Some(NearMiss {
            name: g.name.clone(),
            value: g.value.map(Shown::Int),
            table: self.table.clone(),
            reason: reason.to_string(),
            at: g.at.clone(),
            file: self.file.clone(),
        })
    }
}

/// The constant in the shapes a pattern may want, each with the reason its own shape
/// is missed.
fn reshapes(g: &Gained) -> Vec<(&'static str, String)> {
    let mut out = vec![];
    let define = |body: &str| {
        [
            format!("#define {}\t{body}", g.name),
            format!("#define {} {body}", g.name),
        ]
    };
    let spacing = "another spacing: the pattern wants `#define NAME VALUE`";
    let parens = "a value in parentheses where the pattern wants it bare";
    let literal = "an expression where the pattern wants a literal";
    if g.enumerator {
        let value = g.value.map(|v| v.to_string());
        match (&g.text, value) {
            (Some(t), _) => out.push((spacing, format!("\t{} = {},", g.name, spaced(t)))),
            (None, Some(v)) => out.push((
                "no explicit value where the pattern wants `NAME = VALUE`",
                format!("\t{} = {v},", g.name),
            )),
            (None, None) => {}
        }
        return out;
    }
    let Some(text) = &g.text else {
        return out;
    };
    let body = spaced(text);
    out.extend(define(&body).map(|l| (spacing, l)));
    let bare = unparenthesized(&body);
    if bare != body {
        out.extend(define(&bare).map(|l| (parens, l)));
    }
    let is_literal = crate::select::parse_c_integer(&bare).is_some();
    if let Some(v) = g.value.filter(|_| !calls_a_macro(&bare) && !is_literal) {
        for lit in [format!("{v:#x}"), format!("0x{v:08x}"), v.to_string()] {
            out.extend(define(&lit).map(|l| (literal, l)));
        }
    }
    if let Some(body) = ioctl_number(&bare, g.value) {
        out.extend(define(&body).map(|l| (literal, l)));
    }
    out
}

/// Whitespace runs as one space, none inside parentheses' edges or before commas.
fn spaced(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" ,", ",")
}

/// `(X)` → `X`, when the parentheses enclose the whole text.
fn unparenthesized(text: &str) -> String {
    let mut t = text.trim();
    while let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        let mut depth = 0i32;
        let balanced = inner.chars().all(|c| {
            depth += match c {
                '(' => 1,
                ')' => -1,
                _ => 0,
            };
            depth >= 0
        });
        if !balanced {
            break;
        }
        t = inner.trim();
    }
    t.to_string()
}

/// Whether the text calls a function-like macro (`NAME(`).
fn calls_a_macro(text: &str) -> bool {
    let b = text.as_bytes();
    (1..b.len()).any(|i| b[i] == b'(' && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
}

/// `_IOW(TYPE, EXPR, ARG)` with EXPR replaced by the request's number (its low byte).
fn ioctl_number(text: &str, value: Option<i128>) -> Option<String> {
    let open = text.find('(')?;
    let name = &text[..open];
    if !name.starts_with("_IO") || !text.ends_with(')') {
        return None;
    }
    let args: Vec<&str> = text[open + 1..text.len() - 1].split(',').collect();
    if args.len() < 2 || crate::select::parse_c_integer(args[1].trim()).is_some() {
        return None;
    }
    let nr = value? & 0xff;
    let mut args: Vec<String> = args.iter().map(|a| a.trim().to_string()).collect();
    args[1] = format!("{nr:#04x}");
    Some(format!("{name}({})", args.join(", ")))
}

/// The literal identifier text right before and right after capture group `group` of
/// `regex` (`MSR_(\w+)` → `MSR_`; `([[:alnum:]_]+)_VECTOR` → `_VECTOR`).
pub fn around_group(regex: &str, group: usize) -> (String, String) {
    let b = regex.as_bytes();
    let (mut i, mut n, mut depth, mut class) = (0, 0, Vec::new(), 0usize);
    let (mut open, mut close) = (None, None);
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => class += 1,
            b']' if class > 0 => class -= 1,
            b'(' if class == 0 => {
                let capture = b.get(i + 1) != Some(&b'?');
                if capture {
                    n += 1;
                }
                depth.push(if capture { n } else { 0 });
                if capture && n == group {
                    open = Some(i);
                }
            }
            b')' if class == 0 && depth.pop() == Some(group) => {
                close = Some(i);
                break;
            }
            _ => {}
        }
        i += 1;
    }
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    let prefix = open.map_or(String::new(), |o| {
        let start = b[..o].iter().rposition(|c| !word(c)).map_or(0, |p| p + 1);
        let p = &regex[start..o];
        // `\w` and the like end in a letter but are not literal.
        if start > 0 && b[start - 1] == b'\\' {
            String::new()
        } else {
            p.to_string()
        }
    });
    let suffix = close.map_or(String::new(), |c| {
        let end = b[c + 1..]
            .iter()
            .position(|x| !word(x))
            .map_or(b.len(), |p| c + 1 + p);
        regex[c + 1..end].to_string()
    });
    (prefix, suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_literal_around_the_name_group() {
        assert_eq!(
            around_group(
                r"^#define[[:space:]]+MSR_([[:alnum:]][[:alnum:]_]+)[[:space:]]+(0x)",
                1
            )
            .0,
            "MSR_"
        );
        assert_eq!(around_group(r"^[[:space:]]+(KCMP_(\w+)),", 2).0, "KCMP_");
        assert_eq!(
            around_group(
                r"^#define[[:space:]]+([[:alnum:]_]+)_VECTOR[[:space:]]+(0x[[:xdigit:]]+)$",
                1
            ),
            (String::new(), "_VECTOR".into())
        );
        assert_eq!(
            around_group(r"^#define +DRM_I915_([A-Z0-9_]+)[\t ]+(0x[[:xdigit:]]+)", 1).0,
            "DRM_I915_"
        );
    }

    #[test]
    fn shapes_tried() {
        assert_eq!(unparenthesized("(0xc0011040)"), "0xc0011040");
        assert_eq!(unparenthesized("(A) | (B)"), "(A) | (B)");
        assert!(calls_a_macro("BIT_ULL(23)") && !calls_a_macro("(MSR_BASE + 4)"));
        assert_eq!(
            ioctl_number("_IOW(KVMIO, KVM_BASE + 3, __u64)", Some(0x4008aed6)).as_deref(),
            Some("_IOW(KVMIO, 0xd6, __u64)")
        );
        assert_eq!(
            spaced("_IOW( KVMIO ,  0xd6,\t__u64 )"),
            "_IOW(KVMIO, 0xd6, __u64)"
        );
    }
}
