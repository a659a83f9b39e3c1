//! `deftab verify`: compare deftab's values with a real C compiler's.

use super::findings::{FindingsFormat, print_findings};
use super::jobs::{JobsArgs, map_ordered};
use super::output::{Verbosity, eprint, note, print, rendered_diagnostic, verbosity, warning};
use super::{CommandResult, Failure, HeaderArgs, Status};
use crate::header::Session;
use crate::preprocess::Options;
use crate::target::Target;
use crate::verify::{self, Compiler, VerifyError, VerifyReport};
use clap::{ArgMatches, Args};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const EXAMPLES: &str = "Examples:
  deftab verify linux/fadvise.h linux/fs.h
  deftab verify /usr/include/linux/*.h
  deftab verify --target s390x /usr/s390x-linux-gnu/include/linux/*.h";

#[derive(Args, Debug)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub headers: HeaderArgs,
    /// The compiler, with any flags it needs (default: gcc for the host; for another target
    /// Debian's cross compiler TRIPLET-gcc, except `gcc -m32`/`gcc -mx32` for i386/x32
    /// when their cross sysroot is not installed).
    #[arg(long, value_name = "CC")]
    pub cc: Option<String>,
    /// The report: text, GitHub Actions annotations, or SARIF (mismatches are errors;
    /// constants and records deftab skipped but the compiler knows are notes).
    #[arg(long, value_enum, default_value_t = FindingsFormat::Text, value_name = "FORMAT")]
    pub format: FindingsFormat,
    /// Headers: paths, or names looked up like `#include <NAME>`.
    #[arg(required = true, value_name = "HEADER")]
    pub files: Vec<String>,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

/// What became of one header.
enum Outcome {
    Compared(VerifyReport),
    /// Not compared, for a reason that is not deftab's (a warning).
    Rejected(String),
    /// deftab's failure (an error), rendered.
    Failed(String),
}

pub fn run(args: VerifyArgs, matches: Option<&ArgMatches>) -> CommandResult {
    let (target, options) = args.headers.resolve(matches)?;
    let cc = args.cc.clone().unwrap_or_else(|| default_cc(target));
    let compiler = Compiler::from_command_line(&cc);
    let progress = Progress::new(args.files.len());
    let outcomes = map_ordered(
        &args.files,
        args.jobs.threads(),
        || Session::new(target, options.clone()),
        |session, name| {
            let outcome = check(&compiler, &options, session, name);
            progress.step();
            outcome
        },
    );
    progress.finish();
    let mut report = VerifyReport::default();
    let (mut failed, mut rejected) = (false, 0);
    for outcome in outcomes {
        match outcome {
            Outcome::Compared(r) => report.merge(r),
            Outcome::Rejected(w) => {
                rejected += 1;
                warning(&w);
            }
            Outcome::Failed(e) => {
                failed = true;
                eprint(&e);
            }
        }
    }
    if rejected > 0 {
        note(&format!(
            "verify: {rejected} header(s) not compared: the compiler rejects them alone"
        ));
    }
    match args.format {
        FindingsFormat::Text => print(&report.render())?,
        format => print_findings(format, &report.findings())?,
    };
    // As every command: when both apply, differences win.
    if report.has_mismatches() {
        Ok(Status::Differences)
    } else if failed {
        Err(Failure::Reported)
    } else {
        Ok(Status::Success)
    }
}

/// One header: deftab's values against the compiler's. A header the compiler itself cannot
/// compile alone is not compared (a warning); deftab failing where the compiler does not is
/// an error.
fn check(compiler: &Compiler, options: &Options, session: &mut Session, name: &str) -> Outcome {
    let hc = match session.constants(name) {
        Ok(hc) => hc,
        Err(d) => {
            let text = rendered_diagnostic(&d, &session.sm).unwrap_or_default();
            let path = Path::new(name);
            return match path.is_file() && compiler_rejects(compiler, path, options, session) {
                true => Outcome::Rejected(format!(
                    "{name}: not compared: the compiler rejects it alone (as deftab does: {})",
                    d.message
                )),
                false => Outcome::Failed(text),
            };
        }
    };
    let checked =
        verify::check_header(compiler, &hc.unit.path, options, &hc.constants, &session.sm)
            .and_then(|mut r| {
                let records = verify::check_records(
                    compiler,
                    &hc.unit.path,
                    options,
                    &hc.records,
                    &session.sm,
                )?;
                r.merge(records);
                Ok(r)
            });
    match checked {
        Ok(r) => Outcome::Compared(r),
        Err(VerifyError::HeaderFails {
            header,
            command,
            stage,
            stderr,
        }) => {
            let first = stderr
                .lines()
                .find(|l| l.contains("error"))
                .unwrap_or("")
                .trim();
            Outcome::Rejected(format!(
                "{}: not compared: the compiler rejects it alone (`{command}` cannot {stage} it: {first})",
                header.display()
            ))
        }
        Err(e) => Outcome::Failed(format!("error: {e}\n")),
    }
}

/// Whether the compiler also fails on the header alone.
fn compiler_rejects(
    compiler: &Compiler,
    path: &Path,
    options: &Options,
    session: &Session,
) -> bool {
    matches!(
        verify::check_header(compiler, path, options, &[], &session.sm),
        Err(VerifyError::HeaderFails { .. })
    )
}

/// `verify: 12/536 headers` on stderr, rewritten in place, when stderr is a terminal.
struct Progress {
    total: usize,
    done: AtomicUsize,
    shown: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            shown: std::io::stderr().is_terminal() && verbosity() > Verbosity::Quiet && total > 1,
        }
    }

    fn step(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.shown {
            eprint(&format!("\rverify: {done}/{} headers", self.total));
        }
    }

    fn finish(&self) {
        if self.shown {
            eprint("\r\x1b[K");
        }
    }
}

/// The compiler whose include directories are the ones deftab picks by default.
fn default_cc(target: &Target) -> String {
    let sysroot = target.cross_sysroot_include().is_some();
    match target.name {
        _ if target.is_host() => "gcc".to_string(),
        "i386" if !sysroot => "gcc -m32".to_string(),
        "x32" if !sysroot => "gcc -mx32".to_string(),
        _ => format!("{}-gcc", target.cc_triplet),
    }
}
