//! A name list for one target: the translation unit strace's generated header would be,
//! read by deftab's preprocessor and evaluator.
//!
//! The unit is the list's headers (`#From`, mapped by [`super::from_header`]; `#include`;
//! headers the caller adds) followed by the list, line for line: C lines as written, each
//! entry `NAME [FALLBACK]` as `#define __deftab_entry_LINE FALLBACK`. An entry is active on
//! the target when its marker macro is still defined at the end of the unit (its
//! conditionals held, with the target's predefined macros and the headers' macros); the
//! marker's value is the fallback's value, computed where strace's `static_assert` computes
//! it. The header's value of NAME is the unit's (`gcc -dM` view), unless the list defines
//! NAME itself.

use super::{FromHeader, ItemKind, ListEntry, NameList, from_header};
use crate::constant::{ConstKind, Constant};
use crate::evaluate::{EvalError, Value};
use crate::header::{HeaderConstants, Session};
use crate::source::FileId;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Why a list cannot be read for a target.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error(transparent)]
    Pattern(#[from] super::members::PatternError),
    /// An error of the list's unit (the list's or a header's), at its file and line.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Unit {
        path: PathBuf,
        line: Option<u32>,
        message: String,
    },
}

/// The marker macro of the entry at a line.
const MARKER: &str = "__deftab_entry_";
/// The macro of an expression entry's value (`1<<CAP_CHOWN`).
const VALUE: &str = "__deftab_value_";

/// A list read for one target.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The entries active on the target, in list order.
    pub entries: Vec<ResolvedEntry>,
    /// The headers included (include names), with their paths.
    pub headers: Vec<(String, PathBuf)>,
    /// The constants written in the files the `#From` lines name (not an architecture's
    /// header read in front of a generic one), in the unit's order, with their values.
    pub from_constants: Vec<HeaderConstant>,
    /// Whether every `#From` header was read on this target (a list with a header that is
    /// not cannot be said to lack or have a name).
    pub from_complete: bool,
    /// What was not read and why (`#From` paths outside uapi or missing, an `#include` the
    /// headers lack), and warnings of the headers; worded the same for every target.
    pub notes: Vec<ListNote>,
    /// `#From` headers of other architectures, not read on this one (as its build does not).
    pub other_arch: Vec<ListNote>,
}

/// What reading a list on one target left out, or a warning of its headers; each at the
/// list's line as `FILE:LINE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListNote {
    /// No header a `#From` line stands for is among the target's headers.
    FromNotFound {
        at: String,
        path: String,
        names: Vec<String>,
    },
    /// A `#From` header of another architecture (not read on this one, as its build does not).
    OtherArch {
        at: String,
        path: String,
        arch: String,
        target: &'static str,
    },
    /// A `#From` path that is not an installed (uapi) header.
    NotUapi { at: String, path: String },
    /// An `#include` of the list that is not among the headers.
    IncludeNotFound { at: String, name: String },
    /// A warning of the list's unit (the list's or a header's), with its place.
    Warning(String),
}

impl std::fmt::Display for ListNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ListNote::FromNotFound { at, path, names } => write!(
                f,
                "{at}: #From {path}: no {} among the headers: not read",
                names.join(" or ")
            ),
            ListNote::OtherArch {
                at,
                path,
                arch,
                target,
            } => write!(
                f,
                "{at}: #From {path}: a header of {arch}, not read on {target}"
            ),
            ListNote::NotUapi { at, path } => {
                write!(
                    f,
                    "{at}: #From {path}: not an installed (uapi) header: not read"
                )
            }
            ListNote::IncludeNotFound { at, name } => {
                write!(
                    f,
                    "{at}: #include <{name}>: not among the headers: not included"
                )
            }
            ListNote::Warning(w) => write!(f, "{w}"),
        }
    }
}

/// An active entry.
#[derive(Clone, Debug)]
pub struct ResolvedEntry {
    pub line: u32,
    /// The string shown; the value's expression is `expr` when it is not this name.
    pub name: String,
    pub expr: Option<String>,
    pub fallback: Option<String>,
    /// The headers' definition of the name (of the value of an expression entry); `None`
    /// when they do not define it.
    pub header: Option<HeaderConstant>,
    /// The constant the fallback stands for: the name's, or for an expression entry the
    /// definition of the expression's leading name (`IPV4_DEVCONF_FORWARDING-1 1`: the
    /// fallback is IPV4_DEVCONF_FORWARDING's, as strace's generator reads it).
    pub fallback_of: Option<HeaderConstant>,
    /// The fallback's value (`Err`: why it has none); `None` without a fallback.
    pub fallback_value: Option<Result<Value, EvalError>>,
}

/// A constant of the headers.
#[derive(Clone, Debug)]
pub struct HeaderConstant {
    pub name: String,
    /// `Err`: why it has no value.
    pub value: Result<Value, EvalError>,
    pub file: String,
    pub line: u32,
    pub text: Option<String>,
    /// For an enumerator: its enum's tag (`None` for an anonymous enum).
    pub enum_tag: Option<String>,
    /// Written `# define` (indented after the `#`): by kernel convention a value of the
    /// option defined above it (`PR_SET_FPEXC` then `# define PR_FP_EXC_DIV`).
    pub nested: bool,
    pub is_enum: bool,
}

