//! The text source ([`Lines`]): entries from header lines matched by a regex, without
//! preprocessing, the way the kernel's `grep | sed | sort | xargs printf` scripts read
//! headers. Used to reproduce such scripts byte for byte; the C-exact sources are the others.

use super::{Entry, HeaderRef, Source, TableError, TableSpec};
use crate::select::spec::Lines;
use crate::source::content_hash;
use regex::bytes::{Regex, RegexBuilder};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

/// A header of a text table: its name as listed in the spec, its path, and its text
/// (`None` when the file does not exist).
pub struct TextInput<'a> {
    pub header: &'a str,
    pub path: String,
    pub text: Option<&'a str>,
    /// [`content_hash`](crate::source::content_hash) of `text` when the caller has it already (computed otherwise).
    pub hash: Option<u64>,
}

/// The inputs a text source reads: the one at index `header`, or all of them; `out_of_range`
/// says what is wrong with an index past the end.
pub(super) fn chosen_inputs<'i, 'a>(
    inputs: &'i [TextInput<'a>],
    header: Option<usize>,
    out_of_range: impl FnOnce(usize) -> String,
) -> Result<Vec<&'i TextInput<'a>>, TableError> {
    match header {
        Some(i) => match inputs.get(i) {
            Some(input) => Ok(vec![input]),
            None => Err(TableError::Spec(out_of_range(i))),
        },
        None => Ok(inputs.iter().collect()),
    }
}

thread_local! {
    /// Compiled regexes by pattern: tables of one manifest often share them.
    static REGEXES: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
}

/// Byte regexes without Unicode classes: `grep` in the C locale (and much faster to build).
/// `key` is the spec's key that gave the pattern, for the error.
fn regex(key: &'static str, pattern: &str) -> Result<Regex, TableError> {
    if let Some(re) = REGEXES.with(|m| m.borrow().get(pattern).cloned()) {
        return Ok(re);
    }
    let re = RegexBuilder::new(pattern)
        .unicode(false)
        .build()
        .map_err(|error| TableError::Regex {
            key,
            pattern: pattern.to_string(),
            problem: super::error::regex_problem(pattern, false, &error),
        })?;
    REGEXES.with(|m| m.borrow_mut().insert(pattern.to_string(), re.clone()));
    Ok(re)
}

fn regexes(key: &'static str, patterns: &[String]) -> Result<Vec<Regex>, TableError> {
    patterns.iter().map(|p| regex(key, p)).collect()
}

/// The value of a C integer literal as written (`0x1f`, `010`, `42UL`, `0b101`); `None`
/// otherwise.
pub fn parse_c_integer(text: &str) -> Option<i128> {
    crate::ctype::literal::integer_value(text.trim()).and_then(|v| i128::try_from(v).ok())
}

/// `sed s/NAME/VALUE/g` for each name, VALUE taken from its first `#define NAME VALUE` line.
fn substitute<'t>(text: &'t str, names: &[String], path: &str) -> Result<Cow<'t, str>, TableError> {
    let mut out = Cow::Borrowed(text);
    for name in names {
        let def = regex(
            "substitute",
            &format!(
                r"(?m)^[ \t]*#[ \t]*define[ \t]+{}[ \t]+(\S+)[ \t]*$",
                regex::escape(name)
            ),
        )?;
        let value = def
            .captures(out.as_bytes())
            .map(|c| String::from_utf8_lossy(&c[1]).into_owned())
            .ok_or_else(|| TableError::NoMatch {
                headers: path.to_string(),
                pattern: format!("substitute '{name}'"),
                why: "has no `#define NAME VALUE` line".into(),
            })?;
        out = Cow::Owned(out.replace(name.as_str(), &value));
    }
    Ok(out)
}

/// Which lines of the header the source reads, after its line filters.
struct LineFilters {
    select: Option<Regex>,
    regex: Regex,
    include: Vec<Regex>,
    exclude: Vec<Regex>,
    exclude_keys: Vec<Regex>,
}

