//! `check-headers --impact`: each copy that drifted from its original, with a verdict on
//! whether syncing it matters — whether a table perf generates moves, a hand-kept table goes
//! stale, or a new constant escapes a table's pattern (a near miss) — or whether it only
//! silences the build's warning.
//!
//! The pairs come from [`Plan::copies`] (the tree's list, or a manifest's `[[copies]]`); each
//! is read as [`super::diff`] reads it; the tables are the manifests' ones built from the
//! copies and from the originals ([`moves`]); the entries that move are given to the pair
//! whose copy or original defines them.

mod changes;
mod hand;
pub mod message;
mod moves;
mod near;
pub mod text;

pub use changes::Shown;

use super::plan::Plan;
use super::semantic::ChangeKind;
use crate::generate::{Config, ManifestFile};
use crate::preprocess::Options;
use crate::target::Target;
use serde::Serialize;
use std::path::PathBuf;

/// What syncing a copy does, from the quietest to the loudest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Comments, layout, function-like macros, struct members: nothing a table sees.
    NoConstantChanged,
    /// Integer constants or enumerators added, removed or changed; no table moves.
    ConstantsChanged,
    /// A generated table moves, a hand-kept table goes stale, or a near miss.
    TablesChanged,
    /// A copy deftab does not read as a C header (`.c`, `.S`, `.txt`, `.awk`).
    NotAHeader,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NoConstantChanged => "no-constant-changed",
            Verdict::ConstantsChanged => "constants-changed",
            Verdict::TablesChanged => "tables-changed",
            Verdict::NotAHeader => "not-a-header",
        }
    }
}

/// One integer constant or enumerator (or, in a `.tbl` copy, one syscall) that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConstantChange {
    /// As the header spells it.
    pub name: String,
    pub change: ChangeKind,
    pub old: Option<Shown>,
    pub new: Option<Shown>,
    /// Where (`file:line`, the new side unless removed); text only.
    #[serde(skip)]
    pub at: String,
}

/// A generated table that moves with the sync: entry names as the header spells them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TableMove {
    /// The generated file (as the manifest names it).
    pub file: String,
    pub table: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
    /// The table cannot be built from the originals: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// One line per entry change (`+ NAME = VALUE  at FILE:LINE`); text only.
    #[serde(skip)]
    pub lines: Vec<String>,
}

/// A hand-kept table that the sync makes stale (as `deftab lint --diff` says).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HandTable {
    pub file: String,
    pub line: u32,
    pub table: String,
    pub findings: Vec<String>,
}

/// A constant the header gained in a table's family that the table's pattern misses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NearMiss {
    pub name: String,
    pub value: Option<Shown>,
    pub table: String,
    pub reason: String,
    /// Where the header defines it; text only.
    #[serde(skip)]
    pub at: String,
    /// The generated file of the table; text only.
    #[serde(skip)]
    pub file: String,
}

