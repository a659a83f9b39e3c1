//! `deftab verify`: compare deftab's values with a real C compiler's.

use super::output::{diagnostic, error, print};
use super::{EXIT_DIFFERENCES, EXIT_ERROR, EXIT_OK, HeaderArgs};
use crate::header::Session;
use crate::verify::{self, Compiler, Report};
use clap::{ArgMatches, Args};

pub const EXAMPLES: &str = "Examples:
  deftab verify linux/fadvise.h linux/fs.h
  deftab verify /usr/include/linux/*.h
  deftab verify --target i386 --cc 'gcc -m32' linux/fs.h";

#[derive(Args, Debug)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub headers: HeaderArgs,
    /// The compiler, with any flags it needs (default: gcc for x86_64, `gcc -m32` for i386,
    /// TRIPLET-gcc otherwise).
    #[arg(long, value_name = "CC")]
    pub cc: Option<String>,
    /// Headers: paths, or names looked up like `#include <NAME>`.
    #[arg(required = true, value_name = "HEADER")]
    pub files: Vec<String>,
}

pub fn run(args: VerifyArgs, matches: Option<&ArgMatches>) -> u8 {
    let target = match args.headers.target() {
        Ok(t) => t,
        Err(e) => {
            error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let cc = args.cc.clone().unwrap_or_else(|| match target.name {
        "x86_64" => "gcc".to_string(),
        "i386" => "gcc -m32".to_string(),
        _ => format!("{}-gcc", target.triplet),
    });
    let compiler = Compiler::from_command_line(&cc);
    let options = args.headers.options(matches);
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
    if !print(&report.render()) {
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
