//! The library entry point: read a spec's headers with a [`Session`] and select its table.

use super::{
    Input, Note, NoteKind, Source, Table, TableError, TableSpec, TextInput, is_text, select,
    select_text,
};
use crate::header::{HeaderConstants, Session};

/// A rendered diagnostic as an error message (the caller adds its own `error: `).
fn message(rendered: &str) -> String {
    rendered
        .trim_end()
        .strip_prefix("error: ")
        .unwrap_or(rendered.trim_end())
        .to_string()
}

impl TableSpec {
    /// Reads the spec's headers in `session` and builds the table. Warnings of the headers
    /// become notes of the table; an error in a header is an error.
    pub fn build(&self, session: &mut Session) -> Result<Table, TableError> {
        let for_arch = self.for_arch(session.target.kernel_arch);
        let this = for_arch.as_ref().unwrap_or(self);
        if let Some(list) = &this.read.names {
            return super::names::build_names(this, list, session);
        }
        if self.read.headers.is_empty() {
            return Err(TableError::Spec(format!(
                "table `{}` has no header",
                self.name
            )));
        }
        if is_text(this) {
            let mut table = this.build_text(session)?;
            table.target = Some(session.target.name.to_string());
            return Ok(table);
        }
        // A whole unit has many macros: evaluate only those a source can select.
        let wanted: Vec<regex::Regex> = self
            .read
            .sources
            .iter()
            .filter_map(|s| match s {
                Source::Define(re) => Some(super::filter::regex("define", re, true)),
                _ => None,
            })
            .collect::<Result<_, _>>()?;
        let mut read: Vec<HeaderConstants> = Vec::new();
        let mut notes = Vec::new();
        for h in &self.read.headers {
            session.defines_of_included = self.read.included;
            let hc = match self.read.whole_unit {
                true => {
                    session.unit_constants(h, &|name| wanted.iter().any(|re| re.is_match(name)))
                }
                false => session.constants(h),
            };
            session.defines_of_included = false;
            let hc = hc.map_err(|d| TableError::Header(message(&d.render(&session.sm))))?;
            for d in &hc.diagnostics {
                let text = d.render(&session.sm);
                if d.is_error() {
                    return Err(TableError::Header(message(&text)));
                }
                notes.push(Note::new(NoteKind::HeaderWarning, text.trim_end()));
            }
            read.push(hc);
        }
        let inputs: Vec<Input> = self
            .read
            .headers
            .iter()
            .zip(&read)
            .map(|(h, hc)| Input {
                header: h,
                path: &hc.unit.path,
                text: &session.sm.file(hc.unit.file).text,
                constants: &hc.constants,
                ioctls: Some(&hc.ioctls),
            })
            .collect();
        let mut table = match select(this, &inputs, &session.sm) {
            Err(TableError::NoMatch {
                headers,
                pattern,
                why,
            }) if !this.read.included && !this.read.whole_unit => {
                drop(inputs);
                drop(read);
                let why = why + &this.included_hint(session);
                return Err(TableError::NoMatch {
                    headers,
                    pattern,
                    why,
                });
            }
            t => t?,
        };
        notes.append(&mut table.notes);
        table.notes = notes;
        table.target = Some(session.target.name.to_string());
        Ok(table)
    }

    /// When a table of the headers' own constants selects nothing: whether the files they
    /// include have matches (`sys/mman.h` includes `bits/mman-linux.h`, where `MAP_*` are).
    fn included_hint(&self, session: &mut Session) -> String {
        let mut with_included = self.clone();
        with_included.read.included = true;
        match with_included.build(session) {
            Ok(t) if !t.entries.is_empty() => format!(
                "; the files they include have {} matching constant(s): add --included (`included = true` in a manifest)",
                t.entries.len() + t.aliases.len()
            ),
            _ => String::new(),
        }
    }

    /// The spec with the `arch_names` of architectures other than `arch` excluded; `None`
    /// when it has none.
    fn for_arch(&self, arch: &str) -> Option<TableSpec> {
        if self.filter.arch_names.is_empty() {
            return None;
        }
        let mut spec = self.clone();
        let others = self
            .filter
            .arch_names
            .iter()
            .filter(|(a, _)| a.as_str() != arch);
        spec.filter.exclude.extend(others.map(|(_, re)| re.clone()));
        Some(spec)
    }

    /// A text table: the headers' raw text, found like the preprocessor finds them; a
    /// missing header is `None` (the sources say whether that is an error).
    fn build_text(&self, session: &mut Session) -> Result<Table, TableError> {
        let mut files = Vec::new();
        session.preprocessor.provide_generated(&mut session.sm);
        for h in &self.read.headers {
            let path = match std::path::Path::new(h).is_file() {
                true => Some(std::path::PathBuf::from(h)),
                false => session.preprocessor.find_header(h).ok(),
            };
            let file = match &path {
                Some(p) => Some(match crate::target::include::text(p) {
                    Some(text) => session.sm.load_text(p, text),
                    None => {
                        let loaded = session.sm.load(p);
                        loaded.map_err(|e| TableError::Header(e.to_string()))?.0
                    }
                }),
                None => None,
            };
            let hash = file.map(|id| session.content_hash(id));
            files.push((path, file, hash));
        }
        let inputs: Vec<TextInput> = self
            .read
            .headers
            .iter()
            .zip(&files)
            .map(|(h, (path, file, hash))| TextInput {
                header: h,
                path: path
                    .as_ref()
                    .map_or_else(|| h.clone(), |p| p.display().to_string()),
                text: file.map(|id| session.sm.file(id).text.as_str()),
                hash: *hash,
            })
            .collect();
        select_text(self, &inputs)
    }
}