/// One drifted copy and what syncing it does.
#[derive(Clone, Debug, Serialize)]
pub struct CopyImpact {
    pub copy: String,
    pub original: String,
    pub verdict: Verdict,
    pub constants: Vec<ConstantChange>,
    pub tables: Vec<TableMove>,
    pub hand_tables: Vec<HandTable>,
    pub near_misses: Vec<NearMiss>,
    /// How the pair was read when not as a whole C header (stderr).
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl CopyImpact {
    fn new(copy: String, original: String) -> CopyImpact {
        CopyImpact {
            copy,
            original,
            verdict: Verdict::NoConstantChanged,
            constants: vec![],
            tables: vec![],
            hand_tables: vec![],
            near_misses: vec![],
            notes: vec![],
        }
    }

    /// The verdict from what was found (a copy not read as a header keeps its own).
    fn judge(&mut self) {
        self.verdict = if !self.tables.is_empty()
            || !self.hand_tables.is_empty()
            || !self.near_misses.is_empty()
        {
            Verdict::TablesChanged
        } else if self.verdict == Verdict::NotAHeader {
            Verdict::NotAHeader
        } else if !self.constants.is_empty() {
            Verdict::ConstantsChanged
        } else {
            Verdict::NoConstantChanged
        };
    }

    /// What the text's summary line counts: tables, else constants.
    pub fn count(&self) -> String {
        let n = |k: usize, one: &str, many: &str| match k {
            1 => format!("1 {one}"),
            k => format!("{k} {many}"),
        };
        match self.verdict {
            Verdict::TablesChanged => {
                let mut parts = vec![];
                if !self.tables.is_empty() {
                    parts.push(n(self.tables.len(), "table", "tables"));
                }
                if !self.hand_tables.is_empty() {
                    parts.push(n(
                        self.hand_tables.len(),
                        "hand-kept table",
                        "hand-kept tables",
                    ));
                }
                if !self.near_misses.is_empty() {
                    parts.push(n(self.near_misses.len(), "near miss", "near misses"));
                }
                parts.join(", ")
            }
            Verdict::ConstantsChanged => n(self.constants.len(), "constant", "constants"),
            Verdict::NoConstantChanged => "0 constants".into(),
            Verdict::NotAHeader => String::new(),
        }
    }
}

/// What `--impact` looks at.
pub struct Setup {
    /// The manifest whose `[[copies]]` list the pairs (else the tree's own list).
    pub copies: Option<ManifestFile>,
    /// The manifests whose tables are watched (in a kernel tree: perf's presets).
    pub manifests: Vec<ManifestFile>,
    /// The root (`--root`).
    pub cfg: Config,
    pub target: &'static Target,
    /// C files with hand-kept tables (lint's), checked for what each sync makes stale.
    pub hand_files: Vec<PathBuf>,
}

/// Every drifted copy, assessed; the notes (`note:`) and errors met on the way.
pub struct Impact {
    pub copies: Vec<CopyImpact>,
    pub root: PathBuf,
    pub notes: Vec<String>,
    pub errors: Vec<String>,
}

impl Impact {
    /// Whether a copy moves a table (what `--strict` fails on).
    pub fn tables_changed(&self) -> bool {
        self.copies
            .iter()
            .any(|c| c.verdict == Verdict::TablesChanged)
    }
}

/// Assesses every drifted copy of the tree.
pub fn assess(setup: &Setup) -> Result<Impact, String> {
    let mut plan = Plan::copies(
        setup.copies.as_ref(),
        &setup.cfg,
        setup.target,
        Options::default(),
    )?;
    let root = plan.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut notes = std::mem::take(&mut plan.notes);
    let mut errors = vec![];
    let mut copies = Vec::new();
    let mut compared = Vec::new();
    for pair in std::mem::take(&mut plan.pairs) {
        let (copy, original) = (rel(&pair.0, &root), rel(&pair.1, &root));
        let mut impact = CopyImpact::new(copy, original);
        let read = changes::read(&plan, pair, setup.target, &root, &mut impact);
        let read = read.unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        copies.push(impact);
        compared.push(read);
    }
    let pairs: Vec<(String, String)> = copies
        .iter()
        .map(|c| (c.copy.clone(), c.original.clone()))
        .collect();
    for mf in &setup.manifests {
        let found = moves::tables(&plan, mf, &setup.cfg, &root, &pairs);
        notes.extend(found.notes);
        errors.extend(found.errors);
        for (i, m) in found.moves {
            copies[i].tables.push(m);
        }
        let patterns = near::patterns(mf, &found.built, &root);
        for (c, cp) in copies.iter_mut().zip(&compared) {
            let readers: Vec<&near::Pattern> = patterns
                .iter()
                .filter(|p| p.reads(&c.copy, &c.original))
                .collect();
            if readers.is_empty() {
                continue;
            }
            for g in changes::gained(c, cp.as_ref(), &root) {
                c.near_misses
                    .extend(readers.iter().filter_map(|p| p.near_miss(&g)));
            }
        }
    }
    let constants: Vec<Vec<ConstantChange>> = copies.iter().map(|c| c.constants.clone()).collect();
    let stale = hand::stale(&root, setup.target, &setup.hand_files, &pairs, &constants);
    match stale {
        Ok(found) => {
            for (c, h) in copies.iter_mut().zip(found) {
                c.hand_tables = h;
            }
        }
        Err(e) => errors.push(e),
    }
    for c in &mut copies {
        c.judge();
    }
    Ok(Impact {
        copies,
        root,
        notes,
        errors,
    })
}

/// `path` relative to `root`, `/`-separated as the tree's lists spell it.
fn rel(path: &std::path::Path, root: &std::path::Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}
