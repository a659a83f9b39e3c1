//! The import graph of the library's top-level modules is a ladder: no module imports a
//! module that imports it back, directly or through others, and every module imports only
//! the ones ARCHITECTURE.md lists below it. Unit tests are left out: a test may drive the
//! whole pipeline.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Top-level module → the top-level modules its non-test code names as `crate::X`.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn is_test_file(rel: &Path) -> bool {
    let name = rel.file_stem().unwrap().to_string_lossy();
    name == "tests"
        || name.starts_with("tests_")
        || rel.components().any(|c| c.as_os_str() == "tests")
}

/// The code of a file without comments and without its `#[cfg(test)]` module (by this
/// project's convention the last item of a file).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::NAME` path, including the names in `crate::{a, b::c}` groups.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first segment of each path at the group's top level names a module.
            let mut depth = 0;
            let mut at_start = true;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => at_start = true,
                    c if at_start && (c.is_alphanumeric() || c == '_') => {
                        out.insert(ident_at(&group[j..]));
                        at_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident_at(rest));
        }
    }
    out
}

fn ident_at(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn walk(dir: &Path, root: &Path, graph: &mut Graph) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, root, graph);
            continue;
        }
        let rel = path.strip_prefix(root).unwrap();
        if path.extension().is_none_or(|e| e != "rs") || is_test_file(rel) {
            continue;
        }
        let module = module_of(rel);
        if module == "lib" || module == "main" {
            continue;
        }
        let names = crate_paths(&code(&fs::read_to_string(&path).unwrap()));
        let edges = graph.entry(module.clone()).or_default();
        edges.extend(names.into_iter().filter(|n| *n != module));
    }
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = Graph::new();
    walk(&src, &src, &mut graph);
    // Re-exports at the crate root (`crate::Constant`) are not modules.
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for edges in graph.values_mut() {
        edges.retain(|m| modules.contains(m));
    }
    graph
}

/// Whether `to` reaches `from` through the graph.
fn reaches(graph: &Graph, from: &str, to: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        if last == to && path.len() > 1 {
            return Some(path);
        }
        if !seen.insert(last.clone()) {
            continue;
        }
        for next in graph.get(last).into_iter().flatten() {
            let mut p = path.clone();
            p.push(next.clone());
            stack.push(p);
        }
    }
    None
}

#[test]
fn top_level_modules_import_in_one_direction() {
    let graph = graph();
    let mut cycles = Vec::new();
    for (module, edges) in &graph {
        for dep in edges {
            if let Some(back) = reaches(&graph, dep, module) {
                cycles.push(format!("{module} → {}", back.join(" → ")));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "imports that come back:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_checker_sees_imports_and_groups() {
    let names = crate_paths(&code(
        "use crate::{scan::Token, source::{Loc, Span}};\n// crate::cli\nfn f() { crate::diag::x() }",
    ));
    let want: BTreeSet<String> = ["scan", "source", "diag"].map(String::from).into();
    assert_eq!(names, want);
    let g: Graph = [
        ("a".to_string(), ["b".to_string()].into()),
        ("b".to_string(), ["a".to_string()].into()),
    ]
    .into();
    assert!(reaches(&g, "b", "a").is_some());
}

/// The ladder as ARCHITECTURE.md writes it, bottom first: the backquoted module names
/// between "From the bottom:" and the sentence naming this test.
fn documented_ladder() -> Vec<String> {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md is readable");
    let start = doc
        .find("From the bottom:")
        .expect("ARCHITECTURE.md lists the ladder \"From the bottom:\"");
    let rest = &doc[start..];
    let end = rest
        .find("`tests/architecture.rs`")
        .expect("the ladder ends naming tests/architecture.rs");
    rest[..end]
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(String::from)
        .collect()
}

#[test]
fn imports_follow_the_documented_ladder() {
    let graph = graph();
    let ladder = documented_ladder();
    let rung = |m: &str| ladder.iter().position(|l| l == m);
    let unlisted: Vec<&String> = graph.keys().filter(|m| rung(m).is_none()).collect();
    assert!(
        unlisted.is_empty(),
        "modules ARCHITECTURE.md's ladder does not list: {unlisted:?}"
    );
    let mut upward = Vec::new();
    for (module, edges) in &graph {
        for dep in edges {
            if rung(dep) > rung(module) {
                upward.push(format!("{module} imports {dep}, listed above it"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against ARCHITECTURE.md's order:\n{}",
        upward.join("\n")
    );
}
