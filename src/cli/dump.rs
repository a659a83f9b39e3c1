//! `deftab dump`: every constant of the named headers, with its value or why it has none.

use super::output::{diagnostic, error, print};
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

pub fn run(args: DumpArgs, matches: Option<&ArgMatches>) -> u8 {
    let (target, options) = match args.headers.resolve(matches) {
        Ok(r) => r,
        Err(e) => {
            error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let mut session = Session::new(target, options);
    let mut failed = false;
    let mut all = Vec::new();
    for name in &args.files {
        match session.constants(name) {
            Ok(hc) => {
                for d in &hc.diagnostics {
                    diagnostic(d, &session.sm);
                    failed |= d.is_error();
                }
                all.push(hc);
            }
            Err(d) => {
                diagnostic(&d, &session.sm);
                failed = true;
            }
        }
    }
    let constants = all
        .iter()
        .flat_map(|hc| hc.constants.iter().map(|c| (c, hc.ioctls.get(&c.name))));
    let out = match args.format {
        Format::Text => {
            let mut text = String::new();
            for (c, ioctl) in constants {
                text_line(&mut text, &session.sm, c, ioctl);
            }
            text
        }
        Format::Json => {
            let json: Vec<_> = constants
                .map(|(c, ioctl)| {
                    let mut j = c.to_json(&session.sm);
                    j.ioctl = ioctl.cloned();
                    j
                })
                .collect();
            serde_json::to_string_pretty(&json).expect("plain data serializes") + "\n"
        }
    };
    if !print(&out) {
        return EXIT_ERROR;
    }
    if failed { EXIT_ERROR } else { EXIT_OK }
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