impl LineFilters {
    /// The source's regexes, compiled; its `name` and `value` groups must exist.
    fn compile(l: &Lines) -> Result<LineFilters, TableError> {
        let f = LineFilters {
            select: l
                .select
                .as_deref()
                .map(|p| regex("select", p))
                .transpose()?,
            regex: regex("regex", &l.regex)?,
            include: regexes("include", &l.include)?,
            exclude: regexes("exclude", &l.exclude)?,
            exclude_keys: regexes("exclude_keys", &l.exclude_keys)?,
        };
        let groups = f.regex.captures_len();
        for (what, g) in [("name", l.name), ("value", l.value)] {
            if g >= groups || (what == "name" && g == 0) {
                return Err(TableError::Spec(format!(
                    "lines '{}': the {what} group {g} does not exist (the regex has {} groups)",
                    l.regex,
                    groups - 1
                )));
            }
        }
        Ok(f)
    }

    /// Whether `select`, `include` and `exclude` let the line through to `regex`.
    fn reads(&self, line: &[u8]) -> bool {
        self.select.as_ref().is_none_or(|s| s.is_match(line))
            && self.include.iter().all(|r| r.is_match(line))
            && !self.exclude.iter().any(|r| r.is_match(line))
    }
}

/// A lines source's filters, to ask whether a line would give an entry (`check-headers
/// --impact`'s near misses: a new constant the pattern misses).
pub struct LineMatcher {
    filters: LineFilters,
    name: usize,
}

impl LineMatcher {
    pub fn new(l: &Lines) -> Result<LineMatcher, TableError> {
        Ok(LineMatcher {
            filters: LineFilters::compile(l)?,
            name: l.name,
        })
    }

    /// The name a line gives, when `select`, `include`, `exclude` and `regex` let it
    /// through.
    pub fn name(&self, line: &str) -> Option<String> {
        let line = line.as_bytes();
        if !self.filters.reads(line) {
            return None;
        }
        let caps = self.filters.regex.captures(line)?;
        caps.get(self.name)
            .map(|m| String::from_utf8_lossy(m.as_bytes()).into_owned())
    }

    /// Whether the source's `exclude` patterns leave the line out on purpose.
    pub fn excluded(&self, line: &str) -> bool {
        self.filters
            .exclude
            .iter()
            .any(|r| r.is_match(line.as_bytes()))
    }
}

/// The entries of one text source over the headers it reads, in text order.
fn source_entries(
    l: &Lines,
    inputs: &[TextInput],
    numbered_from: usize,
) -> Result<Vec<Entry>, TableError> {
    let f = LineFilters::compile(l)?;
    let chosen = chosen_inputs(inputs, l.header, |i| {
        format!(
            "lines '{}': header {i} does not exist (the table has {})",
            l.regex,
            inputs.len()
        )
    })?;
    let mut out = Vec::new();
    for input in chosen {
        let Some(text) = input.text else {
            if l.optional {
                continue;
            }
            return Err(TableError::Header(format!(
                "{}: no such header (set `optional` if it may be absent)",
                input.header
            )));
        };
        let text = substitute(text, &l.substitute, &input.path)?;
        // One set of capture slots for every line: no allocation per line.
        let mut locs = f.regex.capture_locations();
        for (n, line) in text.lines().enumerate() {
            let at = Line {
                input,
                number: n as u32 + 1,
                text: line,
            };
            if let Some(e) = line_entry(l, &f, &at, &mut locs, numbered_from + out.len())? {
                out.push(e);
            }
        }
    }
    Ok(out)
}

/// One line of a header a text source reads.
struct Line<'a> {
    input: &'a TextInput<'a>,
    number: u32,
    text: &'a str,
}

