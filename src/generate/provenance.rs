//! The provenance comment of a generated file: render's [`Origin`] (which deftab, the
//! command) written by `provenance/file.txt` as how to regenerate the file and, per table,
//! its headers (with content hashes), shape choice and dropped aliases. Paths are relative
//! to the root and nothing depends on the time, so output is reproducible.

use crate::render::{Lang, Origin, Provenance, comment as wrap};
use crate::select::Table;
use askama::Template;

#[derive(Template)]
#[template(path = "provenance/file.txt")]
struct FileComment<'a> {
    /// The comment marker each line starts with.
    p: &'a str,
    o: &'a Origin<'a>,
    path: &'a str,
}

/// The comment for a C or Rust file, ending with a blank line.
pub fn comment(lang: Lang, tables: &[Table], command: &str, path: &str) -> String {
    let o = Origin::new(command, tables);
    let body = |p: &str| {
        FileComment { p, o: &o, path }
            .render()
            .expect("the template only writes strings")
    };
    match lang {
        // Comment lines left empty lose the marker's trailing space.
        Lang::C => wrap(lang, body).replace(" * \n", " *\n"),
        Lang::Rust => wrap(lang, body),
        // JSON carries it in a `generator` object (see `json`); the text is kept for it.
        Lang::Json => format!("{command} (file {path})"),
    }
}

/// A JSON file: the table, with a `generator` object naming `command` when there is one.
pub fn json(table: &Table, command: Option<&str>) -> Result<String, crate::select::TableError> {
    let p = command.map(|c| Provenance {
        command: c.to_string(),
    });
    crate::render::render(table, Lang::Json, p.as_ref())
}
