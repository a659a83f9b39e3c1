//! `deftab dump`: every constant of the named headers, with its value or why it has none.

use super::jobs::{JobsArgs, map_ordered};
use super::output::{eprint, error, print, rendered_diagnostic};
use super::{EXIT_ERROR, EXIT_OK, HeaderArgs};
use crate::constant::{ConstKind, Constant};
use crate::header::Session;
use crate::ioctl::Ioctl;
use crate::source::SourceMap;
use clap::{ArgMatches, Args, ValueEnum};
use std::fmt::Write as _;

pub const EXAMPLES: &str = "Examples:
  deftab dump linux/fadvise.h
  deftab dump --target i386 --format json linux/fs.h
  deftab dump -I include/uapi -D__KERNEL__ path/to/header.h";

#[derive(Args, Debug)]
pub struct DumpArgs {
    #[command(flatten)]
    pub headers: HeaderArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Headers: paths, or names looked up like `#include <NAME>`.
    #[arg(required = true, value_name = "HEADER")]
    pub files: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// One header's share of the output, rendered by the thread that read it (a unit is
/// dropped as soon as it is rendered: memory stays that of one unit per thread).
struct HeaderOutput {
    /// Text lines, or the pretty JSON objects of its constants.
    items: Vec<String>,
    /// Rendered diagnostics, for stderr.
    diagnostics: String,
    failed: bool,
}

pub fn run(args: DumpArgs, matches: Option<&ArgMatches>) -> u8 {
    let (target, options) = match args.headers.resolve(matches) {
        Ok(r) => r,
        Err(e) => {
            error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let format = args.format;
    let outputs = map_ordered(
        &args.files,
        args.jobs.threads(),
        || Session::new(target, options.clone()),
        |session, name| read_header(session, name, format),
    );
    let mut failed = false;
    let mut items = Vec::new();
    for o in outputs {
        eprint(&o.diagnostics);
        failed |= o.failed;
        items.extend(o.items);
    }
    let out = match format {
        Format::Text => items.concat(),
        Format::Json => json_array(&items),
    };
    if !print(&out) {
        return EXIT_ERROR;
    }
    if failed { EXIT_ERROR } else { EXIT_OK }
}

fn read_header(session: &mut Session, name: &str, format: Format) -> HeaderOutput {
    let mut out = HeaderOutput {
        items: Vec::new(),
        diagnostics: String::new(),
        failed: false,
    };
    let hc = match session.constants(name) {
        Ok(hc) => hc,
        Err(d) => {
            out.diagnostics += &rendered_diagnostic(&d, &session.sm).unwrap_or_default();
            out.failed = true;
            return out;
        }
    };
    for d in &hc.diagnostics {
        out.diagnostics += &rendered_diagnostic(d, &session.sm).unwrap_or_default();
        out.failed |= d.is_error();
    }
    for c in &hc.constants {
        let ioctl = hc.ioctls.get(&c.name);
        out.items.push(match format {
            Format::Text => {
                let mut line = String::new();
                text_line(&mut line, &session.sm, c, ioctl);
                line
            }
            Format::Json => {
                let mut j = c.to_json(&session.sm);
                j.ioctl = ioctl.cloned();
                serde_json::to_string_pretty(&j).expect("plain data serializes")
            }
        });
    }
    out
}

/// The pretty JSON array of already pretty-printed objects, as `to_string_pretty` of the
/// whole list would write it (strings are escaped, so every line break is structure).
fn json_array(objects: &[String]) -> String {
    if objects.is_empty() {
        return "[]\n".to_string();
    }
    let mut out = String::from("[\n");
    for (i, o) in objects.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        for (n, line) in o.lines().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.push_str("  ");
            out.push_str(line);
        }
    }
    out.push_str("\n]\n");
    out
}

/// `path:line: NAME = 4` — with hex, a type other than `int`, the enum tag and an ioctl's
/// fields in parentheses.
fn text_line(out: &mut String, sm: &SourceMap, c: &Constant, ioctl: Option<&Ioctl>) {
    let pos = sm.position(c.loc);
    let _ = write!(out, "{}:{}: {}", pos.path.display(), pos.line, c.name);
    match &c.value {
        Ok(v) => {
            let _ = write!(out, " = {}", v.value);
            let mut notes = Vec::new();
            if !(-9..=9).contains(&v.value) {
                notes.push(if v.value < 0 {
                    format!("-{:#x}", -v.value)
                } else {
                    format!("{:#x}", v.value)
                });
            }
            if v.ty != crate::ctype::IntType::INT {
                notes.push(v.ty.c_name().to_string());
            }
            if c.kind == ConstKind::Enumerator {
                notes.push(match &c.enum_tag {
                    Some(t) => format!("enum {t}"),
                    None => "anonymous enum".to_string(),
                });
            }
            if let Some(i) = ioctl {
                let ty = match u8::try_from(i.ty) {
                    Ok(b) if b.is_ascii_graphic() && b != b'\'' && b != b'\\' => {
                        format!("'{}'", b as char)
                    }
                    _ => format!("{:#x}", i.ty),
                };
                notes.push(format!("ioctl {} {ty} nr {} size {}", i.dir, i.nr, i.size));
            }
            if !notes.is_empty() {
                let _ = write!(out, " ({})", notes.join(", "));
            }
        }
        Err(s) => {
            let _ = write!(out, " skipped: {}", s.reason(sm, c.loc));
        }
    }
    out.push('\n');
}
