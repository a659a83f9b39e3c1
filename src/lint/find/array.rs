//! Arrays of strings (`static const char *names[] = { "A", [5] = "B", … }`) and the
//! `DEFINE_STRARRAY(arr, "PFX")` / `DEFINE_STRARRAY_OFFSET(arr, "PFX", OFF)` lines that
//! give them a prefix and an offset.

use super::tokens::{CondStack, Tok, closing, line_end};
use super::{Entry, FoundTable, Index, Shape};
use crate::scan::TokenKind;

/// Every array of `char *` initialized with strings.
pub fn arrays(toks: &[Tok]) -> Vec<FoundTable> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i].is_directive() {
            i = line_end(toks, i);
            continue;
        }
        if let Some((table, end)) = array_at(toks, i) {
            out.push(table);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// An array declaration whose name is at `i`: `NAME [ size? ] = { … }` after
/// declaration specifiers naming `char` and `*`.
fn array_at(toks: &[Tok], i: usize) -> Option<(FoundTable, usize)> {
    let name = &toks[i];
    if name.kind != TokenKind::Ident || !toks.get(i + 1)?.is("[") {
        return None;
    }
    let close = closing(toks, i + 1)?;
    if !toks.get(close + 1)?.is("=") || !toks.get(close + 2)?.is("{") {
        return None;
    }
    if !char_pointer_specifiers(toks, i) {
        return None;
    }
    let open = close + 2;
    let end = closing(toks, open)?;
    let entries = entries(&toks[open + 1..end])?;
    let size = toks[i + 2..close].to_vec();
    Some((
        FoundTable {
            name: name.text.clone(),
            line: name.line,
            shape: Shape::Array,
            entries,
            size: (!size.is_empty()).then_some(size),
            prefix: printed_prefix(toks, i),
            offset: None,
            includes: Vec::new(),
        },
        end + 1,
    ))
}

/// The prefix the code printing a local table adds: `const char *prefix = "SCHED_";`
/// shortly before it in the same block.
fn printed_prefix(toks: &[Tok], i: usize) -> Option<String> {
    let start = i.saturating_sub(PREFIX_LOOKBACK);
    let before = &toks[start..i];
    let from = before.iter().rposition(|t| t.is("}")).map_or(0, |p| p + 1);
    before[from..].windows(3).rev().find_map(|w| match w {
        [name, eq, value] if name.is("prefix") && eq.is("=") => value.string(),
        _ => None,
    })
}

/// How many tokens before a table `printed_prefix` looks.
const PREFIX_LOOKBACK: usize = 40;

/// Whether the declaration before the name at `i` is of pointers to `char`: `char` and
/// `*` since the previous `;`, `{`, `}` or directive, and no `(` (function pointers).
fn char_pointer_specifiers(toks: &[Tok], i: usize) -> bool {
    let mut seen_char = false;
    let mut seen_star = false;
    for t in toks[..i].iter().rev() {
        if t.is(";") || t.is("{") || t.is("}") || t.is_directive() || t.is("(") || t.is(",") {
            break;
        }
        seen_char |= t.is("char");
        seen_star |= t.is("*");
    }
    seen_char && seen_star
}

/// The entries of an initializer's body; `None` when an element is not a string, an
/// empty slot or a designated string (an array of something else).
fn entries(body: &[Tok]) -> Option<Vec<Entry>> {
    let mut out = Vec::new();
    let mut conds = CondStack::default();
    let mut i = 0;
    let mut element: Vec<&Tok> = Vec::new();
    let mut line = body.first().map_or(0, |t| t.line);
    let mut element_conds = Vec::new();
    let mut flush = |element: &mut Vec<&Tok>, conds: &[super::Cond], line: u32| {
        if element.is_empty() {
            return Some(());
        }
        let e = entry(element, conds.to_vec(), line)?;
        out.push(e);
        element.clear();
        Some(())
    };
    while i < body.len() {
        let t = &body[i];
        if t.is_directive() {
            // Only one branch of an #if is compiled: an element never spans a directive.
            flush(&mut element, &element_conds, line)?;
            let end = line_end(body, i);
            conds.directive(&body[i + 1..end]);
            i = end;
            continue;
        }
        if t.is(",") {
            flush(&mut element, &element_conds, line)?;
            i += 1;
            continue;
        }
        if element.is_empty() {
            line = t.line;
            element_conds = conds.open.clone();
        }
        element.push(t);
        i += 1;
    }
    flush(&mut element, &element_conds, line)?;
    (!out.is_empty()).then_some(out)
}

/// One element: `"A" "B"`, `NULL`, `0`, `[EXPR] = "A"`.
fn entry(element: &[&Tok], conds: Vec<super::Cond>, line: u32) -> Option<Entry> {
    let (index, value) = if element[0].is("[") {
        let close = element.iter().position(|t| t.is("]"))?;
        // Nested brackets in a designator are not needed by the shapes seen.
        if !element.get(close + 1)?.is("=") {
            return None;
        }
        let expr = element[1..close].iter().map(|t| (*t).clone()).collect();
        (Index::Expr(expr), &element[close + 2..])
    } else {
        (Index::Next, element)
    };
    let text = value_text(value)?;
    Some(Entry {
        index,
        text,
        conds,
        line,
    })
}

/// `Some(Some(s))` for strings (concatenated), `Some(None)` for an empty slot.
fn value_text(value: &[&Tok]) -> Option<Option<String>> {
    match value {
        [t] if t.is("NULL") || t.text == "0" => Some(None),
        [] => None,
        _ => {
            let mut s = String::new();
            for t in value {
                s += &t.string()?;
            }
            Some(Some(s))
        }
    }
}

/// `(array, prefix, offset)` of every `DEFINE_STRARRAY(array, "PFX")` and
/// `DEFINE_STRARRAY_OFFSET(array, "PFX", OFF)`.
pub fn strarray_uses(toks: &[Tok]) -> Vec<(String, String, Option<Vec<Tok>>)> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let with_offset = match t.text.as_str() {
            "DEFINE_STRARRAY" => false,
            "DEFINE_STRARRAY_OFFSET" => true,
            _ => continue,
        };
        if t.kind != TokenKind::Ident || !toks.get(i + 1).is_some_and(|t| t.is("(")) {
            continue;
        }
        let Some(close) = closing(toks, i + 1) else {
            continue;
        };
        let args: Vec<&[Tok]> = toks[i + 2..close].split(|t| t.is(",")).collect();
        let (Some([name]), Some([prefix])) = (args.first(), args.get(1)) else {
            continue;
        };
        let Some(prefix) = prefix.string() else {
            continue;
        };
        let offset = with_offset
            .then(|| args.get(2).map(|a| a.to_vec()))
            .flatten();
        out.push((name.text.clone(), prefix, offset));
    }
    out
}
