//! `deftab check-headers --sync [--dry-run]`: the copies the check reports brought back in
//! sync with their originals (`drift::sync`: what "in sync" means for each rule), each one
//! said on stderr (`wrote`, or `would write` with `--dry-run`); then the commit message draft
//! on stdout (`drift::impact::message`), from the assessment `--impact` makes, before any
//! write.

use super::check_headers::{CheckHeadersArgs, checked};
use super::findings::ReportFormat;
use super::output::{Verbosity, eprint, error, note, print, verbosity};
use super::{CommandResult, Failure, Status};
use crate::drift::impact::CopyImpact;
use crate::drift::impact::message::message;
use crate::drift::sync::{self, How, Planned};
use crate::generate::ManifestFile;
use askama::Template;

#[derive(Template)]
#[template(path = "impact/sync.txt")]
struct Actions<'a> {
    verb: &'a str,
    actions: Vec<Action>,
    summary: String,
}

struct Action {
    copy: String,
    original: String,
    how: String,
}

pub fn run(args: &CheckHeadersArgs, manifest: Option<ManifestFile>) -> CommandResult {
    if args.format != ReportFormat::Text {
        return Err("--sync prints text: --format goes with the check"
            .to_string()
            .into());
    }
    let (root, report) = checked(args, manifest.as_ref())?;
    if report.differing.is_empty() {
        for n in &report.notes {
            note(n);
        }
        if verbosity() > Verbosity::Quiet {
            eprint(&actions(&[], args.dry_run));
        }
        return Ok(Status::Success);
    }
    // What each sync means, for the message: assessed before anything is written.
    let found = super::impact::assess(args, manifest)?;
    for n in found
        .notes
        .iter()
        .chain(found.copies.iter().flat_map(|c| &c.notes))
    {
        note(n);
    }
    if !found.errors.is_empty() {
        for e in &found.errors {
            error(e);
        }
        return Err(Failure::Message(
            "nothing synced: the commit message needs every copy assessed".into(),
        ));
    }
    let mut failed = false;
    let mut done = vec![];
    for pair in &report.differing {
        let planned = sync::plan(&root, pair);
        let written = match (planned, args.dry_run) {
            (Ok(p), true) => Ok(p),
            (Ok(p), false) => sync::write(&root, &p).map(|()| p),
            (Err(e), _) => Err(e),
        };
        match written {
            Ok(p) => done.push(p),
            Err(e) => {
                error(&e.to_string());
                failed = true;
            }
        }
    }
    for p in &done {
        for (line, text) in &p.replaced {
            note(&format!(
                "{}:{line}: the copy's own line `{text}` (an -I pattern matches it) gave way \
                 to a change of {}: check it",
                p.copy, p.original
            ));
        }
    }
    if verbosity() > Verbosity::Quiet {
        eprint(&actions(&done, args.dry_run));
    }
    let synced: Vec<CopyImpact> = found
        .copies
        .into_iter()
        .filter(|c| done.iter().any(|p| p.copy == c.copy))
        .collect();
    if !synced.is_empty() {
        print(&message(&synced, &root))?;
    }
    match failed {
        true => Err(Failure::Reported),
        false => Ok(Status::Success),
    }
}

/// One line per copy written (or that would be), then how many.
fn actions(done: &[Planned], dry_run: bool) -> String {
    let n = done.len();
    let copies = match n {
        1 => "1 copy".to_string(),
        n => format!("{n} copies"),
    };
    let summary = match (n, dry_run) {
        (0, _) => "no drifted copy to sync".to_string(),
        (_, true) => format!("would sync {copies}; nothing written"),
        (_, false) => format!("synced {copies}"),
    };
    Actions {
        verb: if dry_run { "would write" } else { "wrote" },
        actions: done
            .iter()
            .map(|p| Action {
                copy: p.copy.clone(),
                original: p.original.clone(),
                how: how(&p.how),
            })
            .collect(),
        summary,
    }
    .render()
    .expect("the template only writes strings")
        + "\n"
}

fn how(h: &How) -> String {
    match h {
        How::Copied => String::new(),
        How::Created => "a new file".into(),
        How::KeptIgnored(1) => "keeping 1 change the -I patterns ignore".into(),
        How::KeptIgnored(n) => format!("keeping {n} changes the -I patterns ignore"),
        How::ReversedHunks(f) => format!("less the hunks {f} lists"),
    }
}
