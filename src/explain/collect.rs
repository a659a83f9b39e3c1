//! Building an [`Explanation`] from a header read in a [`Session`].

use super::{
    ChainLink, Definition, EnumPlace, Explanation, Fact, Outcome, Place, Status, Step, hints,
};
use crate::constant::{ConstKind, Constant};
use crate::diag::Diagnostic;
use crate::evaluate::{EnumValues, EvalError, Evaluator, Layouts};
use crate::header::{HeaderConstants, Session};
use crate::layout::LayoutEngine;
use crate::preprocess::{MacroDef, MacroEvent};
use crate::scan::{self, Token, TokenKind};
use crate::source::{Loc, SourceMap};
use std::rc::Rc;

/// Enough for the deepest uapi ioctl numbers (~40 steps) with room to spare.
const MAX_STEPS: usize = 400;

/// Explains `name` as `header` (a path, or a name found like `#include <NAME>`) defines it.
/// `Ok(None)`: the header never mentions the name in a `#define`, `#undef` or enum. A name
/// defined in a header it includes is explained in that header. `layouts`: where record
/// layouts come from (`None`: deftab's layout engine).
pub fn explain(
    session: &mut Session,
    header: &str,
    name: &str,
    layouts: Option<&dyn Layouts>,
) -> Result<Option<Explanation>, Diagnostic> {
    let hc = match layouts {
        Some(l) => session.constants_with(header, l)?,
        None => session.constants(header)?,
    };
    // The unit's own layout engine (it knows the unit's `#pragma pack`s) unless one is given.
    let engine;
    let outer = layouts;
    let layouts: &dyn Layouts = match layouts {
        Some(l) => l,
        None => {
            engine = LayoutEngine::with_pack_pragmas(hc.unit.preprocessed.pack_pragmas.clone());
            &engine
        }
    };
    let active = hc.unit.preprocessed.macros.get(name).cloned();
    let member = find_enumerator(&hc, name);
    // Where the name's value comes from, when that is another file of the unit.
    let home = match (&active, member) {
        (Some(m), _) => Some(m.loc.file),
        (None, Some((e, i))) => Some(hc.unit.decls.enums[e].members[i].loc.file),
        (None, None) => None,
    };
    if let Some(file) = home
        && file != hc.unit.file
        && !session.sm.file(file).synthetic
    {
        let path = session.sm.path(file).to_path_buf();
        let including = hc.unit.path.display().to_string();
        let mut inner = explain(session, &path.to_string_lossy(), name, outer)?;
        if let Some(x) = &mut inner {
            x.hints.push(format!(
                "`{name}` is defined in {}, which {including} includes",
                path.display()
            ));
        }
        return Ok(inner);
    }
    let definitions = definitions(&session.sm, &hc, name, active.as_ref());
    let mut x = Explanation {
        name: name.to_string(),
        kind: "define",
        header: hc.unit.path.display().to_string(),
        target: session.target.name.to_string(),
        definitions,
        enumerator: None,
        expansion: vec![],
        expansion_note: None,
        evaluated: None,
        facts: vec![],
        outcome: Outcome::Skipped {
            reason: String::new(),
            at: None,
        },
        hints: vec![],
    };
    match (active, member) {
        (Some(m), _) => define(session, &hc, &m, layouts, &mut x),
        (None, Some((e, i))) => enumerator(session, &hc, e, i, layouts, &mut x),
        (None, None) if x.definitions.is_empty() => return Ok(None),
        (None, None) => {
            let undef = x.definitions.iter().any(|d| d.status == Status::Undef);
            x.outcome = Outcome::Skipped {
                reason: if undef {
                    "#undef'd: not defined at the end of the header".into()
                } else {
                    "every #define of it is in a skipped #if group".into()
                },
                at: None,
            };
            if !undef {
                x.hints.push(
                    "the conditions above decide; -D or --target change them (e.g. -D __KERNEL__)"
                        .into(),
                );
            }
        }
    }
    Ok(Some(x))
}

fn place(sm: &SourceMap, loc: Loc) -> Place {
    let p = sm.position(loc);
    Place {
        file: p.path.display().to_string(),
        line: p.line,
    }
}

/// The line of `loc`, trimmed (the directive of a `#define`'s name).
fn line_of(sm: &SourceMap, loc: Loc) -> String {
    let f = sm.file(loc.file);
    let line = sm.line(loc);
    scan::clean(f.line_text(line)).trim().to_string()
}