/// The entry of one line, if the filters keep it; `number`: its value when the source
/// takes none from the text.
fn line_entry(
    l: &Lines,
    f: &LineFilters,
    line: &Line,
    locs: &mut regex::bytes::CaptureLocations,
    number: usize,
) -> Result<Option<Entry>, TableError> {
    let (path, line_no, bytes) = (&line.input.path, line.number, line.text.as_bytes());
    if !f.reads(bytes) {
        return Ok(None);
    }
    let no_match = |why: String| TableError::NoMatch {
        headers: format!("{path}:{line_no}"),
        pattern: format!("lines '{}'", l.regex),
        why,
    };
    // Most lines do not match: telling so is much cheaper than finding the groups.
    let found = match f.regex.is_match(bytes) {
        true => f.regex.captures_read(locs, bytes),
        false => None,
    };
    let Some(whole) = found else {
        return match f.select {
            Some(_) => Err(no_match(format!(
                "does not match a selected line: {}",
                line.text
            ))),
            None => Ok(None),
        };
    };
    // `sed s/RE/…/` keeps what the match leaves of the line, and `xargs printf` would
    // print it as more entries: text that cannot be modelled, so an error.
    let whole = whole.range();
    let left = [&bytes[..whole.start], &bytes[whole.end..]];
    if left
        .iter()
        .any(|b| b.iter().any(|c| !c.is_ascii_whitespace()))
    {
        return Err(no_match(format!(
            "leaves text of the line unmatched (a sed | xargs script would print it as more entries; match the whole line, e.g. end the regex with `.*`): {}",
            line.text
        )));
    }
    let group = |g: usize| {
        locs.get(g)
            .map(|(a, b)| String::from_utf8_lossy(&bytes[a..b]).into_owned())
            .unwrap_or_default()
    };
    let name = group(l.name);
    let text = (l.value > 0).then(|| group(l.value));
    let key = format!("{} {name}", text.as_deref().unwrap_or(""));
    if f.exclude_keys.iter().any(|r| r.is_match(key.as_bytes())) {
        return Ok(None);
    }
    let value = match &text {
        Some(t) if !l.symbolic => parse_c_integer(t).ok_or_else(|| TableError::NoValue {
            headers: path.clone(),
            count: 1,
            list: format!(
                "  {path}:{line_no}: {name}: `{t}` is not an integer literal (set `symbolic` to keep it as text)"
            ),
        })?,
        _ => number as i128,
    };
    Ok(Some(Entry {
        value,
        name: name.clone(),
        display: name,
        file: path.clone(),
        line: line_no,
        text,
    }))
}

/// Whether a source's `only_if` holds.
fn condition_holds(l: &Lines, inputs: &[TextInput]) -> Result<bool, TableError> {
    let Some(c) = &l.only_if else {
        return Ok(true);
    };
    let input = inputs.get(c.header).ok_or_else(|| {
        TableError::Spec(format!(
            "only_if: header {} does not exist (the table has {})",
            c.header,
            inputs.len()
        ))
    })?;
    let re = regex("regex", &c.regex)?;
    Ok(match &input.text {
        None => true,
        Some(t) => t.lines().any(|line| re.is_match(line.as_bytes())),
    })
}

/// The entries of a table whose sources are all text sources, in source then text order,
/// with the header references for the provenance comment.
pub fn text_entries(
    spec: &TableSpec,
    inputs: &[TextInput],
) -> Result<(Vec<Entry>, Vec<HeaderRef>), TableError> {
    let mut entries = Vec::new();
    for source in &spec.read.sources {
        if let Source::Syscalls(s) = source {
            entries.extend(super::syscalls::entries(s, spec, inputs)?);
            continue;
        }
        let Source::Lines(l) = source else {
            return Err(TableError::Spec(format!(
                "table `{}` mixes text (`lines`) and preprocessed sources",
                spec.name
            )));
        };
        if !condition_holds(l, inputs)? {
            continue;
        }
        let found = source_entries(l, inputs, entries.len())?;
        if found.is_empty() && !l.optional {
            return Err(TableError::NoMatch {
                headers: inputs
                    .iter()
                    .map(|i| i.header)
                    .collect::<Vec<_>>()
                    .join(", "),
                pattern: format!("lines '{}'", l.regex),
                why: "matches no line (set `optional` if that is expected)".into(),
            });
        }
        entries.extend(found);
    }
    let headers = inputs
        .iter()
        .map(|i| HeaderRef {
            header: i.header.to_string(),
            path: i.path.clone(),
            fnv1a64: match (i.hash, i.text) {
                (Some(h), _) => format!("{h:016x}"),
                (None, Some(t)) => format!("{:016x}", content_hash(t)),
                (None, None) => "absent".into(),
            },
        })
        .collect();
    Ok((entries, headers))
}

/// The leading number `sort -n` sees in a line (C locale: blanks, an optional `-`, digits).
fn numeric_prefix(line: &str) -> i128 {
    let t = line.trim_start_matches([' ', '\t']);
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let v = digits.parse::<i128>().unwrap_or(0);
    if neg { -v } else { v }
}

/// The line `sort` sees for an entry: `{value text} {name}`.
pub fn key_line(e: &Entry) -> String {
    format!("{} {}", e.text.as_deref().unwrap_or(""), e.display)
}

