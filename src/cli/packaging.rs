//! `deftab completions SHELL` and `deftab man`: what a package installs next to the binary.

use super::output::print;
use super::{Cli, CommandResult, Failure, Status};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

pub const COMPLETION_EXAMPLES: &str = "Examples:
  deftab completions bash > /etc/bash_completion.d/deftab
  deftab completions zsh > \"${fpath[1]}/_deftab\"
  deftab completions fish > ~/.config/fish/completions/deftab.fish";

pub const MAN_EXAMPLES: &str = "Examples:
  deftab man > /usr/local/share/man/man1/deftab.1
  deftab man | man -l -";

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn completions(args: CompletionsArgs) -> CommandResult {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "deftab", &mut out);
    finish(out)
}

/// One page for the whole tool (as git's): the top-level help, a COMMANDS list that points
/// to each command's section below (no per-command pages to refer to), EXIT STATUS, then
/// each command's description, options and examples.
pub fn man() -> CommandResult {
    let cmd = Cli::command();
    let page = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    let ok = page.render_title(&mut out).is_ok()
        && page.render_name_section(&mut out).is_ok()
        && page.render_synopsis_section(&mut out).is_ok()
        && page.render_description_section(&mut out).is_ok()
        && page.render_options_section(&mut out).is_ok();
    if !ok {
        return Err(Failure::Reported);
    }
    let mut text = String::from(".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        text += &format!(
            ".TP\n\\fBdeftab {}\\fR\n{} (section {} below)\n",
            sub.get_name(),
            roff(&about),
            section(sub.get_name())
        );
    }
    text += &format!(".SH \"EXIT STATUS\"\n{}\n", roff(super::EXIT_STATUS));
    out.extend_from_slice(text.as_bytes());
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        out.extend_from_slice(format!(".SH \"{}\"\n", section(sub.get_name())).as_bytes());
        let page = clap_mangen::Man::new(sub.clone());
        let ok = page.render_description_section(&mut out).is_ok()
            && page.render_options_section(&mut out).is_ok();
        if !ok {
            return Err(Failure::Reported);
        }
        if let Some(after) = sub.get_after_help() {
            let body: String = after.to_string().lines().map(|l| roff(l) + "\n").collect();
            out.extend_from_slice(format!(".SS Examples\n.nf\n{body}.fi\n").as_bytes());
        }
    }
    finish(out)
}

/// The section title of a command (`DEFTAB DUMP`).
fn section(name: &str) -> String {
    format!("deftab {name}").to_uppercase()
}

/// Text as roff: backslashes escaped, no line taken for a request.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    match escaped.starts_with(['.', '\'']) {
        true => format!("\\&{escaped}"),
        false => escaped,
    }
}

fn finish(out: Vec<u8>) -> CommandResult {
    print(&String::from_utf8_lossy(&out))?;
    Ok(Status::Success)
}
