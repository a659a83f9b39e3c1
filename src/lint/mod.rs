//! `deftab lint`: hand-kept lookup tables in C sources checked against the headers.
//!
//! A C file keeps tables of names by value (`static const char *bpf_cmd[] = {…}`,
//! `switch (x) { case SIGHUP: return "HUP"; … }`); when a header gains or renumbers a
//! constant such a table goes stale. This module finds the tables, matches each one to the
//! constants it mirrors, and reports per table and per target what disagrees.
//!
//! Which constants a table mirrors (`family`), from the header's structure:
//! - an enum (by the table's name as tag, its size's sentinel, or the enum most of its names
//!   belong to): its members up to the sentinel that ends it (`__MAX_BPF_CMD`, `*_MAX`,
//!   `*_CNT`, `NR_*`…); members after a sentinel are outside the table;
//! - else the `#define`s of the table's prefix, of which the table's own constants tell
//!   where its list is (`compare`'s `Run`: their lines, give or take an `#ifndef` group),
//!   the defines on the lines right next to them that share the prefix's first word (one
//!   block under one heading comment), and the blocks after the list whose values go on with
//!   its sequence (values one apart, not more than doubling its span);
//! - a table of whole constant names (no prefix): every constant of the files its names are
//!   defined in, placed the same way, each entry checked by name (one edit from a constant:
//!   `wrong`, with that constant).
//!
//! Layout: `report` (the findings model: [`TableReport`], [`Disagreement`], [`Kind`]) and
//! `render` (text and JSON, independent of how tables are found).

mod compare;
mod eval;
mod family;
mod fields;
pub mod find;
pub mod findings;
mod known;
pub mod manifest;
pub mod names;
pub mod render;
pub mod report;

pub use report::{Disagreement, FlatDisagreement, Kind, TableReport};

