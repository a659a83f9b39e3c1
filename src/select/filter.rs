//! Sources, name filters, value filters and string transforms.

use super::{Input, Note, NoteKind, Source, TableError, TableSpec};
use crate::constant::{ConstKind, Constant};
use crate::evaluate::EvalError;
use crate::source::SourceMap;
use regex::Regex;
use std::cell::Cell;
use std::collections::HashSet;

/// A constant a source selected, with its displayed string before transforms.
pub struct Candidate<'a> {
    pub constant: &'a Constant,
    pub display: String,
    /// A source names it exactly (`--define SIGRTMIN`, `--enum TAG`), not by a pattern.
    pub explicit: bool,
    /// Filled in by [`Filters::apply`] once the constant is known to have one.
    pub value: i128,
}

/// `pattern`, the value of `key`, compiled; `anchored`: to match whole names. The pattern
/// must be valid alone (`a)|(b` is not, though its anchored form is), and an error shows
/// it as written, not inside the anchors. Only parsing it alone is cheap enough for small
/// runs: compiling it alone as well doubled their regex work.
pub(super) fn regex(key: &'static str, pattern: &str, anchored: bool) -> Result<Regex, TableError> {
    let bad = |error| TableError::Regex {
        key,
        pattern: pattern.to_string(),
        problem: super::error::regex_problem(pattern, true, &error),
    };
    if !anchored || regex_syntax::Parser::new().parse(pattern).is_err() {
        let re = Regex::new(pattern).map_err(bad)?;
        if !anchored {
            return Ok(re);
        }
    }
    Regex::new(&format!("^(?:{pattern})$")).map_err(|error| match Regex::new(pattern) {
        Err(alone) => bad(alone),
        Ok(_) => bad(error),
    })
}

/// How a source reads in messages: as its command-line option.
pub fn describe(source: &Source) -> String {
    match source {
        Source::Define(re) => format!("--define '{re}'"),
        Source::Enum(tag) => format!("--enum {tag}"),
        Source::Enumerator(re) => format!("--enumerator '{re}'"),
        Source::Lines(l) => format!("lines '{}'", l.regex),
        Source::Syscalls(s) => format!("--syscalls {}", s.abis.join(",")),
    }
}

/// Every constant some source selects, in source → header → text order, each once.
pub fn candidates<'a>(
    spec: &TableSpec,
    inputs: &[Input<'a>],
    headers: &str,
) -> Result<Vec<Candidate<'a>>, TableError> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for source in &spec.read.sources {
        let before = out.len();
        let (kind, re) = match source {
            Source::Define(re) => (ConstKind::Define, Some(regex("define", re, true)?)),
            Source::Enumerator(re) => (ConstKind::Enumerator, Some(regex("enumerator", re, true)?)),
            Source::Enum(_) => (ConstKind::Enumerator, None),
            Source::Lines(_) | Source::Syscalls(_) => {
                return Err(TableError::Spec(format!(
                    "table `{}` mixes text (`lines`, `syscalls`) and preprocessed sources",
                    spec.name
                )));
            }
        };
        // A regex that is a plain identifier names one constant.
        let explicit = match source {
            Source::Define(re) | Source::Enumerator(re) => {
                re.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            }
            _ => true,
        };
        let mut matched = 0;
        for c in inputs
            .iter()
            .flat_map(|i| i.constants.iter())
            .filter(|c| c.kind == kind)
        {
            let display = match (source, &re) {
                (Source::Enum(tag), _) if c.enum_tag.as_deref() == Some(tag) => c.name.clone(),
                (_, Some(re)) => match re.captures(&c.name) {
                    Some(caps) => caps
                        .get(1)
                        .unwrap_or_else(|| caps.get(0).expect("group 0"))
                        .as_str()
                        .to_string(),
                    None => continue,
                },
                _ => continue,
            };
            matched += 1;
            if seen.insert((c.loc, c.name.as_str())) {
                out.push(Candidate {
                    constant: c,
                    display,
                    explicit,
                    value: 0,
                });
            } else if explicit
                && let Some(earlier) = out
                    .iter_mut()
                    .find(|o| o.constant.loc == c.loc && o.constant.name == c.name)
            {
                earlier.explicit = true;
            }
        }
        if matched == 0 {
            return Err(no_source_match(source, inputs, headers));
        }
        debug_assert!(out.len() >= before);
    }
    Ok(out)
}

