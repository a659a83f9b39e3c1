//! Why a table could not be built. Every message names the header(s), the pattern and why.

/// An error building or rendering a table.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The spec itself is unusable (no name, no source, a bad regex, …).
    #[error("{0}")]
    Spec(String),
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
    /// The table does not fit the shape asked for.
    #[error("table `{table}`: {why}")]
    Shape { table: String, why: String },
}
