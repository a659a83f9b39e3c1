//! A name list as a table source (`names = "FILE"` in a spec, `deftab table --names`): the
//! entries active on the target in the list's order, each with the headers' value, or the
//! list's fallback where the headers lack the name (reported as a note).
//!
//! The headers are the list's `#From`/`#include` headers and the spec's `headers`. The
//! list's `#value_indexed` and `#sorted` choose the shape (array, sorted) when the spec
//! leaves it `auto`; every filter applies (`include`, `exclude`, `sentinels`, `arch_names`,
//! the value-text and value filters) and the string transforms; what does not apply to a
//! name list (sources, `included`, `whole_unit`, `strict`, `field`, …) is an error.

use super::{
    Entry, HeaderRef, Note, NoteKind, Shape, Table, TableError, TableSpec, filter, finish,
};
use crate::header::Session;
use crate::namelist::{self, ResolvedEntry};

/// Builds the table of the name list `path` for the session's target.
pub fn build_names(
    spec: &TableSpec,
    path: &str,
    session: &mut Session,
) -> Result<Table, TableError> {
    let list = namelist::read_file(std::path::Path::new(path))?;
    let resolved = namelist::resolve(&list, session, &spec.read.headers)?;
    let filters = filter::Filters::new(spec)?;
    reject_what_does_not_apply(spec)?;
    let mut notes: Vec<Note> = resolved
        .notes
        .iter()
        .map(|n| Note::new(NoteKind::ListHeader, n.to_string()))
        .collect();
    notes.extend(
        resolved
            .other_arch
            .iter()
            .map(|n| Note::new(NoteKind::OtherArchitecture, n.to_string())),
    );
    let mut entries = Vec::new();
    for e in &resolved.entries {
        if !filters.keeps_name(&e.name) {
            continue;
        }
        let at = format!("{path}:{}", e.line);
        match value_of(e) {
            Ok((value, from_header)) => {
                let (file, line, text) = match (&e.header, from_header) {
                    (Some(h), true) => (h.file.clone(), h.line, h.text.clone()),
                    _ => (path.to_string(), e.line, e.fallback.clone()),
                };
                if !filters.keeps_text(text.as_deref())? || !filters.keeps_value(value) {
                    continue;
                }
                if !from_header {
                    notes.push(Note::new(NoteKind::Fallback, format!(
                        "{at}: {} is not defined by the headers: its fallback {} = {value} is used",
                        e.name,
                        e.fallback.as_deref().unwrap_or_default()
                    )));
                }
                entries.push(Entry {
                    value,
                    name: e.name.clone(),
                    display: filters.transform(&e.name),
                    file,
                    line,
                    text,
                });
            }
            Err(why) => notes.push(Note::new(
                NoteKind::NoValue,
                format!("{at}: {}: {why}: left out", e.name),
            )),
        }
    }
    notes.extend(filters.unused_notes());
    let mut headers: Vec<HeaderRef> = resolved
        .headers
        .iter()
        .map(|(name, p)| header_ref(name, p, session))
        .collect();
    headers.insert(0, header_ref(path, std::path::Path::new(path), session));
    let mut spec = spec.clone();
    if spec.layout.shape == Shape::Auto {
        if list.directives.value_indexed {
            spec.layout.shape = Shape::Array;
        } else if list.directives.sorted {
            spec.layout.shape = Shape::Sorted;
        }
    }
    let mut table = finish(&spec, entries, headers, notes, false)?;
    table.target = Some(session.target.name.to_string());
    Ok(table)
}

/// A name list is the table's source: sources, the files the headers include, the whole
/// unit and a `field` mean nothing for it, so a spec that sets them is an error (not
/// ignored).
fn reject_what_does_not_apply(spec: &TableSpec) -> Result<(), TableError> {
    let read = &spec.read;
    let set: Vec<&str> = [
        (!read.sources.is_empty(), "sources"),
        (read.included, "included"),
        (read.whole_unit, "whole_unit"),
        (read.strict, "strict"),
        (read.skip_undefined_records, "skip_undefined_records"),
        (spec.layout.field.is_some(), "field"),
    ]
    .into_iter()
    .filter_map(|(on, key)| on.then_some(key))
    .collect();
    match set.is_empty() {
        true => Ok(()),
        false => Err(TableError::Spec(format!(
            "table `{}`: a name list is the table's source; {} do(es) not apply to it",
            spec.name,
            set.join(", ")
        ))),
    }
}

/// The headers' value (`true`) or else the fallback's (`false`); `Err` says why neither.
fn value_of(e: &ResolvedEntry) -> Result<(i128, bool), String> {
    let header = e.header.as_ref().map(|h| h.value.as_ref().map(|v| v.value));
    if e.expr.is_some() && header.is_none() {
        // The fallback of `A-1 1` is A's, not the entry's.
        return Err("the headers do not define what the expression uses".into());
    }
    match (header, &e.fallback_value) {
        (Some(Ok(v)), _) => Ok((v, true)),
        (_, Some(Ok(v))) => Ok((v.value, false)),
        (Some(Err(why)), _) => Err(format!("the headers give it no value ({why})")),
        (None, Some(Err(why))) => Err(format!(
            "not defined by the headers, and its fallback has no value ({why})"
        )),
        (None, None) => Err("not defined by the headers and has no fallback".into()),
    }
}

fn header_ref(name: &str, path: &std::path::Path, session: &mut Session) -> HeaderRef {
    let hash = session
        .sm
        .load(path)
        .map(|(id, _)| format!("{:016x}", session.content_hash(id)))
        .unwrap_or_else(|_| "0".repeat(16));
    HeaderRef {
        header: name.to_string(),
        path: path.display().to_string(),
        fnv1a64: hash,
    }
}