fn no_source_match(source: &Source, inputs: &[Input], headers: &str) -> TableError {
    let all = || inputs.iter().flat_map(|i| i.constants.iter());
    match source {
        Source::Enum(tag) => {
            let mut tags: Vec<&str> = all().filter_map(|c| c.enum_tag.as_deref()).collect();
            tags.sort_unstable();
            tags.dedup();
            let near = crate::near::near_matches(tag, &tags);
            let near = match (near.is_empty(), tags.is_empty()) {
                (false, _) => format!("; did you mean: {}?", near.join(", ")),
                (true, true) => "; these headers define no tagged enum".to_string(),
                (true, false) => format!("; the tags are: {}", tags.join(", ")),
            };
            TableError::NoEnum {
                headers: headers.into(),
                tag: tag.clone(),
                near,
            }
        }
        Source::Define(_) | Source::Enumerator(_) | Source::Lines(_) | Source::Syscalls(_) => {
            let (kind, what) = match source {
                Source::Define(_) => (ConstKind::Define, "#define"),
                _ => (ConstKind::Enumerator, "enumerator"),
            };
            let n = all().filter(|c| c.kind == kind).count();
            TableError::NoMatch {
                headers: headers.into(),
                pattern: describe(source),
                why: format!(
                    "matches no {what} name (the pattern must match the whole name; the headers have {n} {what}s)"
                ),
            }
        }
    }
}

/// A compiled name filter that remembers whether it ever matched.
struct NameFilter {
    pattern: String,
    what: &'static str,
    re: Regex,
    used: Cell<bool>,
}

impl NameFilter {
    fn matches(&self, name: &str) -> bool {
        let m = self.re.is_match(name);
        if m {
            self.used.set(true);
        }
        m
    }
}

/// The spec's filters and transforms, compiled.
pub struct Filters<'s> {
    spec: &'s TableSpec,
    include: Vec<NameFilter>,
    exclude: Vec<NameFilter>,
}

