//! GitHub Actions workflow commands, one line per finding:
//! `::error file=F,line=N,title=T::message`, escaped as the Actions toolkit escapes them
//! (`%`, CR and LF in the message; also `:` and `,` in properties).

use super::{Finding, Level};
use askama::Template;

#[derive(Template)]
#[template(path = "findings/github.txt")]
struct Commands {
    lines: Vec<Command>,
}

/// One workflow command, already escaped.
struct Command {
    name: &'static str,
    properties: String,
    message: String,
}

/// The workflow commands of `findings`, in order, each ending in a newline.
pub fn github(findings: &[Finding]) -> String {
    let lines = findings.iter().map(command).collect();
    Commands { lines }
        .render()
        .expect("the template only writes strings")
}

fn command(f: &Finding) -> Command {
    let name = match f.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    };
    let mut props = Vec::new();
    if let Some(file) = &f.file {
        props.push(format!("file={}", escape_property(file)));
        if let Some(line) = f.line {
            props.push(format!("line={line}"));
        }
    }
    if !f.title.is_empty() {
        props.push(format!("title={}", escape_property(&f.title)));
    }
    let properties = match props.is_empty() {
        true => String::new(),
        false => format!(" {}", props.join(",")),
    };
    Command {
        name,
        properties,
        message: escape_data(&f.message),
    }
}

/// The message (toolkit's `escapeData`).
pub(super) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value (toolkit's `escapeProperty`).
pub(super) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
