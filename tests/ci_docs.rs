//! docs/ci.md's recipes, exercised: the exit-code table names every command, the YAML of the
//! GitHub Actions workflow, the GitLab CI job and the pre-commit configuration parses
//! (PyYAML), and their deftab commands give the exit codes the page says on a project with
//! a current table and with a stale one; the Makefile rule regenerates and checks perf's
//! tables in the kernel tree; the header-copies workflow fails on the 6.12 tree, whose
//! drifted copies move perf's tables.

mod common;
use common::{add_a_flag, deftab_in, kernel_tree, need_gcc, precommit_project, venv_tool};
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Command;

fn doc() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md")).unwrap()
}

/// The fenced block of `lang` whose first line is `first`.
fn block(lang: &str, first: &str) -> String {
    let doc = doc();
    let fence = format!("```{lang}\n");
    let mut blocks = doc.split(&fence).skip(1);
    let found = blocks.find(|b| b.starts_with(first));
    let body =
        found.unwrap_or_else(|| panic!("docs/ci.md has no ```{lang} block starting {first}"));
    body.split("\n```").next().unwrap().to_string() + "\n"
}

/// YAML as JSON, read by PyYAML (`safe_load`: plain data only).
fn yaml(text: &str) -> Value {
    let mut child = Command::new(venv_tool("python"))
        .args([
            "-c",
            "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "not YAML:\n{text}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `sh -c COMMAND` in `dir`, with this build's deftab first on PATH.
fn shell(dir: &Path, command: &str) -> (i32, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_deftab")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .args(["-c", command])
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code().unwrap_or(-1), text)
}

/// The project of the recipes with its table generated (current).
fn project(name: &str) -> std::path::PathBuf {
    let d = precommit_project(name);
    deftab_in(&d, &["generate", "--manifest", "deftab.toml"], 0);
    d
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_exit_code_table_has_a_row_for_every_command() {
    let help = common::deftab(&["--help"]);
    let commands: Vec<&str> = help
        .split("Commands:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 10, "{help}");
    let doc = doc();
    let table = doc.split("## Exit codes").nth(1).unwrap();
    for c in commands {
        assert!(
            table.contains(&format!("`{c}`")),
            "no exit codes for `{c}` in docs/ci.md"
        );
    }
}

#[test]
#[ignore = "needs the Python tools: .ci/venv (CI runs it)"]
fn github_workflow_parses_and_its_steps_fail_only_on_a_stale_table() {
    need_gcc();
    let workflow = yaml(&block("yaml", "# .github/workflows/tables.yml"));
    let steps = workflow["jobs"]["deftab"]["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert_eq!(runs[0], "cargo install --locked deftab"); // tests/precommit.rs installs
    let (check, verify) = (runs[1], runs[2]);
    assert!(check.starts_with("deftab generate") && verify.starts_with("deftab verify"));
    let upload = steps.last().unwrap();
    assert_eq!(upload["with"]["sarif_file"], "deftab.sarif");

    let d = project("gha");
    assert_eq!(shell(&d, check), (0, String::new()));
    assert_eq!(shell(&d, verify).0, 0);
    let sarif: Value = serde_json::from_slice(&fs::read(d.join("deftab.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    add_a_flag(&d);
    let (code, out) = shell(&d, check);
    assert_eq!(code, 1, "{out}");
    // The new flag goes in before the array's end: that line is annotated.
    let old = fs::read_to_string(d.join("tables/flags.c")).unwrap();
    let end = 1 + old.lines().position(|l| l == "};").unwrap();
    let annotation = format!("::error file=tables/flags.c,line={end},title=stale generated file::");
    assert!(out.starts_with(&annotation), "{out}");
    assert_eq!(shell(&d, verify).0, 0);
    fs::remove_dir_all(&d).unwrap();
}

#[test]
#[ignore = "needs the Python tools: .ci/venv (CI runs it)"]
fn gitlab_job_parses_and_fails_only_on_a_stale_table() {
    need_gcc();
    let job = yaml(&block("yaml", "# .gitlab-ci.yml"));
    assert_eq!(
        strings(&job["tables"]["before_script"]),
        ["cargo install --locked deftab"]
    );
    let script = strings(&job["tables"]["script"]);
    assert_eq!(script.len(), 2);
    let d = project("gitlab");
    for command in &script {
        assert_eq!(shell(&d, command).0, 0, "{command}");
    }
    add_a_flag(&d);
    let (code, out) = shell(&d, &script[0]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("+\t[3] = \"SYNC\","), "{out}");
    assert_eq!(shell(&d, &script[1]).0, 0);
    fs::remove_dir_all(&d).unwrap();
}

#[test]
#[ignore = "needs the Python tools: .ci/venv (CI runs it)"]
fn precommit_snippet_names_a_hook_of_this_repository_with_arguments_that_work() {
    let config = yaml(&block("yaml", "# .pre-commit-config.yaml"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hooks = yaml(&fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap());
    let ids: Vec<&str> = hooks
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["deftab-check", "deftab-lint"]);
    let used = &config["repos"][0]["hooks"][0];
    let hook = &hooks[0];
    assert_eq!(used["id"], hook["id"]);
    assert_eq!(hook["language"], "rust");
    // The hook's command with the snippet's arguments, as pre-commit runs it.
    let command = format!(
        "{} {}",
        hook["entry"].as_str().unwrap(),
        strings(&used["args"]).join(" ")
    );
    let d = project("pre-commit-config");
    assert_eq!(shell(&d, &command).0, 0, "{command}");
    add_a_flag(&d);
    assert_eq!(shell(&d, &command).0, 1, "{command}");
    fs::remove_dir_all(&d).unwrap();
}

#[test]
#[ignore = "needs the kernel tree: .ci/kernel-tree or DEFTAB_KERNEL_TREE=DIR (CI runs it)"]
fn makefile_rule_writes_perf_beauty_tables_and_its_check_fails_when_one_is_stale() {
    let tree = kernel_tree();
    let d = std::env::temp_dir().join(format!("deftab-make-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    fs::write(d.join("Makefile"), block("make", "DEFTAB ?= deftab")).unwrap();
    let make = |target: &str| {
        let out = Command::new("make")
            .args(["-s", target])
            .arg(format!("srctree={}", tree.display()))
            .arg(format!("OUTPUT={}/", d.display()))
            .arg(format!("DEFTAB={}", env!("CARGO_BIN_EXE_deftab")))
            .current_dir(&d)
            .output()
            .expect("make runs");
        out.status.code().unwrap_or(-1)
    };
    assert_eq!(make("beauty-tables"), 0);
    let generated = d.join("trace/beauty/generated");
    let count = |dir: &Path| walk(dir).len();
    assert_eq!(count(&generated), 31);
    assert_eq!(make("check-beauty-tables"), 0);
    let one = generated.join("fadvise_advice_array.c");
    fs::write(&one, "/* edited */\n").unwrap();
    assert_eq!(make("check-beauty-tables"), 2);
    assert_eq!(make("beauty-tables"), 0);
    assert_eq!(make("check-beauty-tables"), 0);
    fs::remove_dir_all(&d).unwrap();
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A directory whose entries are links to the kernel tree's: the tree, read-only, with
/// room for the files a recipe writes.
fn tree_view(name: &str) -> std::path::PathBuf {
    let tree = kernel_tree();
    let d = std::env::temp_dir().join(format!("deftab-ci-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    for e in fs::read_dir(&tree).unwrap() {
        let e = e.unwrap();
        std::os::unix::fs::symlink(e.path(), d.join(e.file_name())).unwrap();
    }
    d
}

#[test]
#[ignore = "needs the kernel tree and the Python tools: .ci/kernel-tree, .ci/venv (CI runs it)"]
fn headers_workflow_parses_and_fails_on_the_copies_that_move_a_table() {
    let workflow = yaml(&block("yaml", "# .github/workflows/headers.yml"));
    let steps = workflow["jobs"]["check-headers"]["steps"]
        .as_array()
        .unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert_eq!(runs[0], "cargo install --locked deftab");
    let (strict, sarif) = (runs[1], runs[2]);
    assert!(
        strict.contains("--impact --strict --format github"),
        "{strict}"
    );
    let upload = steps.last().unwrap();
    assert_eq!(upload["with"]["sarif_file"], "check-headers.sarif");
    assert!(sarif.ends_with("> check-headers.sarif"), "{sarif}");

    let d = tree_view("headers");
    let (code, out) = shell(&d, strict);
    assert_eq!(code, 1, "{out}");
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 3, "{out}");
    for copy in ["asm/msr-index.h", "linux/vhost.h", "asm/unistd.h"] {
        assert!(errors.iter().any(|l| l.contains(copy)), "{copy}: {out}");
    }
    assert_eq!(
        out.lines().filter(|l| l.starts_with("::notice ")).count(),
        9,
        "{out}"
    );
    assert_eq!(shell(&d, sarif).0, 0);
    let report: Value =
        serde_json::from_slice(&fs::read(d.join("check-headers.sarif")).unwrap()).unwrap();
    assert_eq!(report["version"], "2.1.0");
    assert_eq!(
        report["runs"][0]["results"].as_array().map(Vec::len),
        Some(12)
    );
    fs::remove_dir_all(&d).unwrap();
}
