//! One table per target: one [`TableSpec`] built for several targets, so values that differ by
//! architecture (errno numbers on alpha, mips, parisc and sparc; syscall numbers everywhere)
//! come out of one run. Targets whose tables are identical share one table; the result maps
//! every target name to its table, which [`crate::render::render_per_target`] turns into a
//! lookup by architecture name.

use super::{Table, TableError, TableSpec};
use crate::header::Session;
use crate::preprocess::Options;
use crate::target::Target;
use serde::Serialize;

/// The tables of one spec for several targets.
#[derive(Clone, Debug, Serialize)]
pub struct PerTarget {
    pub name: String,
    /// Distinct tables, each named `<name>_<first target that has it>`.
    pub tables: Vec<Table>,
    /// Every target, in the order given, with the index of its table in `tables`.
    pub targets: Vec<(String, usize)>,
}

impl PerTarget {
    /// The table of a target (by its short name).
    pub fn table_of(&self, target: &str) -> Option<&Table> {
        let (_, i) = self.targets.iter().find(|(t, _)| t == target)?;
        self.tables.get(*i)
    }
}

/// Builds `spec` for each of `targets`, reading headers with `options(target)` (e.g. the
/// target's sysroot or its directories in a kernel tree). A header that cannot be read for
/// some target is an error naming the target.
pub fn build_per_target(
    spec: &TableSpec,
    targets: &[&'static Target],
    options: &dyn Fn(&Target) -> Result<Options, String>,
) -> Result<PerTarget, TableError> {
    let mut per_target = PerTarget {
        name: spec.name.clone(),
        tables: vec![],
        targets: vec![],
    };
    for &t in targets {
        let named = |e: String| TableError::Header(format!("target {}: {e}", t.name));
        let opts = options(t).map_err(named)?;
        let mut session = Session::new(t, opts);
        let mut table = spec.build(&mut session).map_err(|e| named(e.to_string()))?;
        let same = per_target
            .tables
            .iter()
            .position(|other| other.entries_eq(&table));
        let index = match same {
            Some(i) => i,
            None => {
                table.name = format!("{}_{}", spec.name, t.name);
                per_target.tables.push(table);
                per_target.tables.len() - 1
            }
        };
        per_target.targets.push((t.name.to_string(), index));
    }
    Ok(per_target)
}

impl Table {
    /// Same values under the same names and strings (where they were read from aside).
    fn entries_eq(&self, other: &Table) -> bool {
        let key = |t: &Table| -> Vec<(i128, String, String)> {
            t.entries
                .iter()
                .map(|e| (e.value, e.name.clone(), e.display.clone()))
                .collect()
        };
        self.shape == other.shape && self.base == other.base && key(self) == key(other)
    }
}