/// Reads `list` for the session's target, with `extra` headers (names or paths) included
/// after the list's own. `Err` is a message with the list's or a header's file:line.
pub fn resolve(
    list: &NameList,
    session: &mut Session,
    extra: &[String],
) -> Result<Resolved, ResolveError> {
    let (mut notes, mut other_arch) = (Vec::new(), Vec::new());
    let included = includes(list, session, extra, &mut notes, &mut other_arch);
    let from_complete =
        !list.directives.from.is_empty() && other_arch.is_empty() && !included.from_unread;
    let hc = read_unit(list, session, &included.headers, &mut notes)?;
    let unit_file = hc.unit.file;
    let from_files: HashSet<FileId> = included
        .from_paths
        .iter()
        .filter_map(|p| session.sm.load(p).ok().map(|(id, _)| id))
        .filter(|id| hc.unit.preprocessed.files.contains(id))
        .collect();
    let mut by_name: HashMap<&str, &Constant> = HashMap::new();
    for c in &hc.constants {
        by_name.entry(c.name.as_str()).or_insert(c);
    }
    let of_headers = |name: &str| {
        by_name
            .get(name)
            .filter(|c| c.loc.file != unit_file)
            .map(|c| header_constant(session, c))
    };
    let entries = list
        .entries()
        .filter_map(|entry| resolve_entry(list, session, &by_name, &of_headers, entry))
        .collect();
    let from_constants = hc
        .constants
        .iter()
        .filter(|c| from_files.contains(&c.loc.file))
        .map(|c| header_constant(session, c))
        .collect();
    Ok(Resolved {
        entries,
        headers: included.headers,
        from_constants,
        from_complete,
        notes,
        other_arch,
    })
}

/// The unit of the list and its headers, its constants read (the markers, the values of
/// expression entries, the list's names and members); the headers' warnings go to `notes`.
fn read_unit(
    list: &NameList,
    session: &mut Session,
    includes: &[(String, PathBuf)],
    notes: &mut Vec<ListNote>,
) -> Result<HeaderConstants, ResolveError> {
    let mut text = String::new();
    for (name, _) in includes {
        match std::path::Path::new(name).is_file() {
            true => writeln!(text, "#include \"{name}\""),
            false => writeln!(text, "#include <{name}>"),
        }
        .expect("writing to a String");
    }
    let first_line = includes.len() as u32;
    text.push_str(&unit_text(list));

    let names: HashSet<&str> = list
        .entries()
        .filter(|e| e.expr.is_none())
        .map(|e| e.name)
        .collect();
    let members = super::Members::new(&list.directives)?;
    let wanted = |n: &str| {
        n.starts_with(MARKER) || n.starts_with(VALUE) || names.contains(n) || members.matches(n)
    };
    let unit_name = PathBuf::from(format!(
        "<name list {} #{}>",
        list.path.display(),
        session.sm.len()
    ));
    let hc = session
        .unit_constants_of_text(&unit_name, text, &wanted)
        .map_err(|d| located(list, session, first_line, &d))?;
    for d in &hc.diagnostics {
        let message = located(list, session, first_line, d);
        match d.is_error() {
            true => return Err(message),
            false => notes.push(ListNote::Warning(message.to_string())),
        }
    }
    Ok(hc)
}

/// An entry of the list as the unit read it; `None` when its conditionals do not hold on
/// the target. `of_headers`: the headers' constant of a name (not the list's own).
fn resolve_entry(
    list: &NameList,
    session: &Session,
    by_name: &HashMap<&str, &Constant>,
    of_headers: &dyn Fn(&str) -> Option<HeaderConstant>,
    entry: ListEntry,
) -> Option<ResolvedEntry> {
    let (line, name, fallback) = (entry.line, entry.name, entry.fallback);
    let marker = by_name.get(format!("{MARKER}{line}").as_str())?;
    let header = match entry.expr {
        None => of_headers(name),
        // An expression has a value when the headers define what it uses.
        Some(_) => by_name
            .get(format!("{VALUE}{line}").as_str())
            .filter(|c| c.value.is_ok())
            .map(|c| HeaderConstant {
                name: name.to_string(),
                file: list.path.display().to_string(),
                line,
                text: entry.expr.map(str::to_string),
                ..header_constant(session, c)
            }),
    };
    let fallback_value = fallback.map(|_| marker.value.clone().map_err(|s| s.error));
    let fallback_of = match entry.expr {
        None => header.clone(),
        Some(expr) => fallback.and_then(|_| of_headers(leading_name(expr)?)),
    };
    Some(ResolvedEntry {
        fallback_of,
        line,
        name: name.to_string(),
        expr: entry.expr.map(str::to_string),
        fallback: fallback.map(str::to_string),
        header,
        fallback_value,
    })
}

