//! `deftab check-headers`: the copies of kernel headers under `tools/` that drifted from
//! their originals, reported as `tools/perf/check-headers.sh` reports them.

use super::output::{error, note, print};
use super::{EXIT_DIFFERENCES, EXIT_ERROR, EXIT_OK};
use crate::drift::{check_headers, pairs};
use clap::Args;
use std::path::PathBuf;

pub const EXAMPLES: &str = "Examples:
  deftab check-headers --root ~/src/linux
  deftab check-headers --strict          # in the kernel tree
  deftab check-headers --root ~/src/linux && deftab diff --copies --root ~/src/linux";

#[derive(Args, Debug)]
pub struct CheckHeadersArgs {
    /// The kernel source tree (the directory holding include/ and tools/).
    #[arg(long, value_name = "TREE", default_value = ".")]
    pub root: PathBuf,
    /// Exit with status 1 when a copy differs (upstream only warns).
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: CheckHeadersArgs) -> u8 {
    if !args.root.is_dir() {
        error(&format!("{}: not a directory", args.root.display()));
        return EXIT_ERROR;
    }
    let report = check_headers(&args.root, &pairs::builtin());
    let warning = if super::output::stdout_color() {
        "\x1b[0;33mWarning\x1b[0m"
    } else {
        "Warning"
    };
    let mut out = String::new();
    if report.missing_include {
        out += &format!(
            "{warning}: Skipped check-headers due to missing {}\n",
            args.root.join("include").display()
        );
    }
    for m in &report.messages {
        out += m;
        out.push('\n');
    }
    if !report.differing.is_empty() {
        out += &format!("{warning}: Kernel ABI header differences:\n");
        for p in &report.differing {
            out += &format!("  diff -u {} {}\n", p.copy, p.original);
        }
    }
    for n in &report.notes {
        note(&n.to_string());
    }
    if !print(&out) {
        return EXIT_ERROR;
    }
    if args.strict && !report.differing.is_empty() {
        EXIT_DIFFERENCES
    } else {
        EXIT_OK
    }
}
