//! Every input the fuzzers (fuzz/) ever crashed on, and real inputs of each shape (kernel
//! `#if` conditions, a preset, headers with the constructs uapi headers use and the bad input
//! deftab guards against), replayed through the same code as the fuzz target, so a fixed
//! crash stays fixed. Add a file to tests/fuzz/<target>/ for each new artifact. Each target
//! has inputs: an empty directory would let its test pass having run nothing.

use deftab::evaluate::{Evaluator, NoLayouts, eval_pp_condition};
use deftab::generate::manifest::Manifest;
use deftab::header::Session;
use deftab::parse::Declarations;
use deftab::preprocess::Options;
use deftab::scan::scan;
use deftab::source::SourceMap;
use deftab::target::Target;
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"));
    files.sort();
    assert!(!files.is_empty(), "{} has no inputs", dir.display());
    files
}

#[test]
fn header_inputs() {
    for path in inputs("header") {
        let options = Options {
            system_dirs: Some(vec![]),
            ..Options::default()
        };
        let mut session = Session::new(Target::default_target(), options);
        let _ = session.constants(path.to_str().expect("utf-8 path"));
    }
}

#[test]
fn expression_inputs() {
    for path in inputs("expression") {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let mut sm = SourceMap::new();
        let file = sm.add_virtual("<fuzz>", text.clone());
        let Ok(tokens) = scan(file, &text) else {
            continue;
        };
        let decls = Declarations::default();
        let ev = Evaluator {
            sm: &sm,
            target: Target::default_target(),
            decls: &decls,
            enum_values: Default::default(),
            layouts: &NoLayouts,
        };
        let _ = ev.eval(&tokens);
    }
}

#[test]
fn pp_condition_inputs() {
    for path in inputs("pp_condition") {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).replace('\n', " ");
        let mut sm = SourceMap::new();
        let file = sm.add_virtual("<fuzz>", text.clone());
        if let Ok(tokens) = scan(file, &text) {
            let _ = eval_pp_condition(&sm, Target::default_target(), &tokens);
        }
    }
}

#[test]
fn manifest_inputs() {
    for path in inputs("manifest") {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        if let Err(e) = Manifest::parse("fuzz.toml", &text) {
            let _ = e.to_string();
        }
    }
}