/// Every `#define`, `#undef` and skipped `#define` of `name` in the unit, in order.
fn definitions(
    sm: &SourceMap,
    hc: &HeaderConstants,
    name: &str,
    active: Option<&Rc<MacroDef>>,
) -> Vec<Definition> {
    let mut out = Vec::new();
    let plain = |status, loc| Definition {
        status,
        at: place(sm, loc),
        text: line_of(sm, loc),
        condition: None,
        condition_at: None,
    };
    for ev in &hc.unit.preprocessed.history {
        match ev {
            MacroEvent::Define(m) if m.name == name => {
                let is_active = active.is_some_and(|a| Rc::ptr_eq(a, m));
                let status = if is_active {
                    Status::Active
                } else {
                    Status::Overridden
                };
                out.push(plain(status, m.loc));
            }
            MacroEvent::Undef { name: n, loc } if n == name => out.push(plain(Status::Undef, *loc)),
            MacroEvent::Inactive {
                name: n,
                loc,
                condition,
                condition_loc,
            } if n == name => out.push(Definition {
                condition: Some(condition.clone()),
                condition_at: Some(place(sm, *condition_loc)),
                ..plain(Status::Inactive, *loc)
            }),
            _ => {}
        }
    }
    out
}

/// (enum index, member index) of the enumerator `name`, the last one if several.
fn find_enumerator(hc: &HeaderConstants, name: &str) -> Option<(usize, usize)> {
    let enums = &hc.unit.decls.enums;
    enums.iter().enumerate().rev().find_map(|(e, d)| {
        d.members
            .iter()
            .position(|m| m.name == name)
            .map(|i| (e, i))
    })
}

/// The constant `header.rs` computed for the definition at `loc` (following an identical
/// redefinition to the first one).
fn constant_at<'c>(
    hc: &'c HeaderConstants,
    kind: ConstKind,
    name: &str,
    loc: Loc,
) -> Option<&'c Constant> {
    let c = hc
        .constants
        .iter()
        .find(|c| c.kind == kind && c.name == name && c.loc == loc)?;
    match &c.value {
        Err(s) if s.error == EvalError::IdenticalRedefinition => {
            let first = s.loc?;
            hc.constants
                .iter()
                .find(|c| c.name == name && c.loc == first)
        }
        _ => Some(c),
    }
}

fn define(
    session: &mut Session,
    hc: &HeaderConstants,
    m: &Rc<MacroDef>,
    layouts: &dyn Layouts,
    x: &mut Explanation,
) {
    let constant = constant_at(hc, ConstKind::Define, &m.name, m.loc);
    if m.is_function_like() {
        x.outcome = Outcome::Skipped {
            reason: "function-like macro".into(),
            at: None,
        };
        x.hints = hints::function_like(m);
        return;
    }
    let name = m.name_use();
    let macros = &hc.unit.preprocessed.macros;
    let steps = session
        .preprocessor
        .expand_steps(&mut session.sm, macros, &[name], MAX_STEPS);
    let exact = session
        .preprocessor
        .expand(&mut session.sm, macros, &[name]);
    let sm = &session.sm;
    match &steps {
        Ok(steps) => {
            x.expansion = steps
                .iter()
                .map(|s| Step {
                    macro_name: s.macro_name.clone(),
                    defined_at: place(sm, s.definition),
                    result: scan::render(sm, &s.tokens),
                })
                .collect();
            if steps.len() == MAX_STEPS {
                x.expansion_note = Some(format!("stopped after {MAX_STEPS} steps"));
            }
        }
        Err(d) => x.expansion_note = Some(format!("step-wise expansion failed: {}", d.message)),
    }
    let position_dependent = constant.is_some_and(
        |c| matches!(&c.value, Err(s) if matches!(s.error, EvalError::PositionDependent(_))),
    );
    if position_dependent {
        // Expanded here, `__LINE__` & co. would give this spot's value: no value to show.
        x.expansion_note =
            Some("no fixed value: it changes with where the macro is expanded".into());
    } else if let Ok(tokens) = &exact {
        let c_text = scan::render(sm, tokens);
        let last = x.expansion.last().map(|s| s.result.clone());
        if last
            .as_deref()
            .is_some_and(|l| spelled(l) != spelled(&c_text))
            && x.expansion_note.is_none()
        {
            x.expansion_note = Some(
                "C expands the arguments first; its expansion (evaluated) differs from the step-wise view".into(),
            );
        }
        x.evaluated = Some(c_text);
        x.facts = facts(session, hc, tokens, layouts);
    }
    outcome(session, hc, constant, x);
}

