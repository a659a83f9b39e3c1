//! `switch` statements whose cases produce names: `case SIGHUP: return "HUP";`, also when
//! a macro of the file writes the cases (`#define P_SIGNUM(n) case SIG##n: … #n`).

use super::tokens::{CondStack, LocalMacro, Tok, closing, line_end};
use super::{Entry, FoundTable, Index, Shape};
use crate::scan::TokenKind;
use std::collections::HashMap;

/// Every switch with at least two cases labelled by an identifier and giving a string.
pub fn switches(toks: &[Tok], macros: &HashMap<String, LocalMacro>) -> Vec<FoundTable> {
    let mut out = Vec::new();
    let mut function = String::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.is_directive() {
            i = line_end(toks, i);
            continue;
        }
        if t.is("{") {
            if depth == 0
                && let Some(name) = function_name(toks, i)
            {
                function = name;
            }
            depth += 1;
        } else if t.is("}") {
            depth = depth.saturating_sub(1);
        } else if t.is("switch")
            && toks.get(i + 1).is_some_and(|t| t.is("("))
            && let Some(close) = closing(toks, i + 1)
            && toks.get(close + 1).is_some_and(|t| t.is("{"))
            && let Some(end) = closing(toks, close + 1)
        {
            let body = expand(&toks[close + 2..end], macros);
            if let Some((entries, prefix)) = cases(&body) {
                let n = seen.entry(function.clone()).or_default();
                *n += 1;
                let name = match *n {
                    1 => function.clone(),
                    n => format!("{function}#{n}"),
                };
                out.push(FoundTable {
                    name,
                    line: t.line,
                    shape: Shape::Switch,
                    entries,
                    size: None,
                    prefix,
                    offset: None,
                    includes: Vec::new(),
                });
            }
            // Nested braces of the body are not counted: skip it.
            i = end + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// The function whose body opens at `open`: `NAME ( … ) {`.
fn function_name(toks: &[Tok], open: usize) -> Option<String> {
    let close = open.checked_sub(1)?;
    if !toks[close].is(")") {
        return None;
    }
    let mut depth = 0usize;
    let mut j = close;
    loop {
        if toks[j].is(")") {
            depth += 1;
        } else if toks[j].is("(") {
            depth -= 1;
            if depth == 0 {
                break;
            }
        }
        j = j.checked_sub(1)?;
    }
    let name = toks.get(j.checked_sub(1)?)?;
    (name.kind == TokenKind::Ident).then(|| name.text.clone())
}

/// The body with the file's function-like macros expanded once (`#` and `##` applied);
/// directive lines are kept.
fn expand(body: &[Tok], macros: &HashMap<String, LocalMacro>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let t = &body[i];
        if t.is_directive() {
            let end = line_end(body, i);
            out.extend_from_slice(&body[i..end]);
            i = end;
            continue;
        }
        if t.kind == TokenKind::Ident
            && let Some(m) = macros.get(&t.text)
            && body.get(i + 1).is_some_and(|t| t.is("("))
            && let Some(close) = closing(body, i + 1)
        {
            let args: Vec<&[Tok]> = body[i + 2..close].split(|t| t.is(",")).collect();
            out.extend(substitute(m, &args, t));
            i = close + 1;
            continue;
        }
        out.push(t.clone());
        i += 1;
    }
    out
}

/// A macro's body with its arguments: `#p` a string, `a ## p` one identifier.
fn substitute(m: &LocalMacro, args: &[&[Tok]], at: &Tok) -> Vec<Tok> {
    let arg = |name: &str| -> Option<&[Tok]> {
        let k = m.params.iter().position(|p| p == name)?;
        args.get(k).copied()
    };
    let text = |ts: &[Tok]| ts.iter().map(|t| t.text.as_str()).collect::<String>();
    let mut out: Vec<Tok> = Vec::new();
    let mut j = 0;
    while j < m.body.len() {
        let b = &m.body[j];
        let placed = |kind, text: String| Tok {
            kind,
            text,
            line: at.line,
            bol: false,
        };
        if b.is("#")
            && let Some(p) = m.body.get(j + 1)
            && let Some(a) = arg(&p.text)
        {
            out.push(placed(TokenKind::Str, format!("\"{}\"", text(a))));
            j += 2;
            continue;
        }
        if b.is("##")
            && let (Some(left), Some(right)) = (out.pop(), m.body.get(j + 1))
        {
            let right = arg(&right.text).map_or_else(|| right.text.clone(), text);
            out.push(placed(TokenKind::Ident, left.text + &right));
            j += 2;
            continue;
        }
        match arg(&b.text) {
            Some(a) if b.kind == TokenKind::Ident => {
                out.extend(a.iter().map(|t| placed(t.kind, t.text.clone())));
            }
            _ => out.push(placed(b.kind, b.text.clone())),
        }
        j += 1;
    }
    // The expansion stands where the invocation was: at the start of its line, so a
    // directive line before it ends there.
    if let Some(first) = out.first_mut() {
        first.bol = at.bol;
    }
    out
}

/// The cases of a switch body: `case LABEL:` with the last name-like string before the
/// next case; and the prefix the labels share. `None` unless every label is an
/// identifier and at least two give a string.
fn cases(body: &[Tok]) -> Option<(Vec<Entry>, Option<String>)> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut conds = CondStack::default();
    let mut depth = 0usize;
    let mut i = 0;
    while i < body.len() {
        let t = &body[i];
        if t.is_directive() {
            let end = line_end(body, i);
            conds.directive(&body[i + 1..end]);
            i = end;
            continue;
        }
        if t.is("{") {
            depth += 1;
        } else if t.is("}") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && t.is("case") {
            let colon = body[i..].iter().position(|t| t.is(":"))? + i;
            let label = &body[i + 1..colon];
            if !matches!(label, [l] if l.kind == TokenKind::Ident) {
                return None;
            }
            entries.push(Entry {
                index: Index::Expr(label.to_vec()),
                text: None,
                conds: conds.open.clone(),
                line: t.line,
            });
            i = colon + 1;
            continue;
        } else if depth == 0 && t.is("default") {
            // Strings after `default:` belong to no case.
            if let Some(last) = entries.last_mut() {
                last.text.get_or_insert_with(String::new);
            }
        } else if let Some(s) = t.string()
            && let Some(last) = entries.last_mut()
            && name_like(&s)
            && last.text.as_deref() != Some("")
        {
            last.text = Some(s);
        }
        i += 1;
    }
    for e in &mut entries {
        if e.text.as_deref() == Some("") {
            e.text = None;
        }
    }
    let named = entries.iter().filter(|e| e.text.is_some()).count();
    (named >= 2).then(|| {
        let prefix = label_prefix(&entries).or_else(|| common_prefix(&entries));
        (entries, prefix)
    })
}

