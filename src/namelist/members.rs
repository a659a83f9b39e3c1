//! `#Prefix` and `#Pattern`: which names of the `#From` headers belong to a list.
//!
//! A name belongs when it starts with one of the prefixes or matches one of the patterns
//! as a whole. Patterns are regexes as strace's maintenance scripts pass them to
//! `grep -E`; a pattern starting with `*` (`*_NS`, a shell glob in grep's eyes) means `.*`.

use super::Directives;
use regex::Regex;

/// A `#Pattern` that is not a regex.
#[derive(Debug, thiserror::Error)]
#[error("#Pattern {pattern}: not a regex: {source}")]
pub struct PatternError {
    pub pattern: String,
    #[source]
    pub source: regex::Error,
}

/// The membership test of one list.
pub struct Members {
    prefixes: Vec<String>,
    patterns: Vec<Regex>,
}

impl Members {
    /// `Err` names the pattern that is not a regex.
    pub fn new(d: &Directives) -> Result<Members, PatternError> {
        let patterns = d
            .patterns
            .iter()
            .map(|p| {
                let re = match p.strip_prefix('*') {
                    Some(rest) => format!(".*{rest}"),
                    None => p.clone(),
                };
                // Alone first, so an error shows the pattern, not inside the anchors.
                Regex::new(&re)
                    .and_then(|_| Regex::new(&format!("^(?:{re})$")))
                    .map_err(|source| PatternError {
                        pattern: p.clone(),
                        source,
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(Members {
            prefixes: d.prefixes.clone(),
            patterns,
        })
    }

    /// Whether the list declares which names belong to it.
    pub fn is_declared(&self) -> bool {
        !self.prefixes.is_empty() || !self.patterns.is_empty()
    }

    pub fn matches(&self, name: &str) -> bool {
        self.prefixes.iter().any(|p| name.starts_with(p.as_str()))
            || self.patterns.iter().any(|re| re.is_match(name))
    }
}
