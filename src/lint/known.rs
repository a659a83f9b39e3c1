//! What one target's headers say about one header: its whole unit's constants (every
//! macro still defined at the end and every enumerator, as `gcc -dM` plus the enums), the
//! macros defined, and the names only skipped `#if` branches define.

use crate::constant::{ConstKind, Constant};
use crate::header::{Session, Unit};
use crate::preprocess::MacroEvent;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The constants of a header's unit, for one target.
pub struct Known {
    /// The header as included (`linux/bpf.h`).
    pub header: String,
    pub constants: Vec<Constant>,
    /// The unit read (its final macros and declarations evaluate the table's expressions).
    pub unit: Unit,
    by_name: HashMap<String, usize>,
    macros: HashSet<String>,
    /// Defined only in a skipped `#if` branch (another configuration has them).
    inactive: HashSet<String>,
    /// `path:line` of each constant, relative to the working directory when under it.
    at: Vec<String>,
    /// The file and line of each constant's definition.
    place: Vec<(crate::source::FileId, u32)>,
}

impl Known {
    /// Reads `header` in `session` (errors: the first line of the diagnostic).
    pub fn read(session: &mut Session, header: &str) -> Result<Known, String> {
        let hc = session
            .unit_constants(header, &|_| true)
            .map_err(|d| d.message.clone())?;
        let mut by_name = HashMap::new();
        for (k, c) in hc.constants.iter().enumerate() {
            by_name.entry(c.name.clone()).or_insert(k);
        }
        let macros = hc
            .unit
            .preprocessed
            .macros
            .keys()
            .map(|k| k.to_string())
            .collect();
        let inactive = hc
            .unit
            .preprocessed
            .history
            .iter()
            .filter_map(|e| match e {
                MacroEvent::Inactive { name, .. } => Some(name.clone()),
                _ => None,
            })
            .collect();
        let cwd = std::env::current_dir().unwrap_or_default();
        let at = hc
            .constants
            .iter()
            .map(|c| {
                let p = session.sm.position(c.loc);
                format!("{}:{}", shown(&p.path, &cwd), p.line)
            })
            .collect();
        let place = hc
            .constants
            .iter()
            .map(|c| (c.loc.file, session.sm.line(c.loc)))
            .collect();
        Ok(Known {
            place,
            header: header.to_string(),
            constants: hc.constants,
            unit: hc.unit,
            by_name,
            macros,
            inactive,
            at,
        })
    }

    pub fn get(&self, name: &str) -> Option<(usize, &Constant)> {
        let k = *self.by_name.get(name)?;
        Some((k, &self.constants[k]))
    }

    pub fn at(&self, k: usize) -> &str {
        &self.at[k]
    }

    /// Where constant `k` is defined: its file and line.
    pub fn place(&self, k: usize) -> (crate::source::FileId, u32) {
        self.place[k]
    }

    /// Whether a macro of that name is defined at the end of the unit.
    pub fn defined(&self, name: &str) -> bool {
        self.macros.contains(name)
    }

    pub fn is_inactive(&self, name: &str) -> bool {
        self.inactive.contains(name)
    }

    /// An enumerator of `enum tag`.
    pub fn in_enum(c: &Constant, tag: &str) -> bool {
        c.kind == ConstKind::Enumerator && c.enum_tag.as_deref() == Some(tag)
    }
}

/// `path` relative to `cwd` when under it, without a leading `./`.
fn shown(path: &Path, cwd: &Path) -> String {
    let p = path.strip_prefix(cwd).unwrap_or(path);
    let p = p.strip_prefix(".").unwrap_or(p);
    p.display().to_string()
}
