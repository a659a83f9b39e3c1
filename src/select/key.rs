//! Key templates (`sort_key`, `rewrite.from`): an entry's text with `{name}`, `{string}`,
//! `{text}` or `{value}` filled in, each optionally padded on the right (`{name:0<20}`), the
//! way text-based generators pad a field before `sort` and strip it after (`sed`).

use super::{Entry, TableError};

/// One piece of a parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Field {
        field: Field,
        /// (fill, width): pad on the right to `width` characters.
        pad: Option<(char, usize)>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Name,
    String,
    Text,
    Value,
}

/// A parsed key template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyTemplate(Vec<Piece>);

impl KeyTemplate {
    /// Parses `template` (`key` names the manifest key in errors).
    pub fn parse(key: &str, template: &str) -> Result<KeyTemplate, TableError> {
        let bad = |why: String| TableError::Spec(format!("`{key}` '{template}': {why}"));
        let mut pieces = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(Piece::Literal(rest[..open].to_string()));
            }
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| bad("a `{` without its `}`".into()))?;
            let (name, spec) = match after[..close].split_once(':') {
                Some((n, s)) => (n, Some(s)),
                None => (&after[..close], None),
            };
            let field = match name {
                "name" => Field::Name,
                "string" => Field::String,
                "text" => Field::Text,
                "value" => Field::Value,
                other => {
                    return Err(bad(format!(
                        "unknown placeholder `{{{other}}}` (known: name, string, text, value)"
                    )));
                }
            };
            let pad = spec
                .map(|s| {
                    padding(s).ok_or_else(|| bad(format!("`{s}` is not a padding like `0<20`")))
                })
                .transpose()?;
            pieces.push(Piece::Field { field, pad });
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Literal(rest.to_string()));
        }
        Ok(KeyTemplate(pieces))
    }

    /// The template filled in for `e`, its displayed string being `display`.
    pub fn fill(&self, e: &Entry, display: &str) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Literal(t) => out += t,
                Piece::Field { field, pad } => {
                    let text = match field {
                        Field::Name => e.name.clone(),
                        Field::String => display.to_string(),
                        Field::Text => e
                            .text
                            .as_deref()
                            .map_or_else(|| e.value.to_string(), |t| t.trim().to_string()),
                        Field::Value => e.value.to_string(),
                    };
                    let missing = pad.map_or(0, |(_, w)| w.saturating_sub(text.chars().count()));
                    out += &text;
                    if let Some((fill, _)) = pad {
                        out.extend(std::iter::repeat_n(*fill, missing));
                    }
                }
            }
        }
        out
    }
}

/// `F<W`: fill character and width.
fn padding(spec: &str) -> Option<(char, usize)> {
    let mut chars = spec.chars();
    let fill = chars.next()?;
    let width = chars.as_str().strip_prefix('<')?.parse().ok()?;
    Some((fill, width))
}

/// Sorts `entries` by the key each fills in, in byte order; ties keep their order.
pub fn sort_by_key(entries: &mut [Entry], key: &KeyTemplate) {
    entries.sort_by_cached_key(|e| key.fill(e, &e.display));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, value: i128) -> Entry {
        Entry {
            value,
            name: name.into(),
            display: name.into(),
            file: "t.tbl".into(),
            line: 1,
            text: Some(value.to_string()),
        }
    }

    #[test]
    fn pads_fields_and_sorts_by_the_filled_key() {
        let key = KeyTemplate::parse("sort_key", "{name:0<6} {text}").unwrap();
        assert_eq!(key.fill(&entry("foo", 7), "foo"), "foo000 7");
        assert_eq!(key.fill(&entry("toolongname", 7), "x"), "toolongname 7");
        // `sort` on padded names: "foo" before "foo2" and "foo_x" (as strcmp), a tie by the
        // number's text ("10" before "9").
        let mut e = vec![
            entry("foo_x", 1),
            entry("foo2", 2),
            entry("foo", 9),
            entry("foo", 10),
        ];
        sort_by_key(&mut e, &key);
        let got: Vec<(&str, i128)> = e.iter().map(|e| (e.name.as_str(), e.value)).collect();
        assert_eq!(got, [("foo", 10), ("foo", 9), ("foo2", 2), ("foo_x", 1)]);
    }

    #[test]
    fn a_bad_template_is_an_error_quoting_it() {
        let e = KeyTemplate::parse("sort_key", "{nmae}")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`sort_key` '{nmae}': unknown placeholder `{nmae}`"),
            "{e}"
        );
        let e = KeyTemplate::parse("sort_key", "{name:0>3}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("`0>3` is not a padding"), "{e}");
        let e = KeyTemplate::parse("sort_key", "{name")
            .unwrap_err()
            .to_string();
        assert!(e.contains("without its `}`"), "{e}");
    }
}