/// The text without white space, to compare two renderings of tokens.
fn spelled(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn enumerator(
    session: &mut Session,
    hc: &HeaderConstants,
    e: usize,
    i: usize,
    layouts: &dyn Layouts,
    x: &mut Explanation,
) {
    let sm = &session.sm;
    let decl = &hc.unit.decls.enums[e];
    let member = &decl.members[i];
    x.kind = "enumerator";
    let head = (0..=i)
        .rev()
        .find(|&k| decl.members[k].init.is_some())
        .unwrap_or(0);
    let chain = (head..=i)
        .map(|k| {
            let m = &decl.members[k];
            let value = constant_at(hc, ConstKind::Enumerator, &m.name, m.loc)
                .and_then(|c| c.value.as_ref().ok())
                .map(|v| v.value.to_string());
            ChainLink {
                name: m.name.clone(),
                at: place(sm, m.loc),
                init: m.init.as_ref().map(|t| as_written(sm, t)),
                value,
            }
        })
        .collect();
    x.enumerator = Some(EnumPlace {
        enum_name: match &decl.tag {
            Some(t) => format!("enum {t}"),
            None => "anonymous enum".into(),
        },
        at: place(sm, decl.loc),
        position: i,
        members: decl.members.len(),
        chain,
    });
    if let Some(init) = &decl.members[head].init {
        x.evaluated = Some(scan::render(sm, init));
        x.facts = facts(session, hc, init, layouts);
    }
    let constant = constant_at(hc, ConstKind::Enumerator, &member.name, member.loc);
    outcome(session, hc, constant, x);
}

fn outcome(session: &Session, hc: &HeaderConstants, c: Option<&Constant>, x: &mut Explanation) {
    let sm = &session.sm;
    let Some(c) = c else {
        x.outcome = Outcome::Skipped {
            reason: "deftab computed no constant for this definition".into(),
            at: None,
        };
        return;
    };
    x.outcome = match &c.value {
        Ok(v) => Outcome::Value {
            value: v.value,
            hex: if v.value < 0 {
                format!("-{:#x}", -v.value)
            } else {
                format!("{:#x}", v.value)
            },
            ty: v.ty.c_name().to_string(),
        },
        Err(s) => {
            let ctx = hints::Context {
                name: &x.name,
                header: &hc.unit.path,
                roots: super::search::roots(session),
            };
            x.hints.extend(hints::for_error(&s.error, &ctx));
            Outcome::Skipped {
                reason: s.error.to_string(),
                at: s
                    .loc
                    .filter(|l| !sm.file(l.file).synthetic && *l != c.loc)
                    .map(|l| place(sm, l)),
            }
        }
    };
}

/// `sizeof(…)`/`_Alignof(…)` in the evaluated tokens, each with its value on the target,
/// and the signedness of `char` when a character constant is used.
fn facts(
    session: &Session,
    hc: &HeaderConstants,
    tokens: &[Token],
    layouts: &dyn Layouts,
) -> Vec<Fact> {
    let sm = &session.sm;
    let enum_values: EnumValues = hc
        .constants
        .iter()
        .filter(|c| c.kind == ConstKind::Enumerator)
        .filter_map(|c| Some((c.name.as_str(), *c.value.as_ref().ok()?)))
        .collect();
    let ev = Evaluator {
        sm,
        target: session.target,
        decls: &hc.unit.decls,
        enum_values,
        layouts,
    };
    let mut out: Vec<Fact> = Vec::new();
    let mut push = |expr: String, value: String| {
        if !out.iter().any(|f| f.expr == expr) {
            out.push(Fact { expr, value });
        }
    };
    for (i, t) in tokens.iter().enumerate() {
        let word = scan::spelling(sm, t);
        if t.kind == TokenKind::Char && !word.starts_with(['L', 'u', 'U']) {
            let sign = if session.target.model.char_signed {
                "signed"
            } else {
                "unsigned"
            };
            push("char".into(), sign.into());
        }
        let sizeish = matches!(
            &*word,
            "sizeof" | "_Alignof" | "__alignof__" | "__alignof" | "alignof"
        );
        if t.kind != TokenKind::Ident || !sizeish {
            continue;
        }
        let Some(end) = group_end(sm, tokens, i + 1) else {
            continue;
        };
        let expr = &tokens[i..=end];
        let value = match ev.eval(expr) {
            Ok(v) => v.value.to_string(),
            Err(e) => format!("unknown ({})", e.error),
        };
        push(scan::render(sm, expr), value);
    }
    out
}

/// The index of the `)` closing the `(` at `open`.
fn group_end(sm: &SourceMap, tokens: &[Token], open: usize) -> Option<usize> {
    let is = |t: &Token, p: &str| t.kind == TokenKind::Punct && sm.text(t.span) == p;
    if !is(tokens.get(open)?, "(") {
        return None;
    }
    let mut depth = 0usize;
    for (k, t) in tokens.iter().enumerate().skip(open) {
        if is(t, "(") {
            depth += 1;
        } else if is(t, ")") {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
        }
    }
    None
}

/// An initializer as the header writes it (macro names, not their expansions): the source
/// text from the first token's origin to the last's; the expanded text when the tokens do
/// not come from one place of one file.
fn as_written(sm: &SourceMap, tokens: &[Token]) -> String {
    let expanded = || scan::render(sm, tokens);
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return String::new();
    };
    let file = first.origin.file;
    if last.origin.file != file
        || sm.file(file).synthetic
        || last.origin.offset < first.origin.offset
    {
        return expanded();
    }
    let text = &sm.file(file).text;
    let start = first.origin.offset as usize;
    let at_last = &text[last.origin.offset as usize..];
    let len = if last.has(Token::FROM_MACRO) {
        at_last
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count()
    } else {
        last.span.len()
    };
    match text.get(start..last.origin.offset as usize + len.max(1)) {
        Some(s) => scan::clean(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        None => expanded(),
    }
}
