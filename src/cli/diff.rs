//! `deftab diff`: what changed between two versions of headers, in constants.

use super::output::{eprint, print};
use super::{EXIT_DIFFERENCES, EXIT_ERROR, EXIT_OK, HeaderArgs};
use crate::drift::explain::{self, Outcome, PairDiff};
use crate::drift::render;
use crate::header::Session;
use crate::target::Target;
use clap::{ArgMatches, Args, ValueEnum};
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "Examples:
  deftab diff tools/include/uapi/linux/bpf.h include/uapi/linux/bpf.h
  deftab diff --exit-code old/include/uapi new/include/uapi
  deftab diff --copies --root ~/src/linux --format json";

#[derive(Args, Debug)]
pub struct DiffArgs {
    #[command(flatten)]
    pub headers: HeaderArgs,
    /// Compare every copy under tools/ that check-headers finds out of sync with its original.
    #[arg(long)]
    pub copies: bool,
    /// The kernel source tree, for --copies.
    #[arg(long, value_name = "TREE", default_value = ".", requires = "copies")]
    pub root: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with status 1 when a constant differs (as `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// The old header or directory.
    #[arg(
        value_name = "OLD",
        required_unless_present = "copies",
        conflicts_with = "copies"
    )]
    pub old: Option<PathBuf>,
    /// The new header or directory.
    #[arg(
        value_name = "NEW",
        required_unless_present = "copies",
        conflicts_with = "copies"
    )]
    pub new: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: DiffArgs, matches: Option<&ArgMatches>) -> u8 {
    let target = match args.headers.target() {
        Ok(t) => t,
        Err(e) => {
            eprint(&format!("error: {e}\n"));
            return EXIT_ERROR;
        }
    };
    let base = args.headers.options(matches);
    let (mut old, mut new, pairs, root) = match (&args.old, &args.new) {
        (Some(o), Some(n)) if o.is_dir() && n.is_dir() => {
            let listed = match explain::directory_pairs(o, n) {
                Ok(l) => l,
                Err(e) => {
                    eprint(&format!(
                        "error: reading {} and {}: {e}\n",
                        o.display(),
                        n.display()
                    ));
                    return EXIT_ERROR;
                }
            };
            let pairs = listed
                .into_iter()
                .map(|(rel, a, b)| (o.join(&rel), n.join(&rel), side(a, b)))
                .collect();
            // Each directory is the include root of its side.
            let (so, sn) = (
                explain::with_dirs(&base, vec![o.clone()]),
                explain::with_dirs(&base, vec![n.clone()]),
            );
            (
                Session::new(target, so),
                Session::new(target, sn),
                pairs,
                None,
            )
        }
        (Some(o), Some(n)) => {
            let pairs = vec![(o.clone(), n.clone(), None)];
            (
                Session::new(target, base.clone()),
                Session::new(target, base),
                pairs,
                None,
            )
        }
        _ => match copies(&args.root, target, &base) {
            Some(c) => c,
            None => return EXIT_ERROR,
        },
    };
    let mut diffs = Vec::new();
    for (o, n, fixed) in pairs {
        let outcome = match fixed {
            Some(outcome) => outcome,
            None if args.copies && !is_header(&n) => Outcome::NotAHeader,
            None => explain::compare(&mut old, &mut new, &o, &n),
        };
        diffs.push(PairDiff {
            old: o,
            new: n,
            outcome,
        });
    }
    report(&args, &diffs, &old, &new, root.as_deref())
}

/// Sessions and pairs for `--copies`; `None` after reporting an unusable tree.
#[allow(clippy::type_complexity)]
fn copies(
    root: &Path,
    target: &'static Target,
    base: &crate::preprocess::Options,
) -> Option<(
    Session,
    Session,
    Vec<(PathBuf, PathBuf, Option<Outcome>)>,
    Option<PathBuf>,
)> {
    if !root.join("include").is_dir() || !root.join("tools").is_dir() {
        eprint(&format!(
            "error: {}: not a kernel source tree (no include/ and tools/)\n",
            root.display()
        ));
        return None;
    }
    let (drifted, notes) = explain::drifted_copies(root);
    for n in notes {
        eprint(&format!("note: {n}\n"));
    }
    let arch = target.kernel_arch;
    let old = Session::new(
        target,
        explain::with_dirs(base, explain::copy_dirs(root, arch)),
    );
    let new = Session::new(
        target,
        explain::with_dirs(base, explain::original_dirs(root, arch)),
    );
    let pairs = drifted
        .into_iter()
        .map(|p| (root.join(&p.copy), root.join(&p.original), None))
        .collect();
    Some((old, new, pairs, Some(root.to_path_buf())))
}

/// A header present on one side only.
fn side(in_old: bool, in_new: bool) -> Option<Outcome> {
    match (in_old, in_new) {
        (true, false) => Some(Outcome::OnlyOld),
        (false, true) => Some(Outcome::OnlyNew),
        _ => None,
    }
}

fn is_header(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "h")
}

fn report(
    args: &DiffArgs,
    diffs: &[PairDiff],
    old: &Session,
    new: &Session,
    root: Option<&Path>,
) -> u8 {
    let mut failed = false;
    let mut differs = false;
    for d in diffs {
        match &d.outcome {
            Outcome::Failed(e) => {
                eprint(e);
                failed = true;
            }
            Outcome::Compared(c) => {
                for m in &c.diagnostics {
                    eprint(m);
                }
                failed |= c.errors;
                differs |= !c.changes.is_empty();
            }
            Outcome::OnlyOld | Outcome::OnlyNew => differs = true,
            Outcome::NotAHeader => {}
        }
    }
    let out = match args.format {
        Format::Text => diffs
            .iter()
            .map(|d| render::text(d, &old.sm, &new.sm, args.copies, root))
            .collect::<String>(),
        Format::Json => {
            let all: Vec<_> = diffs
                .iter()
                .map(|d| render::json(d, &old.sm, &new.sm, root))
                .collect();
            serde_json::to_string_pretty(&all).expect("plain data serializes") + "\n"
        }
    };
    if !print(&out) {
        return EXIT_ERROR;
    }
    // As every command: when both apply, differences win.
    match (args.exit_code && differs, failed) {
        (true, _) => EXIT_DIFFERENCES,
        (false, true) => EXIT_ERROR,
        (false, false) => EXIT_OK,
    }
}
