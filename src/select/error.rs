//! Why a table could not be built. Every message names the header(s), the pattern and why.

/// An error building or rendering a table.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The spec itself is unusable (no name, no source, a bad regex, …).
    #[error("{0}")]
    Spec(String),
    /// A pattern that is not a regex: the key that gave it (`define`, `include`, `regex`, …),
    /// the pattern as written (not inside deftab's anchors) and what is wrong where
    /// ([`regex_problem`]).
    #[error("invalid regex '{pattern}': {problem}")]
    Regex {
        key: &'static str,
        pattern: String,
        problem: String,
    },
    /// A header could not be read.
    #[error("{0}")]
    Header(String),
    /// A source selected nothing, or the filters left nothing.
    #[error("{headers}: {pattern} {why}")]
    NoMatch {
        headers: String,
        pattern: String,
        why: String,
    },
    /// `--enum TAG` names no enum of the headers.
    #[error("{headers}: --enum {tag}: no enum has this tag{near}")]
    NoEnum {
        headers: String,
        tag: String,
        near: String,
    },
    /// Selected constants without a value.
    #[error("{headers}: {count} selected constant(s) have no value:\n{list}")]
    NoValue {
        headers: String,
        count: usize,
        list: String,
    },
    /// An alias under the `error` policy.
    #[error("{0}")]
    Alias(String),
    /// A syscall table (`.tbl`) is malformed or lacks an ABI asked for: at its file:line.
    #[error("{}{}", .0, .0.notes.iter().map(|n| format!("\n  = note: {n}")).collect::<String>())]
    SyscallTable(#[from] crate::target::syscall_tbl::TblError),
    /// A name list that cannot be read, at its file:line.
    #[error(transparent)]
    NameList(#[from] crate::namelist::NameListError),
    /// A name list that cannot be read for the target (a bad `#Pattern`, an error in the
    /// list's unit).
    #[error(transparent)]
    ListUnit(#[from] crate::namelist::ResolveError),
    /// The machine to read the headers for is not one deftab knows.
    #[error(transparent)]
    Machine(#[from] crate::target::cargo::MachineError),
    /// The table does not fit the shape asked for.
    #[error("table `{table}`: {why}")]
    Shape { table: String, why: ShapeProblem },
}

/// Why a table does not fit its shape or language (found while rendering it).
#[derive(Debug, thiserror::Error)]
pub enum ShapeProblem {
    #[error("flag masks cannot be negative ({0})")]
    NegativeMask(i128),
    #[error("values {min}..={max} do not fit one 64-bit type")]
    TooWide { min: i128, max: i128 },
    /// An entry of a bit shape (or a `{bit}`/`{shift}` placeholder) at its file:line.
    #[error("{file}:{line}: {name} = {value} is not a single bit")]
    NotSingleBit {
        file: String,
        line: u32,
        name: String,
        value: i128,
    },
    #[error("{name} = {value} is below the array base {base}")]
    BelowBase {
        name: String,
        value: i128,
        base: i128,
    },
    #[error("an array of {len} slots is too large (limit {limit}): use --shape switch or sorted")]
    TooManySlots { len: i128, limit: i128 },
    /// Two entries of a name → value shape with the same displayed name.
    #[error(
        "`{display}` names both {first} and {second}: a name → value lookup needs distinct names"
    )]
    SharedName {
        display: String,
        first: String,
        second: String,
    },
    #[error("a `_name` function is for array tables")]
    NotAnArray,
    #[error("template: {0}")]
    Template(#[source] askama::Error),
}

/// What is wrong with a pattern the regex crate refused, about the pattern as written:
/// ``unclosed group at `(` (character 3)``. Errors that are not about the syntax (a size
/// limit) are said as the crate says them. `unicode`: how the pattern was compiled.
pub fn regex_problem(pattern: &str, unicode: bool, error: &regex::Error) -> String {
    let parsed = regex_syntax::ParserBuilder::new()
        .unicode(unicode)
        .utf8(unicode)
        .build()
        .parse(pattern);
    let (kind, span) = match parsed {
        Err(regex_syntax::Error::Parse(e)) => (e.kind().to_string(), *e.span()),
        Err(regex_syntax::Error::Translate(e)) => (e.kind().to_string(), *e.span()),
        _ => return error.to_string(),
    };
    let text = &pattern[span.start.offset..span.end.offset];
    let column = span.start.column;
    match (text.is_empty(), span.start.line) {
        (true, 1) => format!("{kind} (character {column})"),
        (true, line) => format!("{kind} (line {line}, character {column})"),
        (false, 1) => format!("{kind} at `{text}` (character {column})"),
        (false, line) => format!("{kind} at `{text}` (line {line}, character {column})"),
    }
}