impl<'s> Filters<'s> {
    pub fn new(spec: &'s TableSpec) -> Result<Filters<'s>, TableError> {
        let compile =
            |patterns: &[String], key, what, glob: bool| -> Result<Vec<NameFilter>, TableError> {
                patterns
                    .iter()
                    .map(|p| {
                        let re = if glob {
                            regex(
                                key,
                                &p.split('*')
                                    .map(regex::escape)
                                    .collect::<Vec<_>>()
                                    .join(".*"),
                                true,
                            )?
                        } else {
                            regex(key, p, false)?
                        };
                        Ok(NameFilter {
                            pattern: p.clone(),
                            what,
                            re,
                            used: Cell::new(false),
                        })
                    })
                    .collect()
            };
        let mut exclude = compile(&spec.filter.exclude, "exclude", "--exclude", false)?;
        exclude.extend(compile(
            &spec.filter.sentinels,
            "sentinels",
            "--sentinel",
            true,
        )?);
        Ok(Filters {
            spec,
            include: compile(&spec.filter.include, "include", "--include", false)?,
            exclude,
        })
    }

    /// Whether `include` and `exclude` keep a name (text sources: no value filters).
    pub fn keeps_name(&self, name: &str) -> bool {
        self.included(name)
            && !self
                .exclude
                .iter()
                .map(|f| f.matches(name))
                .fold(false, |a, b| a | b)
    }

    /// Name and value-text filters, then the value check, then value filters. Notes go to
    /// `notes` (constants a pattern selected that are not integer constant expressions).
    pub fn apply<'a>(
        &self,
        candidates: Vec<Candidate<'a>>,
        headers: &str,
        sm: &SourceMap,
        notes: &mut Vec<Note>,
    ) -> Result<Vec<Candidate<'a>>, TableError> {
        let selected = candidates.len();
        let named = self.by_name_and_text(candidates)?;
        let (valued, not_integers) = self.valued(named, headers, sm, notes)?;
        let kept: Vec<Candidate> = valued
            .into_iter()
            .filter(|c| self.keeps_value(c.value))
            .collect();
        if kept.is_empty() {
            return Err(self.none_left(selected, &not_integers, headers));
        }
        Ok(kept)
    }

    /// The candidates the include, exclude and value-text filters keep.
    fn by_name_and_text<'a>(
        &self,
        candidates: Vec<Candidate<'a>>,
    ) -> Result<Vec<Candidate<'a>>, TableError> {
        let spec = self.spec;
        let value_regex = spec
            .filter
            .value_regex
            .as_deref()
            .map(|p| regex("value_regex", p, false))
            .transpose()?;
        Ok(candidates
            .into_iter()
            .filter(|c| self.included(&c.constant.name))
            // A text filter: it applies before the value check, so `_IO(` picks the ioctls
            // whose value needs no struct layout.
            .filter(|c| match &spec.filter.value_prefix {
                Some(p) => c
                    .constant
                    .text
                    .as_deref()
                    .is_some_and(|t| t.trim_start().starts_with(p.as_str())),
                None => true,
            })
            .filter(|c| match &value_regex {
                Some(re) => c
                    .constant
                    .text
                    .as_deref()
                    .is_some_and(|t| re.is_match(t.trim())),
                None => true,
            })
            // Every exclude pattern is tried, so each one that matches is marked used.
            .filter(|c| {
                !self
                    .exclude
                    .iter()
                    .map(|f| f.matches(&c.constant.name))
                    .fold(false, |a, b| a | b)
            })
            .collect())
    }

    /// The candidates with a value (filled in), and the names skipped as not integer
    /// constant expressions; a constant without a value that is not skipped is an error.
    fn valued<'a>(
        &self,
        named: Vec<Candidate<'a>>,
        headers: &str,
        sm: &SourceMap,
        notes: &mut Vec<Note>,
    ) -> Result<(Vec<Candidate<'a>>, Vec<&'a str>), TableError> {
        let spec = self.spec;
        let mut missing = Vec::new();
        let mut not_integers = Vec::new();
        let mut valued = Vec::new();
        for mut c in named {
            match &c.constant.value {
                Ok(v) => {
                    c.value = v.value;
                    valued.push(c);
                }
                // The same constant as its first definition, which is a candidate too.
                Err(s) if s.error == EvalError::IdenticalRedefinition => {}
                Err(s) => {
                    let pos = sm.position(c.constant.loc);
                    if let (true, EvalError::NeedsLayout(record)) =
                        (spec.read.skip_undefined_records, &s.error)
                    {
                        notes.push(Note::new(
                            NoteKind::UndefinedRecord,
                            format!(
                                "{}:{}: {} left out: needs {record}, which the target's headers do not define",
                                pos.path.display(),
                                pos.line,
                                c.constant.name
                            ),
                        ));
                        continue;
                    }
                    let what = format!(
                        "{}:{}: {}: {}",
                        pos.path.display(),
                        pos.line,
                        c.constant.name,
                        s.reason(sm, c.constant.loc)
                    );
                    if matches!(s.error, EvalError::NotInteger(_))
                        && !c.explicit
                        && !spec.read.strict
                    {
                        notes.push(Note::new(
                            NoteKind::NotInteger,
                            format!(
                                "{what}: skipped, not an integer constant expression (name it, or --strict, to make this an error)"
                            ),
                        ));
                        not_integers.push(c.constant.name.as_str());
                    } else {
                        missing.push(format!("  {what}"));
                    }
                }
            }
        }
        if !missing.is_empty() {
            return Err(TableError::NoValue {
                headers: headers.into(),
                count: missing.len(),
                list: missing.join("\n"),
            });
        }
        Ok((valued, not_integers))
    }

    /// Whether an include pattern matches `name` (or there is none). Every pattern is
    /// tried, so each one that matches is marked used.
    fn included(&self, name: &str) -> bool {
        self.include.is_empty()
            || self
                .include
                .iter()
                .map(|f| f.matches(name))
                .fold(false, |a, b| a | b)
    }

    /// Whether the value-text filters (`value_prefix`, `value_regex`) keep a constant whose
    /// value is written `text` (a constant without text is dropped by either).
    pub fn keeps_text(&self, text: Option<&str>) -> Result<bool, TableError> {
        let filter = &self.spec.filter;
        let prefix = match &filter.value_prefix {
            Some(p) => text.is_some_and(|t| t.trim_start().starts_with(p.as_str())),
            None => true,
        };
        let matches = match &filter.value_regex {
            Some(p) => {
                let re = regex("value_regex", p, false)?;
                text.is_some_and(|t| re.is_match(t.trim()))
            }
            None => true,
        };
        Ok(prefix && matches)
    }

    /// Whether the value filters (single bit, min, max) keep `value`.
    pub fn keeps_value(&self, value: i128) -> bool {
        let filter = &self.spec.filter;
        (!filter.single_bit || (value > 0 && value & (value - 1) == 0))
            && filter.min.is_none_or(|m| value >= m)
            && filter.max.is_none_or(|m| value <= m)
    }

    /// The error when the filters left nothing of `selected` candidates.
    fn none_left(&self, selected: usize, not_integers: &[&str], headers: &str) -> TableError {
        let spec = self.spec;
        let mut why = format!("selected {selected} constant(s), but ");
        let filters = self.describe();
        why += &match (filters.is_empty(), not_integers.is_empty()) {
            (true, false) => format!(
                "none is an integer constant expression ({})",
                not_integers.join(", ")
            ),
            (false, false) => format!(
                "the filters ({filters}) left none, and {} not integer constant expressions",
                not_integers.join(", ")
            ),
            _ => format!("the filters ({filters}) left none"),
        };
        TableError::NoMatch {
            headers: headers.into(),
            pattern: spec
                .read
                .sources
                .iter()
                .map(describe)
                .collect::<Vec<_>>()
                .join(" "),
            why,
        }
    }

    fn describe(&self) -> String {
        let spec = self.spec;
        let mut parts: Vec<String> = self
            .include
            .iter()
            .chain(&self.exclude)
            .map(|f| format!("{} '{}'", f.what, f.pattern))
            .collect();
        if spec.filter.single_bit {
            parts.push("--single-bit".into());
        }
        if let Some(m) = spec.filter.min {
            parts.push(format!("--min {m}"));
        }
        if let Some(m) = spec.filter.max {
            parts.push(format!("--max {m}"));
        }
        if let Some(p) = &spec.filter.value_prefix {
            parts.push(format!("--value-prefix '{p}'"));
        }
        parts.join(", ")
    }

    /// Warnings for include/exclude/sentinel patterns that never matched (likely typos).
    pub fn unused_notes(&self) -> Vec<Note> {
        self.include
            .iter()
            .chain(&self.exclude)
            .filter(|f| !f.used.get())
            .map(|f| {
                Note::new(
                    NoteKind::UnusedPattern,
                    format!("{} '{}' matched nothing", f.what, f.pattern),
                )
            })
            .collect()
    }

    /// strip prefix → lower-case → add prefix.
    pub fn transform(&self, display: &str) -> String {
        let spec = self.spec;
        let mut s = match &spec.layout.strip_prefix {
            Some(p) => display
                .strip_prefix(p.as_str())
                .unwrap_or(display)
                .to_string(),
            None => display.to_string(),
        };
        if spec.layout.lowercase {
            s = s.to_lowercase();
        }
        if let Some(p) = &spec.layout.add_prefix {
            s.insert_str(0, p);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchored_patterns_match_whole_names_and_must_be_valid_alone() {
        let re = regex("filter", "O_[A-Z]+|AT_FDCWD", true).expect("valid");
        assert!(re.is_match("O_RDONLY") && re.is_match("AT_FDCWD"));
        assert!(!re.is_match("XO_RDONLY") && !re.is_match("AT_FDCWD2"));
        // Valid once anchored (`^(?:a)|(b)$`), not as written: still an error, about the
        // pattern as written.
        for pattern in ["a)|(b", "(x"] {
            match regex("filter", pattern, true) {
                Err(TableError::Regex { pattern: p, .. }) => assert_eq!(p, pattern),
                other => panic!("{pattern}: {:?}", other.map(|r| r.to_string())),
            }
        }
    }
}
