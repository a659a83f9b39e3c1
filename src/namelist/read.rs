//! The reader: list text → [`NameList`]. Pure text work; no header is read here.

use super::{Directives, Item, ItemKind, NameList};
use std::path::{Path, PathBuf};

/// A list that cannot be read, at `path:line`.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {problem}", path.display())]
pub struct NameListError {
    pub path: PathBuf,
    pub line: u32,
    pub problem: Problem,
}

/// What is wrong with a list's text (or its file).
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("cannot read the name list: {0}")]
    Unreadable(#[source] std::io::Error),
    #[error("unterminated /* comment")]
    UnterminatedComment,
    #[error("`{0}` is neither a name nor an expression (an entry is `NAME [FALLBACK]`)")]
    NotAnEntry(String),
    #[error("expected `{{ VALUE, \"STRING\" }}`, found `{0}`")]
    NotARawEntry(String),
    #[error("#{word} needs {what}")]
    MissingArgument { word: String, what: &'static str },
    #[error("#{word} takes no argument, found `{args}`")]
    UnexpectedArgument { word: String, args: String },
    #[error("#include expects <HEADER> or \"HEADER\", found `{0}`")]
    BadInclude(String),
    #[error("unknown directive #{0}")]
    UnknownDirective(String),
    /// `#elif`, `#else` or `#endif` (named) with no open `#if`.
    #[error("#{0} without #if")]
    WithoutIf(&'static str),
    #[error("#{word} after #else (the #if is at line {at})")]
    AfterElse { word: &'static str, at: u32 },
    /// An `#if`, `#ifdef` or `#ifndef` (named) never closed.
    #[error("#{0} without #endif")]
    WithoutEndif(String),
}

/// Reads the list at `path`.
pub fn read_file(path: &Path) -> Result<NameList, NameListError> {
    let text = std::fs::read_to_string(path).map_err(|e| NameListError {
        path: path.to_owned(),
        line: 0,
        problem: Problem::Unreadable(e),
    })?;
    read(path, &text)
}

/// C preprocessor directives a list may use; they are copied into the translation unit.
const CPP: &[&str] = &[
    "if", "ifdef", "ifndef", "elif", "else", "endif", "define", "undef", "error", "warning",
];

/// Reads a list's text (`path` is only for messages and [`NameList::path`]).
pub fn read(path: &Path, text: &str) -> Result<NameList, NameListError> {
    let err = |line: u32, problem: Problem| NameListError {
        path: path.to_owned(),
        line,
        problem,
    };
    let (clean, comments) =
        strip_comments(text).map_err(|line| err(line, Problem::UnterminatedComment))?;
    let mut list = NameList {
        path: path.to_owned(),
        commented: identifiers(&comments),
        ..NameList::default()
    };
    let mut conds = Conditionals::default();
    for (i, raw) in clean.lines().enumerate() {
        let line = i as u32 + 1;
        let l = raw.trim();
        if l.is_empty() {
            continue;
        }
        let Some(rest) = l.strip_prefix('#') else {
            list.items.push(entry(l, line).map_err(|m| err(line, m))?);
            continue;
        };
        let rest = rest.trim_start();
        let word_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (word, args) = (&rest[..word_end], rest[word_end..].trim());
        if word.is_empty() {
            continue; // `#` alone, or `#` and punctuation: a comment
        }
        if CPP.contains(&word) {
            conds.step(word, line).map_err(|m| err(line, m))?;
            list.items.push(Item {
                line,
                kind: ItemKind::Cpp(l.to_string()),
            });
            continue;
        }
        directive(&mut list.directives, word, args, line).map_err(|m| err(line, m))?;
    }
    if let Some(open) = conds.open.last() {
        return Err(err(open.0, Problem::WithoutEndif(open.1.clone())));
    }
    Ok(list)
}

/// `NAME [FALLBACK]`, `EXPR [FALLBACK]` or `{ EXPR, "STRING" },`.
fn entry(l: &str, line: u32) -> Result<Item, Problem> {
    if l.starts_with('{') {
        return raw_entry(l, line);
    }
    let (name, fallback) = match l.find(char::is_whitespace) {
        Some(i) => (&l[..i], Some(l[i..].trim().to_string())),
        None => (l, None),
    };
    let expr = (!is_identifier(name)).then(|| name.to_string());
    if expr.is_some() && !name.contains(|c: char| c.is_ascii_alphanumeric()) {
        return Err(Problem::NotAnEntry(name.to_string()));
    }
    Ok(Item {
        line,
        kind: ItemKind::Entry {
            name: name.to_string(),
            expr,
            fallback,
        },
    })
}

/// `{ EXPR, "STRING" }` with an optional trailing comma.
fn raw_entry(l: &str, line: u32) -> Result<Item, Problem> {
    let bad = || Problem::NotARawEntry(l.to_string());
    let inner = l
        .trim_end_matches(',')
        .trim_end()
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .ok_or_else(bad)?;
    let (expr, string) = inner.rsplit_once(',').ok_or_else(bad)?;
    let string = string
        .trim()
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .ok_or_else(bad)?;
    let expr = expr.trim();
    if expr.is_empty() {
        return Err(bad());
    }
    Ok(Item {
        line,
        kind: ItemKind::Entry {
            name: string.to_string(),
            expr: Some(expr.to_string()),
            fallback: None,
        },
    })
}

fn is_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// One list directive (not a C one).
fn directive(d: &mut Directives, word: &str, args: &str, line: u32) -> Result<(), Problem> {
    let need = |what: &'static str| -> Result<(), Problem> {
        match args.is_empty() {
            true => Err(Problem::MissingArgument {
                word: word.to_string(),
                what,
            }),
            false => Ok(()),
        }
    };
    let none = || -> Result<(), Problem> {
        match args.is_empty() {
            true => Ok(()),
            false => Err(Problem::UnexpectedArgument {
                word: word.to_string(),
                args: args.to_string(),
            }),
        }
    };
    match word {
        "From" => {
            need("a header path")?;
            d.from
                .extend(args.split_whitespace().map(|h| (h.to_string(), line)));
        }
        "Prefix" => {
            need("a prefix")?;
            d.prefixes
                .extend(args.split_whitespace().map(str::to_string));
        }
        "Pattern" => {
            need("a regex")?;
            d.patterns.push(args.to_string());
        }
        "include" => {
            let name = args
                .strip_prefix('<')
                .and_then(|a| a.strip_suffix('>'))
                .or_else(|| args.strip_prefix('"').and_then(|a| a.strip_suffix('"')))
                .ok_or_else(|| Problem::BadInclude(args.to_string()))?;
            d.includes.push((name.to_string(), line));
        }
        "val_type" => {
            need("a C type")?;
            d.val_type = Some(args.to_string());
        }
        // `#sorted sort -k2,2`: the argument is strace's own sort command.
        "sorted" => d.sorted = true,
        "value_indexed" => {
            none()?;
            d.value_indexed = true;
        }
        "unconditional" => {
            none()?;
            d.unconditional = true;
        }
        "conditional" => {
            none()?;
            d.unconditional = false;
        }
        "enum" => {
            none()?;
            d.is_enum = true;
        }
        "nocheckval" => {
            none()?;
            d.nocheckval = true;
        }
        "Generated" => {}
        _ => return Err(Problem::UnknownDirective(word.to_string())),
    }
    Ok(())
}

/// Open conditionals: (line, directive, seen #else).
#[derive(Default)]
struct Conditionals {
    open: Vec<(u32, String, bool)>,
}

impl Conditionals {
    fn step(&mut self, word: &str, line: u32) -> Result<(), Problem> {
        let elif_or_else = if word == "else" { "else" } else { "elif" };
        match word {
            "if" | "ifdef" | "ifndef" => self.open.push((line, word.to_string(), false)),
            "elif" | "else" => match self.open.last_mut() {
                None => return Err(Problem::WithoutIf(elif_or_else)),
                Some((at, _, true)) => {
                    return Err(Problem::AfterElse {
                        word: elif_or_else,
                        at: *at,
                    });
                }
                Some((_, _, seen_else)) => *seen_else = word == "else",
            },
            "endif" => {
                self.open.pop().ok_or(Problem::WithoutIf("endif"))?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// The identifiers written in comments, sorted, once each.
fn identifiers(comments: &str) -> Vec<String> {
    let mut ids: Vec<String> = comments
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| is_identifier(w))
        .map(str::to_string)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The text with `/* … */` comments replaced by spaces (newlines kept, so lines stay
/// lines), and the comments' text; `Err(line)` of an unterminated comment. Quotes are
/// skipped (`'/'`).
fn strip_comments(text: &str) -> Result<(String, String), u32> {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut comments = String::new();
    let (mut i, mut start) = (0, 0);
    let mut line = 1u32;
    while i < b.len() {
        match b[i] {
            b'\n' => line += 1,
            q @ (b'\'' | b'"') => {
                // To the closing quote on the same line, if any.
                if let Some(n) = b[i + 1..].iter().position(|&c| c == q || c == b'\n')
                    && b[i + 1 + n] == q
                {
                    i += n + 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                out.push_str(&text[start..i]);
                let open_line = line;
                let end = text[i + 2..].find("*/").ok_or(open_line)? + i + 2;
                comments.push_str(&text[i + 2..end]);
                comments.push('\n');
                for c in text[i..end + 2].chars() {
                    out.push(if c == '\n' { '\n' } else { ' ' });
                    line += u32::from(c == '\n');
                }
                i = end + 2;
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&text[start..]);
    Ok((out, comments))
}