/// `sort` (byte order of the key line) or `sort -n` (leading number, then bytes).
pub fn sort_text(entries: &mut [Entry], numeric: bool) {
    entries.sort_by_cached_key(|e| {
        let line = key_line(e);
        (if numeric { numeric_prefix(&line) } else { 0 }, line)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &'static str) -> TextInput<'static> {
        TextInput {
            header: "t.h",
            path: "t.h".into(),
            text: Some(text),
            hash: None,
        }
    }

    fn lines(regex: &str) -> Lines {
        Lines {
            regex: regex.into(),
            name: 1,
            value: 2,
            ..Lines::default()
        }
    }

    const T: &str = "#define X_A 0x10 /* a */\n#define X_B\t2\n #define X_C 0x0100\n#define FIRST 0x20\n#define X_D FIRST\n";

    #[test]
    fn reads_lines_keeps_text_and_sorts_like_sort() {
        let l = lines(r"^#define[[:space:]]+X_(\w+)[[:space:]]+(0x[[:xdigit:]]+|[[:digit:]]+).*");
        let mut e = source_entries(&l, &[input(T)], 0).unwrap();
        let got: Vec<_> = e.iter().map(|e| (e.display.as_str(), e.value)).collect();
        assert_eq!(got, [("A", 16), ("B", 2)]); // " #define X_C" does not start the line
        assert_eq!(e[0].text.as_deref(), Some("0x10"));
        sort_text(&mut e, false);
        assert_eq!(e[0].display, "A"); // "0x10 A" < "2 B"
        sort_text(&mut e, true);
        assert_eq!(e[0].display, "A"); // 0x10 counts as 0 for sort -n
    }

    #[test]
    fn substitutes_and_filters() {
        let mut l = lines(r"^#define X_(\w+) (0x[[:xdigit:]]+)$");
        l.substitute = vec!["FIRST".into()];
        l.exclude = vec!["X_A".into()];
        let e = source_entries(&l, &[input(T)], 0).unwrap();
        let got: Vec<_> = e.iter().map(|e| (e.display.as_str(), e.value)).collect();
        assert_eq!(got, [("D", 32)]);
        l.exclude_keys = vec![" D$".into()];
        assert!(source_entries(&l, &[input(T)], 0).unwrap().is_empty());
    }

    #[test]
    fn a_selected_line_the_regex_misses_is_an_error() {
        let mut l = lines(r"^#define X_(\w+) (0x[[:xdigit:]]+).*");
        l.select = Some("^#define X_".into());
        let err = source_entries(&l, &[input(T)], 0).unwrap_err().to_string();
        assert!(err.contains("t.h:2") && err.contains("X_B"), "{err}");
    }

    #[test]
    fn symbolic_values_and_conditions() {
        let mut l = lines(r"^#define X_(\w+)[[:space:]]+(\w+)$");
        assert!(source_entries(&l, &[input(T)], 0).is_err()); // FIRST is no integer
        l.symbolic = true;
        let e = source_entries(&l, &[input(T)], 0).unwrap();
        assert_eq!(e.last().unwrap().text.as_deref(), Some("FIRST"));
        assert_eq!(e.last().unwrap().value, 1); // numbered: X_B, X_D
        l.only_if = Some(super::super::spec::LinesCondition {
            header: 1,
            regex: "include".into(),
        });
        let absent = TextInput {
            header: "a.h",
            path: "a.h".into(),
            text: None,
            hash: None,
        };
        assert!(condition_holds(&l, &[input(T), absent]).unwrap());
        assert!(!condition_holds(&l, &[input(T), input("#define Y 1\n")]).unwrap());
    }

    #[test]
    fn text_left_outside_the_match_is_an_error() {
        let l = lines(r"^#define X_(\w+)[[:space:]]+(0x[[:xdigit:]]+)");
        let err = source_entries(&l, &[input(T)], 0).unwrap_err().to_string();
        assert!(err.contains("t.h:1") && err.contains("unmatched"), "{err}");
    }

    #[test]
    fn c_integers() {
        assert_eq!(parse_c_integer("0x00000100"), Some(256));
        assert_eq!(parse_c_integer("010"), Some(8));
        assert_eq!(parse_c_integer("42UL"), Some(42));
        assert_eq!(parse_c_integer("0"), Some(0));
        assert_eq!(parse_c_integer("0b11"), Some(3));
        assert_eq!(parse_c_integer("FIRST"), None);
    }
}
