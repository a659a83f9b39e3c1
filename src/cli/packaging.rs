//! `deftab completions SHELL` and `deftab man`: what a package installs next to the binary.

use super::output::print;
use super::{Cli, EXIT_ERROR, EXIT_OK};
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

pub fn completions(args: CompletionsArgs) -> u8 {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "deftab", &mut out);
    finish(out)
}

/// One page for the whole tool: the top-level help, then each command's (as git's).
pub fn man() -> u8 {
    let cmd = Cli::command();
    let mut out = Vec::new();
    if clap_mangen::Man::new(cmd.clone()).render(&mut out).is_err() {
        return EXIT_ERROR;
    }
    for sub in cmd.get_subcommands() {
        let name = format!("deftab {}", sub.get_name());
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        let page = clap_mangen::Man::new(sub.clone());
        let ok = page.render_description_section(&mut out).is_ok()
            && page.render_options_section(&mut out).is_ok()
            && page.render_extra_section(&mut out).is_ok();
        if !ok {
            return EXIT_ERROR;
        }
    }
    finish(out)
}

fn finish(out: Vec<u8>) -> u8 {
    if print(&String::from_utf8_lossy(&out)) {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}