/// A constant of the unit as the list's reader sees it.
fn header_constant(session: &Session, c: &Constant) -> HeaderConstant {
    HeaderConstant {
        name: c.name.clone(),
        value: c.value.clone().map_err(|s| s.error.clone()),
        file: session.sm.position(c.loc).path.display().to_string(),
        line: session.sm.line(c.loc),
        text: c.text.clone(),
        enum_tag: c.enum_tag.clone(),
        nested: c.kind == ConstKind::Define && {
            let line = session
                .sm
                .file(c.loc.file)
                .line_text(session.sm.line(c.loc));
            line.trim_start()
                .strip_prefix('#')
                .is_some_and(|rest| rest.starts_with([' ', '\t']))
        },
        is_enum: c.kind != ConstKind::Define,
    }
}

/// The identifier an expression starts with (`IPV4_DEVCONF_FORWARDING-1`), if any.
fn leading_name(expr: &str) -> Option<&str> {
    let end = expr
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(expr.len());
    let name = &expr[..end];
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        .then_some(name)
}

/// What a list includes.
struct Included {
    /// The headers to include (name, path).
    headers: Vec<(String, PathBuf)>,
    /// The files the `#From` lines stand for.
    from_paths: Vec<PathBuf>,
    /// A `#From` header of this architecture was not read (missing, or not uapi).
    from_unread: bool,
}

/// The headers to include and the files the `#From` lines stand for; what is not read
/// goes to `notes` (`other_arch`: the headers of other architectures).
fn includes(
    list: &NameList,
    session: &Session,
    extra: &[String],
    notes: &mut Vec<ListNote>,
    other_arch: &mut Vec<ListNote>,
) -> Included {
    let arch = session.target.kernel_arch;
    let target = session.target.name;
    let at = |line: u32| format!("{}:{line}", list.path.display());
    let mut out: Vec<(String, PathBuf)> = Vec::new();
    let mut from_paths = Vec::new();
    let mut from_unread = false;
    for (path, line) in &list.directives.from {
        match from_header(path, arch) {
            FromHeader::Include(names) => {
                let found: Vec<(String, PathBuf)> = names
                    .iter()
                    .filter_map(|n| Some((n.clone(), session.preprocessor.find_header(n).ok()?)))
                    .collect();
                let Some(first) = found.first() else {
                    from_unread = true;
                    notes.push(ListNote::FromNotFound {
                        at: at(*line),
                        path: path.clone(),
                        names: names.clone(),
                    });
                    continue;
                };
                // The file the list names (the generic one, reached through the arch's
                // header): where its constants are grouped as the list knows them.
                if let Some((n, p)) = found.last()
                    && Some(n) == names.last()
                {
                    from_paths.push(p.clone());
                }
                out.push(first.clone());
            }
            FromHeader::OtherArch(arch) => other_arch.push(ListNote::OtherArch {
                at: at(*line),
                path: path.clone(),
                arch: arch.to_string(),
                target,
            }),
            FromHeader::NotUapi => {
                from_unread = true;
                notes.push(ListNote::NotUapi {
                    at: at(*line),
                    path: path.clone(),
                })
            }
        }
    }
    for (name, line) in &list.directives.includes {
        match session.preprocessor.find_header(name) {
            Ok(p) => out.push((name.clone(), p)),
            Err(_) => notes.push(ListNote::IncludeNotFound {
                at: at(*line),
                name: name.clone(),
            }),
        }
    }
    for name in extra {
        let path = session
            .preprocessor
            .find_header(name)
            .unwrap_or_else(|_| name.into());
        out.push((name.clone(), path));
    }
    let mut seen = HashSet::new();
    out.retain(|(n, _)| seen.insert(n.clone()));
    Included {
        headers: out,
        from_paths,
        from_unread,
    }
}

/// The list, line for line, as C: C lines as written, entries as marker macros.
fn unit_text(list: &NameList) -> String {
    let mut text = String::new();
    let mut next = 1u32;
    for item in &list.items {
        while next < item.line {
            text.push('\n');
            next += 1;
        }
        match &item.kind {
            ItemKind::Cpp(l) => text.push_str(l),
            ItemKind::Entry { fallback, .. } => {
                let fallback = fallback.as_deref().unwrap_or("");
                let _ = write!(text, "#define {MARKER}{} {fallback}", item.line);
            }
        }
        text.push('\n');
        next += 1;
    }
    // Evaluated with the unit's final macros wherever they are defined: after the list.
    for e in list.entries() {
        if let Some(expr) = e.expr {
            let _ = writeln!(text, "#define {VALUE}{} ({expr})", e.line);
        }
    }
    text
}

/// A diagnostic of the unit as a message at the list's line (or the header's).
fn located(
    list: &NameList,
    session: &Session,
    first_line: u32,
    d: &crate::diag::Diagnostic,
) -> ResolveError {
    let at = |path: &std::path::Path, line| ResolveError::Unit {
        path: path.to_owned(),
        line,
        message: d.message.clone(),
    };
    let Some(loc) = d.loc else {
        return at(&list.path, None);
    };
    let pos = session.sm.position(loc);
    if pos.path.to_string_lossy().starts_with("<name list ") {
        return at(&list.path, Some(pos.line.saturating_sub(first_line)));
    }
    at(&pos.path, Some(pos.line))
}
