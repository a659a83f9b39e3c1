//! `deftab explain`: how a constant got its value (the logic is in [`crate::explain`]).

use super::args::TextOrJson;
use super::output::{print, verbose};
use super::{CommandResult, Failure, HeaderArgs, Status};
use crate::diag::Diagnostic;
use crate::explain::{self, Explanation, search};
use crate::header::Session;
use clap::{ArgMatches, Args};

pub const EXAMPLES: &str = "Examples:
  deftab explain POSIX_FADV_DONTNEED linux/fadvise.h
  deftab explain FS_IOC_GETFLAGS
  deftab explain BPF_PROG_LOAD linux/bpf.h --format json";

/// Candidate headers tried, at most, when none is given.
const MAX_CANDIDATES: usize = 8;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub headers: HeaderArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// The #define or enumerator to explain.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Headers to look in, in order (default: the linux/, asm/ or asm-generic/ header that
    /// defines NAME).
    #[arg(value_name = "HEADER")]
    pub files: Vec<String>,
}

pub fn run(args: ExplainArgs, matches: Option<&ArgMatches>) -> CommandResult {
    let (target, options) = args.headers.resolve(matches)?;
    let mut session = Session::new(target, options);
    let roots = search::roots(&session);
    // Read only when needed: a header named on the command line that defines NAME needs none.
    let index = std::cell::OnceCell::new();
    let index = || index.get_or_init(|| search::index(&roots));
    let (files, searched) = if args.files.is_empty() {
        let found = index().definitions(&args.name);
        verbose(&format!(
            "{} header(s) mention `{}`: {}",
            found.len(),
            args.name,
            found
                .iter()
                .map(|f| f.header.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ));
        let files = found
            .into_iter()
            .take(MAX_CANDIDATES)
            .map(|f| f.header)
            .collect();
        (files, true)
    } else {
        (args.files.clone(), false)
    };
    let mut failure = None;
    for file in &files {
        verbose(&format!("reading {file}"));
        match explain::explain(&mut session, file, &args.name, None) {
            Ok(Some(x)) => return show(&x, args.format),
            Ok(None) => {}
            // A candidate found by text search that does not preprocess on its own is
            // passed over (reported if no other explains the name); a header the user
            // named is an error.
            Err(d) if searched => {
                verbose(&d.render(&session.sm));
                failure.get_or_insert(d);
            }
            Err(d) => return Err(Failure::diagnostic(&d, &session.sm)),
        }
    }
    if let Some(d) = failure {
        return Err(Failure::diagnostic(&d, &session.sm));
    }
    let d = if searched {
        search::not_found(index(), &roots, &args.name)
    } else {
        let d = Diagnostic::error(
            None,
            format!("`{}` is not defined in {}", args.name, files.join(", ")),
        );
        match index().definitions(&args.name).first() {
            Some(f) => d.with_help(format!(
                "it is defined in {}:{}: deftab explain {} {}",
                f.header, f.line, args.name, f.header
            )),
            None => d,
        }
    };
    Err(Failure::diagnostic(&d, &session.sm))
}

fn show(x: &Explanation, format: TextOrJson) -> CommandResult {
    let out = match format {
        TextOrJson::Text => explain::text(x),
        TextOrJson::Json => serde_json::to_string_pretty(x).expect("plain data serializes") + "\n",
    };
    print(&out)?;
    Ok(Status::Success)
}
