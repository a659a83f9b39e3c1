//! The command line: argument parsing, command dispatch, exit codes.
//!
//! Exit codes, the same for every command: 0 success; 1 the check the command performs found
//! differences (`verify` mismatches, `diff --exit-code`, `check-headers --strict`, `lint`
//! findings); 2 usage or input error (bad option, missing header, a header that does not
//! preprocess, a name `explain` cannot find). When both apply, differences win: 1.
//! Every command returns a [`status::CommandResult`]; [`main`] alone turns it into the code.

mod args;
mod check_headers;
mod diff;
mod dump;
mod explain;
mod findings;
mod generate;
mod impact;
mod jobs;
mod lint;
mod output;
mod packaging;
mod perf_layout;
mod status;
mod sync;
mod table;
mod table_args;
mod targets;
mod verify;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

pub use args::HeaderArgs;
pub use output::ColorChoice;
use output::Verbosity;
use status::{CommandResult, Failure, Status};
pub use status::{EXIT_DIFFERENCES, EXIT_ERROR, EXIT_OK};

/// Exact C and Rust lookup tables from the constants in C headers.
#[derive(Parser, Debug)]
#[command(
    name = "deftab",
    // The package version, and the commit when built from a checkout (build.rs).
    version = env!("DEFTAB_VERSION"),
    about,
    max_term_width = 100,
    after_help = EXIT_STATUS
)]
pub struct Cli {
    /// Colours in messages: auto (a terminal, NO_COLOR unset), always or never.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Errors only: no warnings or notes.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also show every note (aliases dropped, filters that matched nothing, constants left
    /// out); `explain` also says which headers it reads.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The exit codes, in every `--help` and the man page.
pub const EXIT_STATUS: &str = "Exit status: 0 success; 1 the check found differences (verify \
mismatches, diff --exit-code, check-headers --strict, lint findings); 2 usage or input error.";

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List every #define and enum constant of headers with its value.
    #[command(after_help = dump::EXAMPLES)]
    Dump(dump::DumpArgs),
    /// Render constants of headers as a C, Rust or JSON lookup table.
    #[command(after_help = table::EXAMPLES)]
    Table(Box<table::TableArgs>),
    /// Cross-check deftab's values against a real C compiler (compiled, never run).
    #[command(after_help = verify::EXAMPLES)]
    Verify(verify::VerifyArgs),
    /// Report the copies of kernel headers under tools/ that differ from their originals.
    #[command(name = "check-headers", after_help = check_headers::EXAMPLES)]
    CheckHeaders(check_headers::CheckHeadersArgs),
    /// Show which constants were added, removed or changed between two versions of headers.
    #[command(after_help = diff::EXAMPLES)]
    Diff(diff::DiffArgs),
    /// Write (or --check) every table of a manifest or built-in preset.
    #[command(after_help = generate::EXAMPLES)]
    Generate(generate::GenerateArgs),
    /// Find hand-kept lookup tables in C files that disagree with the headers.
    #[command(after_help = lint::EXAMPLES)]
    Lint(lint::LintArgs),
    /// List the built-in presets of `generate`, or print one (--show NAME).
    #[command(after_help = generate::PRESETS_EXAMPLES)]
    Presets(generate::PresetsArgs),
    /// List the targets (--target), their names, and the headers and compiler installed here.
    #[command(after_help = targets::EXAMPLES)]
    Targets,
    /// Show how a constant got its value, step by step, with file:line for each step.
    #[command(after_help = explain::EXAMPLES)]
    Explain(explain::ExplainArgs),
    /// Print a shell completion script.
    #[command(after_help = packaging::COMPLETION_EXAMPLES)]
    Completions(packaging::CompletionsArgs),
    /// Print the man page (roff).
    #[command(after_help = packaging::MAN_EXAMPLES)]
    Man,
}

/// Parses the process arguments, runs the command and exits with its outcome's code.
pub fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    output::init(cli.color, verbosity);
    // -D and -U keep their relative command-line order, which clap's derive loses.
    let sub = matches.subcommand().map(|(_, m)| m);
    let outcome = match cli.command {
        Command::Dump(a) => dump::run(a, sub),
        Command::Table(a) => table::run(*a, sub),
        Command::Verify(a) => verify::run(a, sub),
        Command::CheckHeaders(a) => check_headers::run(a),
        Command::Diff(a) => diff::run(a, sub),
        Command::Generate(a) => generate::run(a),
        Command::Lint(a) => lint::run(a, sub),
        Command::Presets(a) => generate::presets(a),
        Command::Targets => targets::run(),
        Command::Explain(a) => explain::run(a, sub),
        Command::Completions(a) => packaging::completions(a),
        Command::Man => packaging::man(),
    };
    // The one place an outcome becomes an exit code.
    ExitCode::from(status::exit_code(outcome))
}