use crate::diag::Diagnostic;
use crate::header::Session;
use crate::header::index::{FileCache, HeaderIndex, Scope};
use crate::preprocess::Options;
use crate::source::SourceMap;
use crate::target::Target;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What to check: the C files, and the targets with the header options of each.
#[derive(Clone)]
pub struct Config {
    pub files: Vec<PathBuf>,
    pub targets: Vec<(&'static Target, Options)>,
    /// `[[lint]]` declarations and allow-lists.
    pub manifest: manifest::LintManifest,
    /// Read the second path (a file or directory) wherever the first would be read: the
    /// headers as they were before a change (`deftab lint --diff OLD NEW`).
    pub substitute: Option<(PathBuf, PathBuf)>,
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
    let mut sm = SourceMap::new();
    let mut diagnostics = Vec::new();
    let mut tables: Vec<(String, find::FoundTable)> = Vec::new();
    for path in &config.files {
        let shown = path.display().to_string();
        let id = match sm.load(path) {
            Ok((id, _)) => id,
            Err(e) => {
                diagnostics.push(Diagnostic::error(None, format!("{shown}: {e}")));
                continue;
            }
        };
        match find::tables(&sm, id) {
            Ok(found) => tables.extend(found.into_iter().map(|t| (shown.clone(), t))),
            Err(d) => diagnostics.push(d),
        }
    }
    let mut reports: Vec<TableReport> = tables
        .iter()
        .map(|(file, t)| TableReport::new(file, t.line, &t.name))
        .collect();
    let mut files = FileCache::default();
    // Per table, the targets it could not be checked for, and why.
    let mut skipped: Vec<Vec<(&str, String)>> = vec![Vec::new(); tables.len()];
    for (target, options) in &config.targets {
        let mut view = TargetView::new(target, options.clone(), &mut files);
        if let Some((from, to)) = &config.substitute {
            view.session.sm.substitute(from, to);
        }
        for (((file, t), report), skipped) in tables.iter().zip(&mut reports).zip(&mut skipped) {
            let earlier = report.unmatched.take();
            match config.manifest.find(file, &t.name) {
                Some(d) => view.check(&declared(t, d), Some(d), report),
                None => view.check(t, None, report),
            }
            if let Some(why) = report.unmatched.take() {
                skipped.push((target.name, why));
            }
            report.unmatched = earlier;
        }
    }
    for (r, skipped) in reports.iter_mut().zip(skipped) {
        if let Some(d) = config.manifest.find(&r.file, &r.table) {
            r.findings
                .retain(|f| !d.allows(f.name.as_deref(), f.has.as_deref()));
        }
        r.sort();
        note_skipped(r, skipped);
    }
    Outcome {
        reports,
        diagnostics,
        sm,
    }
}

/// What a header change makes stale (`deftab lint --diff OLD NEW`, `check-headers
/// --impact`): the findings with `config`'s headers, where `new` (a header or a
/// directory they read) is, that reading `old` in its place does not give. Tables left
/// with no finding are dropped. The problems are those of the run with `new` (the C
/// files, the same on both sides, are where they come from).
pub fn check_diff(config: &Config, old: &Path, new: &Path) -> Outcome {
    let mut after = check(&Config {
        substitute: None,
        ..config.clone()
    });
    let before = check(&Config {
        substitute: Some((new.to_path_buf(), old.to_path_buf())),
        ..config.clone()
    });
    after.reports = report::since(&before.reports, &after.reports);
    after
}

/// Nothing silent: a table checked for no target says why (`unmatched`); one checked for
/// some targets only says for which others it was not, and why (`unresolved`).
fn note_skipped(r: &mut TableReport, skipped: Vec<(&str, String)>) {
    if r.constants.is_none() {
        r.unmatched = skipped.into_iter().next().map(|(_, why)| why);
        return;
    }
    let mut by_why: Vec<(String, Vec<&str>)> = Vec::new();
    for (target, why) in skipped {
        match by_why.iter_mut().find(|(w, _)| *w == why) {
            Some((_, ts)) => ts.push(target),
            None => by_why.push((why, vec![target])),
        }
    }
    for (why, targets) in by_why {
        r.note_unresolved(format!("not checked for {}: {why}", targets.join(", ")));
    }
}

/// The table with what its `[[lint]]` entry says instead of what was inferred.
fn declared(t: &find::FoundTable, d: &manifest::Declaration) -> find::FoundTable {
    let mut t = t.clone();
    if let Some(p) = &d.prefix {
        t.prefix = Some(p.clone());
    }
    if let Some(o) = d.offset {
        t.offset = Some(vec![find::Tok {
            kind: crate::scan::TokenKind::Number,
            text: o.to_string(),
            line: t.line,
            bol: false,
        }]);
    }
    t
}

/// One target's headers: the text index, a session reading them, each header read once.
struct TargetView {
    target: &'static Target,
    session: Session,
    index: HeaderIndex,
    known: HashMap<String, Result<Rc<known::Known>, String>>,
}

impl TargetView {
    fn new(target: &'static Target, options: Options, files: &mut FileCache) -> TargetView {
        let dirs = crate::preprocess::angle_dirs(target, &options);
        let index = HeaderIndex::build(&dirs, Scope::Tree, files);
        TargetView {
            target,
            session: Session::new(target, options),
            index,
            known: HashMap::new(),
        }
    }

    /// Matches `t` and compares it, for this target.
    fn check(
        &mut self,
        t: &find::FoundTable,
        decl: Option<&manifest::Declaration>,
        report: &mut TableReport,
    ) {
        let asm_generic = self.session.preprocessor.options.asm_generic.clone();
        let chosen = match decl.and_then(|d| d.header.clone()) {
            Some(h) => Ok(h),
            None => family::choose_header(t, decl, &self.index, &asm_generic),
        };
        let header = match chosen {
            Ok(h) => h,
            Err(why) => {
                report.unmatched.get_or_insert(why);
                report.entries = report.entries.max(t.entries.len());
                return;
            }
        };
        let session = &mut self.session;
        let known = self
            .known
            .entry(header.clone())
            .or_insert_with(|| known::Known::read(session, &header).map(Rc::new))
            .clone();
        let known = match known {
            Ok(k) => k,
            Err(e) => {
                report.unmatched.get_or_insert(format!("{header}: {e}"));
                return;
            }
        };
        match family::family(t, decl.and_then(|d| d.enum_tag.as_deref()), &known) {
            Ok(f) => {
                report.constants.get_or_insert_with(|| f.label.clone());
                let mut ex = eval::Exprs::new(&mut self.session, &known);
                compare::compare(t, &f, &mut ex, self.target.name, report);
            }
            Err(why) => {
                report.unmatched.get_or_insert(why);
                report.entries = report.entries.max(t.entries.len());
            }
        }
    }
}

#[cfg(test)]
mod tests;
