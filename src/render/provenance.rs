//! Provenance: the facts a generated file states about where it came from (this deftab, the
//! command, and per table its target, headers with content hashes, shape choice and dropped
//! aliases), held once in [`Origin`] and written by two templates: `provenance/table.txt`
//! for `deftab table`'s one table (here) and `provenance/file.txt` for a generated file's
//! tables (in `generate`). [`comment`] wraps either in C or Rust comment markers, and
//! [`with_generator`] puts the same facts in JSON.

use super::Lang;
use crate::select::Table;
use askama::Template;

/// What produced a table, for the header of the generated file.
#[derive(Clone, Debug, Default)]
pub struct Provenance {
    /// The exact command line or manifest (`deftab table linux/fadvise.h --define …`).
    pub command: String,
}

/// The facts of a provenance comment: which deftab, which command, which tables.
pub struct Origin<'a> {
    pub version: &'static str,
    pub command: &'a str,
    pub tables: &'a [Table],
}

impl<'a> Origin<'a> {
    pub fn new(command: &'a str, tables: &'a [Table]) -> Self {
        let version = env!("CARGO_PKG_VERSION");
        Origin {
            version,
            command,
            tables,
        }
    }
}

/// `deftab table`'s comment: one table, the command on one line.
#[derive(Template)]
#[template(path = "provenance/table.txt")]
struct TableComment<'a> {
    /// The comment marker each line starts with.
    p: &'a str,
    o: &'a Origin<'a>,
}

/// Comment markers around the lines `body` writes, each starting with the marker it is
/// given: a C block comment (a `*/` inside becomes `*\/`) or Rust line comments, each
/// ending with a blank line.
pub fn comment(lang: Lang, body: impl Fn(&str) -> String) -> String {
    match lang {
        Lang::C => format!("/*\n{} */\n\n", body(" * ").replace("*/", "*\\/")),
        _ => body("// ") + "\n",
    }
}

/// The comment `deftab table` puts before `table` (C for [`Lang::C`], else Rust).
pub fn table_comment(lang: Lang, table: &Table, p: &Provenance) -> String {
    // A newline would end a Rust line comment: the command is shown on one line.
    let command = p.command.replace('\n', " ");
    let origin = Origin::new(&command, std::slice::from_ref(table));
    comment(lang, |marker| {
        TableComment {
            p: marker,
            o: &origin,
        }
        .render()
        .expect("the template only writes strings")
    })
}

/// Adds the `generator` object (the same facts as the comments' first lines) to a JSON
/// object, when there is a provenance.
pub fn with_generator(value: &mut serde_json::Value, p: Option<&Provenance>) {
    if let (Some(p), Some(obj)) = (p, value.as_object_mut()) {
        let origin = Origin::new(&p.command, &[]);
        obj.insert(
            "generator".into(),
            serde_json::json!({ "deftab": origin.version, "command": origin.command }),
        );
    }
}

/// Adds `"value_text"` beside every `"value"` a double cannot hold exactly (JavaScript
/// readers lose precision above 2^53 - 1), at any depth.
pub fn add_exact_texts(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(obj) => {
            let text = obj
                .get("value")
                .and_then(|v| v.as_i64().map(i128::from).or(v.as_u64().map(i128::from)))
                .and_then(crate::constant::exact_text);
            if let Some(text) = text {
                obj.insert("value_text".into(), text.into());
            }
            obj.values_mut().for_each(add_exact_texts);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(add_exact_texts),
        _ => {}
    }
}

/// The table as JSON, with a `generator` object when there is a provenance.
pub fn json(table: &Table, p: Option<&Provenance>) -> String {
    let mut value = serde_json::to_value(table).expect("plain data serializes");
    add_exact_texts(&mut value);
    with_generator(&mut value, p);
    serde_json::to_string_pretty(&value).expect("plain data serializes") + "\n"
}
