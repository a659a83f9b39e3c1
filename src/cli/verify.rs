//! `deftab verify`: compare deftab's values with a real C compiler's.

use super::findings::{FindingsFormat, print_findings};
use super::output::{diagnostic, error, print};
use super::{EXIT_DIFFERENCES, EXIT_ERROR, EXIT_OK, HeaderArgs};
use crate::header::Session;
use crate::target::Target;
use crate::verify::{self, Compiler, Report};
use clap::{ArgMatches, Args};

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
}

pub fn run(args: VerifyArgs, matches: Option<&ArgMatches>) -> u8 {
    let (target, options) = match args.headers.resolve(matches) {
        Ok(r) => r,
        Err(e) => {
            error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let cc = args.cc.clone().unwrap_or_else(|| default_cc(target));
    let compiler = Compiler::from_command_line(&cc);
    let mut session = Session::new(target, options.clone());
    let mut report = Report::default();
    let mut failed = false;
    for name in &args.files {
        let hc = match session.constants(name) {
            Ok(hc) => hc,
            Err(d) => {
                diagnostic(&d, &session.sm);
                failed = true;
                continue;
            }
        };
        let checked = verify::check_header(
            &compiler,
            &hc.unit.path,
            &options,
            &hc.constants,
            &session.sm,
        )
        .and_then(|r| {
            report.merge(r);
            verify::check_records(&compiler, &hc.unit.path, &options, &hc.records, &session.sm)
        });
        match checked {
            Ok(r) => report.merge(r),
            Err(e) => {
                error(&e.to_string());
                failed = true;
            }
        }
    }
    let printed = match args.format {
        FindingsFormat::Text => print(&report.render()),
        format => print_findings(format, &report.findings()),
    };
    if !printed {
        return EXIT_ERROR;
    }
    if report.has_mismatches() {
        EXIT_DIFFERENCES
    } else if failed {
        EXIT_ERROR
    } else {
        EXIT_OK
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
