//! `generate`: a manifest (or a built-in preset) → the text of every file it lists, then
//! written atomically or checked against what is on disk.
//!
//! [`ManifestFile::load`] parses a manifest ([`manifest`] has the format), [`build`] reads
//! the headers (one [`Session`] per distinct preprocessing configuration, so headers shared
//! by tables are read once) and renders every file in memory; nothing is written unless every
//! table was built. [`write`] then writes or checks the files. Output depends only on the
//! manifest and the headers' text: no timestamps, no absolute paths of the root.

mod each;
mod error;
pub mod findings;
mod key_span;
pub mod manifest;
mod options;
pub mod presets;
mod provenance;
mod table;
pub mod write;

pub use error::{GenerateError, ManifestError};
pub use manifest::Manifest;

use crate::header::Session;
use crate::render::{Lang, render_in_file};
use crate::select::Table;
use manifest::{ItemKind, PpOptions};
use options::{Dirs, PpKey};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A parsed manifest with its text (for error positions) and the name errors use.
pub struct ManifestFile {
    pub name: String,
    pub text: String,
    pub manifest: Manifest,
    /// Where a relative `root` of the manifest is resolved from.
    pub base: PathBuf,
}

impl ManifestFile {
    pub fn load(name: &str, text: &str, base: &Path) -> Result<ManifestFile, ManifestError> {
        Ok(ManifestFile {
            name: name.to_string(),
            text: text.to_string(),
            manifest: Manifest::parse(name, text)?,
            base: base.to_path_buf(),
        })
    }

    /// Reads a manifest file; a relative `root` in it is relative to the working directory.
    pub fn read(path: &Path) -> Result<ManifestFile, GenerateError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| GenerateError::Io(format!("{}: {e}", path.display())))?;
        Ok(ManifestFile::load(
            &path.display().to_string(),
            &text,
            Path::new(""),
        )?)
    }

    fn error(&self, span: &Range<usize>, message: impl std::fmt::Display) -> ManifestError {
        ManifestError::new(&self.name, &self.text, span.clone(), &message.to_string())
    }
}

/// How to run a manifest.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Replaces the manifest's `root` (default: the working directory).
    pub root: Option<PathBuf>,
    /// Replaces the manifest's default target (tables that set their own keep it).
    pub target: Option<String>,
    /// False: no provenance comment in any file.
    pub provenance: bool,
    /// How to run it again, for the provenance comment (`deftab generate --preset uapi`).
    pub command: String,
    /// (from, to): headers read from `to` wherever the manifest reads `from` (a file or a
    /// directory), by path, through `-I` and `#include` alike: the tables of one header
    /// version built against another (`deftab diff --manifest`).
    pub redirects: Vec<(PathBuf, PathBuf)>,
    /// Threads to build files on (0 or 1: the calling thread only).
    pub jobs: usize,
}

/// One generated file, in memory.
#[derive(Clone, Debug)]
pub struct Output {
    /// Relative to the output directory, `/`-separated as in the manifest.
    pub path: String,
    pub text: String,
    pub tables: Vec<Table>,
}

/// Builds every file of the manifest, on `cfg.jobs` threads (files are independent; each
/// thread has its own sessions, and the output is the same whatever the number). The first
/// file (in manifest order) that fails stops the run, with the position of its item.
pub fn build(mf: &ManifestFile, cfg: &Config) -> Result<Vec<Output>, GenerateError> {
    let m = &mf.manifest;
    let dirs = resolve_dirs(mf, cfg)?;
    let mut base = m.options.clone();
    if cfg.target.is_some() {
        base.target = cfg.target.clone();
    }
    // What needs no header is checked first, in order; only the files that pass are built.
    let checked: Vec<Result<Lang, ManifestError>> = m
        .files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let span = file.span();
            let file = file.get_ref();
            check_path(&file.path).map_err(|e| mf.error(&span, e))?;
            if m.files[..i].iter().any(|f| f.get_ref().path == file.path) {
                return Err(mf.error(&span, format!("`{}` is listed twice", file.path)));
            }
            file.lang().ok_or_else(|| {
                mf.error(
                    &span,
                    format!("`{}`: cannot tell the language from the name", file.path),
                )
                .with_hint("add `lang = \"c\"` (or \"rust\", \"json\")")
            })
        })
        .collect();
    let todo: Vec<usize> = (0..m.files.len()).collect();
    let built = crate::jobs::map_ordered(
        &todo,
        cfg.jobs.max(1),
        HashMap::<PpKey, Session>::new,
        |sessions, &i| match &checked[i] {
            Ok(lang) => Some(build_file(mf, cfg, &dirs, &base, i, *lang, sessions)),
            Err(_) => None,
        },
    );
    let mut outputs = Vec::with_capacity(built.len());
    for (check, result) in checked.into_iter().zip(built) {
        check?;
        if let Some(r) = result {
            outputs.push(r?);
        }
    }
    Ok(outputs)
}

