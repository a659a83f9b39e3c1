//! `deftab diff`: what changed between two versions of headers, in constants.

use super::output::{eprint, error, note, print};
use super::{EXIT_DIFFERENCES, EXIT_ERROR, EXIT_OK, HeaderArgs};
use crate::drift::explain::{self, Outcome, PairDiff};
use crate::drift::render;
use crate::header::Session;
use crate::preprocess::Options;
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

/// (old, new) preprocessor options for a pair, given its new side's path.
type SideOptions = Box<dyn Fn(&Path) -> (Options, Options)>;

/// What to compare, and the preprocessor options of each side of a pair.
struct Plan {
    pairs: Vec<(PathBuf, PathBuf, Option<Outcome>)>,
    /// Stripped from the paths shown (`--copies`).
    root: Option<PathBuf>,
    /// (old, new) options for the pair whose new side is at this path.
    options: SideOptions,
}

pub fn run(args: DiffArgs, matches: Option<&ArgMatches>) -> u8 {
    let (target, base) = match args.headers.resolve(matches) {
        Ok(r) => r,
        Err(e) => {
            error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let plan = match (&args.old, &args.new) {
        (Some(o), Some(n)) if o.is_dir() && n.is_dir() => match directories(o, n, base) {
            Some(p) => p,
            None => return EXIT_ERROR,
        },
        (Some(o), Some(n)) => Plan {
            pairs: vec![(o.clone(), n.clone(), None)],
            root: None,
            options: Box::new(move |_| (base.clone(), base.clone())),
        },
        _ => match copies(&args.root, target, base) {
            Some(p) => p,
            None => return EXIT_ERROR,
        },
    };
    let (mut failed, mut differs) = (false, false);
    let (mut text, mut json) = (String::new(), Vec::new());
    for (o, n, fixed) in plan.pairs {
        // Fresh sessions per pair: each pair may search its own include directories.
        let (oo, no) = (plan.options)(&n);
        let (mut old, mut new) = (Session::new(target, oo), Session::new(target, no));
        let outcome = match fixed {
            Some(outcome) => outcome,
            None if args.copies && !is_header(&n) => Outcome::NotAHeader,
            None => explain::compare(&mut old, &mut new, &o, &n),
        };
        let d = PairDiff {
            old: o,
            new: n,
            outcome,
        };
        tally(&d, &mut failed, &mut differs);
        let root = plan.root.as_deref();
        match args.format {
            Format::Text => text += &render::text(&d, &old.sm, &new.sm, args.copies, root),
            Format::Json => json.push(render::json(&d, &old.sm, &new.sm, root).into_value()),
        }
    }
    let out = match args.format {
        Format::Text => text,
        Format::Json => serde_json::to_string_pretty(&json).expect("plain data serializes") + "\n",
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

/// Every header under two directories; each directory is the include root of its side.
fn directories(o: &Path, n: &Path, base: Options) -> Option<Plan> {
    let listed = match explain::directory_pairs(o, n) {
        Ok(l) => l,
        Err(e) => {
            error(&format!("reading {} and {}: {e}", o.display(), n.display()));
            return None;
        }
    };
    let pairs = listed
        .into_iter()
        .map(|(rel, a, b)| (o.join(&rel), n.join(&rel), side(a, b)))
        .collect();
    let (od, nd) = (o.to_path_buf(), n.to_path_buf());
    let options = move |_: &Path| {
        (
            explain::with_dirs(&base, vec![od.clone()]),
            explain::with_dirs(&base, vec![nd.clone()]),
        )
    };
    Some(Plan {
        pairs,
        root: None,
        options: Box::new(options),
    })
}

/// The drifted copies of a kernel tree; `None` after reporting an unusable tree.
fn copies(root: &Path, target: &'static Target, base: Options) -> Option<Plan> {
    if !root.join("include").is_dir() || !root.join("tools").is_dir() {
        error(&format!(
            "{}: not a kernel source tree (no include/ and tools/)",
            root.display()
        ));
        return None;
    }
    let (drifted, notes) = explain::drifted_copies(root);
    for n in notes {
        note(&n.to_string());
    }
    let pairs = drifted
        .into_iter()
        .map(|p| (root.join(&p.copy), root.join(&p.original), None))
        .collect();
    let tree = root.to_path_buf();
    let options = move |original: &Path| {
        let rel = original
            .strip_prefix(&tree)
            .unwrap_or(original)
            .to_string_lossy()
            .into_owned();
        let (c, o) = explain::copy_pair_dirs(&tree, &rel, target.kernel_arch);
        (explain::with_dirs(&base, c), explain::with_dirs(&base, o))
    };
    Some(Plan {
        pairs,
        root: Some(root.to_path_buf()),
        options: Box::new(options),
    })
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

/// Prints the pair's diagnostics and notes whether it failed or differs.
fn tally(d: &PairDiff, failed: &mut bool, differs: &mut bool) {
    match &d.outcome {
        Outcome::Failed(e) => {
            eprint(e);
            *failed = true;
        }
        Outcome::Compared(c) => {
            for m in &c.diagnostics {
                eprint(m);
            }
            *failed |= c.errors;
            *differs |= !c.changes.is_empty();
        }
        Outcome::OnlyOld | Outcome::OnlyNew => *differs = true,
        Outcome::NotAHeader => {}
    }
}
