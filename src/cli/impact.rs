//! `deftab check-headers --impact`: each drifted copy with its verdict (does syncing it move
//! a table?), as text, JSON, or CI findings.

use super::check_headers::CheckHeadersArgs;
use super::findings::{ReportFormat, print_findings};
use super::output::{error, note, print};
use super::{CommandResult, Failure, Status};
use crate::drift::impact::{self, Impact, Setup, text};
use crate::generate::{Config, ManifestFile, presets};
use crate::target::Target;
use std::path::{Path, PathBuf};

/// perf's C files with hand-kept tables, in a kernel tree (lint's).
const PERF_HAND_FILES: &[&str] = &["tools/perf/builtin-trace.c", "tools/perf/trace/beauty"];

pub fn run(args: &CheckHeadersArgs, manifest: Option<ManifestFile>) -> CommandResult {
    let found = assess(args, manifest)?;
    for n in &found.notes {
        note(n);
    }
    for c in &found.copies {
        for n in &c.notes {
            note(n);
        }
    }
    for e in &found.errors {
        error(e);
    }
    match args.format {
        ReportFormat::Text => print(&text::text(&found.copies))?,
        ReportFormat::Json => print(&json(&found.copies))?,
        format => {
            let findings = crate::drift::findings::impact_findings(&found, args.strict);
            print_findings(format.findings().expect("github or sarif"), &findings)?
        }
    }
    status(&found, args.strict)
}

/// Differences win over errors, as in every command.
pub fn status(found: &Impact, strict: bool) -> CommandResult {
    match (strict && found.tables_changed(), found.errors.is_empty()) {
        (true, _) => Ok(Status::Differences),
        (false, false) => Err(Failure::Reported),
        (false, true) => Ok(Status::Success),
    }
}

pub fn json(copies: &[impact::CopyImpact]) -> String {
    serde_json::to_string_pretty(copies).expect("plain data serializes") + "\n"
}

/// Every drifted copy assessed: against the manifest's tables, else perf's.
pub fn assess(args: &CheckHeadersArgs, manifest: Option<ManifestFile>) -> Result<Impact, Failure> {
    let target = Target::lookup(&args.target).map_err(|e| e.to_string())?;
    let cfg = Config {
        root: args.root.clone(),
        ..Config::default()
    };
    let root = args.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let manifests = match &manifest {
        Some(mf) => {
            vec![ManifestFile::load(&mf.name, &mf.text, &mf.base).map_err(|e| e.to_string())?]
        }
        // The tables the tree's own perf generates (Linux 6.1's layout, 6.12's, …).
        None => super::perf_layout::perf_presets(&root)?
            .iter()
            .map(|p| presets::load(p).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?,
    };
    let hand_files = match manifest.is_some() {
        true => vec![],
        false => hand_files(&root),
    };
    let setup = Setup {
        copies: manifest,
        manifests,
        cfg,
        target,
        hand_files,
    };
    Ok(impact::assess(&setup)?)
}

/// perf's C files with hand-kept tables under `root`, sorted.
fn hand_files(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for f in PERF_HAND_FILES {
        let p = root.join(f);
        if p.is_file() {
            out.push(p);
        } else if let Ok(dir) = std::fs::read_dir(&p) {
            let mut cs: Vec<PathBuf> = dir
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "c"))
                .collect();
            cs.sort();
            out.extend(cs);
        }
    }
    out
}