/// One file of the manifest, rendered in memory.
fn build_file(
    mf: &ManifestFile,
    cfg: &Config,
    dirs: &Dirs,
    base: &PpOptions,
    index: usize,
    lang: Lang,
    sessions: &mut HashMap<PpKey, Session>,
) -> Result<Output, ManifestError> {
    let file = &mf.manifest.files[index];
    let span = file.span();
    let file = file.get_ref();
    let file_opts = base.merged(&file.options);
    let mut tables = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    for item in &file.items {
        let ispan = item.span();
        let item = item.get_ref();
        let kind = item.kind().map_err(|e| mf.error(&ispan, e))?;
        // `each` repeats the item once per glob match; otherwise it is used once, as is.
        let instances = match &item.each {
            Some(e) => each::instances(e, dirs)
                .map_err(|e| mf.error(&ispan, e))?
                .into_iter()
                .map(Some)
                .collect(),
            None => vec![None],
        };
        for inst in &instances {
            match &kind {
                ItemKind::Text(t) => parts.push(Part::Text(
                    match inst {
                        Some(i) => i.fill(t),
                        None => t.to_string(),
                    }
                    // The root as given: perf's generated files name the header they
                    // were made from by the path its Makefile passed.
                    .replace("{root}", &dirs.root.to_string_lossy()),
                )),
                ItemKind::Table(spec) => {
                    let spec = match inst {
                        Some(i) => i.fill_spec(spec).map_err(|e| mf.error(&ispan, e))?,
                        None => (*spec).clone(),
                    };
                    let opts = file_opts.merged(&item.options);
                    let table = build_table(&spec, &opts, dirs, sessions).map_err(|f| {
                        // At the key the error is about, when it can be found.
                        let span = f
                            .key
                            .and_then(|(k, v)| key_span::key_span(&mf.text, &ispan, k, &v))
                            .unwrap_or(ispan.clone());
                        mf.error(&span, format!("table `{}`: {}", spec.name, f.message))
                    })?;
                    parts.push(Part::Table(tables.len()));
                    tables.push(table);
                }
            }
        }
    }
    let provenance = cfg.provenance && file.provenance.unwrap_or(true);
    let head = match provenance {
        true => provenance::comment(lang, &tables, &cfg.command, &file.path),
        false => String::new(),
    };
    let text = assemble(&file.prologue, &head, &parts, &tables, lang, &file.epilogue)
        .map_err(|e| mf.error(&span, format!("`{}`: {e}", file.path)))?;
    Ok(Output {
        path: file.path.clone(),
        text,
        tables,
    })
}

enum Part {
    Text(String),
    Table(usize),
}

/// prologue, provenance, the items in order, epilogue. A JSON file holds one table.
fn assemble(
    prologue: &str,
    head: &str,
    parts: &[Part],
    tables: &[Table],
    lang: Lang,
    epilogue: &str,
) -> Result<String, AssembleError> {
    if lang == Lang::Json {
        return match (parts, tables) {
            ([Part::Table(_)], [t]) if prologue.is_empty() && epilogue.is_empty() => {
                provenance::json(t, (!head.is_empty()).then_some(head)).map_err(AssembleError::from)
            }
            _ => Err(AssembleError::JsonShape),
        };
    }
    let mut out = String::from(prologue);
    out += head;
    let mut prelude_written = false;
    for p in parts {
        match p {
            Part::Text(t) => out += t.as_str(),
            Part::Table(i) => out += &render_in_file(&tables[*i], lang, &mut prelude_written)?,
        }
    }
    out += epilogue;
    Ok(out)
}

