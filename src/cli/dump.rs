//! `deftab dump`: every constant of the named headers, with its value or why it has none.

use super::args::TextOrJson;
use super::jobs::JobsArgs;
use super::output::{StreamedStdout, eprint, rendered_diagnostic};
use super::{CommandResult, Failure, HeaderArgs, Status};
use crate::header::Session;
use crate::render::listing;
use clap::{ArgMatches, Args};

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
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Headers: paths (a pipe or /dev/stdin too; `-` is standard input), or names looked
    /// up like `#include <NAME>`.
    #[arg(required = true, value_name = "HEADER")]
    pub files: Vec<String>,
}

/// One header's share of the output, rendered by the thread that read it (a unit is
/// dropped as soon as it is rendered: memory stays that of one unit per thread).
struct HeaderOutput {
    /// Its text lines in one string, or the pretty JSON objects of its constants.
    items: Vec<String>,
    /// Rendered diagnostics, for stderr.
    diagnostics: String,
    failed: bool,
}

pub fn run(args: DumpArgs, matches: Option<&ArgMatches>) -> CommandResult {
    let (target, options) = args.headers.resolve(matches)?;
    let format = args.format;
    // Each header's output is printed as soon as it and those before it are read: the
    // listing of every header is never held at once.
    let mut stdout = StreamedStdout::new();
    let mut json = listing::JsonArray::default();
    let mut piece = String::new();
    let mut failed = false;
    crate::jobs::for_each_ordered(
        &args.files,
        args.jobs.threads(),
        || Session::new(target, options.clone()),
        |session, name| read_header(session, name, format),
        |o| {
            eprint(&o.diagnostics);
            failed |= o.failed;
            for item in &o.items {
                match format {
                    TextOrJson::Text => stdout.write(item),
                    TextOrJson::Json => {
                        piece.clear();
                        json.push(&mut piece, item);
                        stdout.write(&piece);
                    }
                }
            }
        },
    );
    if format == TextOrJson::Json {
        piece.clear();
        json.finish(&mut piece);
        stdout.write(&piece);
    }
    stdout.finish()?;
    match failed {
        true => Err(Failure::Reported),
        false => Ok(Status::Success),
    }
}

fn read_header(session: &mut Session, name: &str, format: TextOrJson) -> HeaderOutput {
    let mut out = HeaderOutput {
        items: Vec::new(),
        diagnostics: String::new(),
        failed: false,
    };
    // `-`: the header on standard input.
    let name = match name {
        "-" => "/dev/stdin",
        name => name,
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
    if hc.constants.is_empty() {
        // Nothing on stdout: say why on stderr rather than print nothing at all.
        let d = crate::diag::Diagnostic {
            severity: crate::diag::Severity::Note,
            message: format!("{name}: no #define or enum constant"),
            loc: None,
            notes: vec![],
        };
        out.diagnostics += &rendered_diagnostic(&d, &session.sm).unwrap_or_default();
    }
    out.items = match format {
        TextOrJson::Text => vec![listing::text(&session.sm, &hc.constants, &hc.ioctls)],
        TextOrJson::Json => listing::json_objects(&session.sm, &hc.constants, &hc.ioctls),
    };
    out
}