/// A string that can be a name (not a format, not empty).
fn name_like(s: &str) -> bool {
    !s.is_empty() && !s.contains('%') && !s.contains(' ')
}

/// The prefix every named case's label adds to its string (`SIG` for `case SIGHUP:`
/// giving `"HUP"`); `None` when the labels are not the strings plus one prefix, or are the
/// strings themselves.
fn label_prefix(entries: &[Entry]) -> Option<String> {
    let mut prefix: Option<&str> = None;
    for e in entries {
        let (Index::Expr(l), Some(text)) = (&e.index, &e.text) else {
            continue;
        };
        let label = l.first()?.text.as_str();
        let p = label.strip_suffix(text.as_str())?;
        if prefix.is_some_and(|q| q != p) {
            return None;
        }
        prefix = Some(p);
    }
    prefix.filter(|p| !p.is_empty()).map(str::to_string)
}

/// The longest prefix ending in `_` that every label shares (`PERF_TYPE_`).
fn common_prefix(entries: &[Entry]) -> Option<String> {
    let labels: Vec<&str> = entries
        .iter()
        .filter_map(|e| match &e.index {
            Index::Expr(l) => l.first().map(|t| t.text.as_str()),
            Index::Next => None,
        })
        .collect();
    let first = *labels.first()?;
    let mut len = first.len();
    for l in &labels[1..] {
        len = first
            .bytes()
            .zip(l.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
    }
    let cut = first[..len].rfind('_').map(|p| p + 1)?;
    Some(first[..cut].to_string())
}