/// Why a file's text cannot be put together from its parts.
#[derive(Debug, thiserror::Error)]
enum AssembleError {
    #[error("a JSON file holds exactly one table and no text")]
    JsonShape,
    #[error(transparent)]
    Render(#[from] crate::select::TableError),
}

/// Why a table of the manifest failed, and the key and value (as written) the error is
/// about, when it is about one.
struct TableFailure {
    message: String,
    key: Option<(&'static str, String)>,
}

impl From<options::PpKeyError> for TableFailure {
    fn from(e: options::PpKeyError) -> TableFailure {
        TableFailure {
            message: e.to_string(),
            key: None,
        }
    }
}

impl From<crate::target::UnknownTarget> for TableFailure {
    fn from(e: crate::target::UnknownTarget) -> TableFailure {
        TableFailure {
            message: e.to_string(),
            key: None,
        }
    }
}

impl TableFailure {
    fn at(key: &'static str, value: &str) -> impl FnOnce(options::UnknownDir) -> TableFailure {
        move |e| TableFailure {
            message: e.to_string(),
            key: Some((key, value.to_string())),
        }
    }
}

/// Reads a table's headers in the session of its preprocessing options, and makes its
/// paths relative to the root.
fn build_table(
    spec: &crate::select::TableSpec,
    opts: &PpOptions,
    dirs: &Dirs,
    sessions: &mut HashMap<PpKey, Session>,
) -> Result<Table, TableFailure> {
    let key = PpKey::new(opts, dirs)?;
    let mut spec = spec.clone();
    let written = spec.read.headers.clone();
    for (h, w) in spec.read.headers.iter_mut().zip(&written) {
        *h = dirs
            .expand(h, key.triplet())
            .map_err(TableFailure::at("headers", w))?;
    }
    if let Some(list) = &mut spec.read.names {
        let w = list.clone();
        *list = dirs
            .expand(list, key.triplet())
            .map_err(TableFailure::at("names", &w))?;
    }
    let session = match sessions.entry(key) {
        std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
        std::collections::hash_map::Entry::Vacant(v) => {
            let mut s = v.key().session()?;
            for (from, to) in &dirs.redirects {
                s.sm.substitute(from, to);
            }
            v.insert(s)
        }
    };
    let mut table = spec.build(session).map_err(|e| TableFailure {
        message: e.to_string(),
        key: match &e {
            crate::select::TableError::Regex { key, pattern, .. } => Some((key, pattern.clone())),
            _ => None,
        },
    })?;
    for (h, w) in table.headers.iter_mut().zip(written) {
        h.header = w;
        h.path = dirs.relative(&h.path);
    }
    // Entries come file by file: each run of one path is made relative once.
    let mut last: Option<(String, String)> = None;
    let entry_files = table.entries.iter_mut().map(|e| &mut e.file);
    for file in entry_files.chain(table.aliases.iter_mut().map(|a| &mut a.file)) {
        match &last {
            Some((from, to)) if from == file => file.clone_from(to),
            _ => {
                let to = dirs.relative(file);
                last = Some((std::mem::replace(file, to.clone()), to));
            }
        }
    }
    for n in &mut table.notes {
        if let Some(rest) = n.text.strip_prefix(&format!("{}/", dirs.root.display())) {
            n.text = rest.to_string();
        }
    }
    Ok(table)
}

/// A `[[copies]]` entry with its paths expanded, relative to the root when inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyEntry {
    pub copy: String,
    pub original: String,
    pub blank: bool,
    pub ignore: Vec<String>,
}

/// The root (as [`build`] resolves it; `.` for the working directory) and the manifest's
/// `[[copies]]`, `$name`s expanded.
pub fn copies(mf: &ManifestFile, cfg: &Config) -> Result<(PathBuf, Vec<CopyEntry>), ManifestError> {
    let dirs = resolve_dirs(mf, cfg)?;
    let opts = match &cfg.target {
        Some(t) => mf.manifest.options.merged(&PpOptions {
            target: Some(t.clone()),
            ..PpOptions::default()
        }),
        None => mf.manifest.options.clone(),
    };
    let mut out = Vec::new();
    for c in &mf.manifest.copies {
        let span = c.span();
        let c = c.get_ref();
        let triplet = PpKey::new(&opts, &dirs)
            .map_err(|e| mf.error(&span, e))?
            .triplet();
        let path = |p: &str| {
            dirs.expand(p, triplet)
                .map(|e| dirs.relative(&e))
                .map_err(|e| mf.error(&span, e))
        };
        out.push(CopyEntry {
            copy: path(&c.copy)?,
            original: path(&c.original)?,
            blank: c.blank.unwrap_or(true),
            ignore: c.ignore.clone(),
        });
    }
    let root = match dirs.root.as_os_str().is_empty() {
        true => PathBuf::from("."),
        false => dirs.root,
    };
    Ok((root, out))
}

/// The root (`--root`, else the manifest's `root`, else the working directory) and the
/// `[dirs]` under it.
fn resolve_dirs(mf: &ManifestFile, cfg: &Config) -> Result<Dirs, ManifestError> {
    let root = match (&cfg.root, &mf.manifest.root) {
        (Some(r), _) => r.clone(),
        (None, Some(r)) => mf.base.join(r),
        (None, None) => PathBuf::new(),
    };
    let mut named = std::collections::BTreeMap::new();
    for (name, dir) in &mf.manifest.dirs {
        if ["triplet", "cc_triplet", "arch"].contains(&name.as_str()) {
            return Err(mf.error(
                &dir.span(),
                format!("`{name}` is reserved (the target's {name})"),
            ));
        }
        named.insert(name.clone(), root.join(dir.get_ref()));
    }
    let redirects = cfg
        .redirects
        .iter()
        .map(|(from, to)| {
            (
                std::fs::canonicalize(from).unwrap_or(from.clone()),
                to.clone(),
            )
        })
        .collect();
    Ok(Dirs {
        root,
        named,
        redirects,
    })
}

/// An output path must stay inside the output directory.
fn check_path(path: &str) -> Result<(), OutsidePath> {
    let p = Path::new(path);
    let inside = p
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    match inside && !path.is_empty() {
        true => Ok(()),
        false => Err(OutsidePath(path.to_string())),
    }
}

/// A file path that would leave the output directory.
#[derive(Debug, thiserror::Error)]
#[error("`{0}`: a file path must be relative to the output directory, without `..`")]
struct OutsidePath(String);

#[cfg(test)]
mod tests;
