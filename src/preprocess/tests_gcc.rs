//! Cross-checks against gcc on the real uapi headers: the final macro table (`gcc -dM -E`)
//! and the token stream (`gcc -E -P`).

use super::{Options, Preprocessor};
use crate::scan::{render, scan, spelling};
use crate::source::SourceMap;
use crate::target::Target;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn gcc(args: &[&str], path: &Path) -> Option<String> {
    let out = Command::new("gcc").args(args).arg(path).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Spellings of the tokens of `text`.
fn spellings(text: &str) -> Vec<String> {
    let mut sm = SourceMap::new();
    let f = sm.add_virtual("<gcc>", text.to_string());
    let toks = scan(f, &sm.file(f).text.clone()).unwrap_or_default();
    toks.iter().map(|t| spelling(&sm, t).into_owned()).collect()
}

/// Compares one header; `Ok(false)` if gcc rejects it, `Err` describes the first mismatch.
fn compare(pp: &mut Preprocessor, sm: &mut SourceMap, path: &Path) -> Result<bool, String> {
    let Some(dm) = gcc(&["-dM", "-E", "-x", "c"], path) else {
        return Ok(false);
    };
    let Some(e) = gcc(&["-E", "-P", "-x", "c"], path) else {
        return Ok(false);
    };
    let out = pp.run(sm, path).map_err(|d| d.render(sm))?;
    let mut want = BTreeMap::new();
    for line in dm.lines() {
        let Some(def) = line.strip_prefix("#define ") else {
            continue;
        };
        let end = def.find([' ', '(']).unwrap_or(def.len());
        let (name, rest) = def.split_at(end);
        // Put the parameter list and the body in the same shape as ours.
        want.insert(name.to_string(), spellings(rest));
    }
    let mut got = BTreeMap::new();
    for (name, m) in &out.macros {
        let mut text = String::new();
        if let Some(ps) = &m.params {
            let mut ps = ps.clone();
            if m.variadic && !m.named_variadic {
                ps.push("...".into());
            }
            text = format!("({})", ps.join(","));
            if m.named_variadic {
                text = text.replacen(')', "...)", 1);
            }
        }
        text.push(' ');
        text.push_str(&render(sm, &m.body));
        got.insert(name.to_string(), spellings(&text));
    }
    for (name, w) in &want {
        match got.get(name) {
            None => return Err(format!("{}: macro {name} missing", path.display())),
            Some(g) if g != w => {
                return Err(format!(
                    "{}: macro {name}: {g:?} != gcc {w:?}",
                    path.display()
                ));
            }
            _ => {}
        }
    }
    if let Some(extra) = got.keys().find(|k| !want.contains_key(*k)) {
        return Err(format!("{}: extra macro {extra}", path.display()));
    }
    let text: String = e
        .lines()
        .filter(|l| !l.trim_start().starts_with("#pragma"))
        .collect::<Vec<_>>()
        .join("\n");
    let want_toks = spellings(&text);
    let got_toks: Vec<String> = out
        .tokens
        .iter()
        .map(|t| spelling(sm, t).into_owned())
        .collect();
    if want_toks != got_toks {
        let i = want_toks
            .iter()
            .zip(&got_toks)
            .position(|(a, b)| a != b)
            .unwrap_or(want_toks.len().min(got_toks.len()));
        let ctx = |v: &[String]| v[i.saturating_sub(5)..(i + 5).min(v.len())].join(" ");
        return Err(format!(
            "{}: tokens differ at {i}: ours `{}` gcc `{}` (lengths {} vs {})",
            path.display(),
            ctx(&got_toks),
            ctx(&want_toks),
            got_toks.len(),
            want_toks.len()
        ));
    }
    Ok(true)
}

/// gcc's own search list (its `include` directory holds `stddef.h`, which some uapi
/// headers reach through glibc).
fn gcc_like_options() -> Options {
    let gcc_dir = Command::new("gcc")
        .arg("-print-file-name=include")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let dirs = [
        gcc_dir.as_str(),
        "/usr/local/include",
        "/usr/include/x86_64-linux-gnu",
        "/usr/include",
    ];
    Options {
        without_builtin_headers: true,
        system_dirs: Some(
            dirs.iter()
                .map(std::path::PathBuf::from)
                .filter(|d| d.is_dir())
                .collect(),
        ),
        ..Options::default()
    }
}

fn gcc_available() -> bool {
    Command::new("gcc").arg("--version").output().is_ok()
        && Path::new("/usr/include/linux").is_dir()
}

#[test]
#[cfg_attr(
    not(all(target_arch = "x86_64", target_pointer_width = "64")),
    ignore = "compares deftab's x86_64 reading with the host's gcc: needs an x86_64 host"
)]
fn sample_headers_match_gcc() {
    assert!(
        gcc_available(),
        "needs gcc and /usr/include/linux: apt-get install gcc linux-libc-dev"
    );
    let target = Target::lookup("x86_64").unwrap();
    let mut pp = Preprocessor::new(target, gcc_like_options());
    let mut sm = SourceMap::new();
    let (mut compared, mut rejected, mut failures) = (0, vec![], vec![]);
    for h in [
        "bpf.h",
        "kvm.h",
        "fs.h",
        "fadvise.h",
        "if_link.h",
        "perf_event.h",
        "input.h",
        "ioctl.h",
        "stddef.h",
        "netfilter.h",
    ] {
        let p = Path::new("/usr/include/linux").join(h);
        match compare(&mut pp, &mut sm, &p) {
            Ok(true) => compared += 1,
            Ok(false) => rejected.push(h),
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // A header gcc rejects is not compared: every one of these must be.
    assert!(
        rejected.is_empty(),
        "gcc rejected {rejected:?}: nothing compared for them"
    );
    assert_eq!(compared, 10);
}

/// All of /usr/include/linux/*.h, one unit each with one preprocessor (slow: runs gcc
/// twice per header). `cargo test --lib all_linux_headers -- --ignored --nocapture`.
#[test]
#[cfg_attr(
    not(all(target_arch = "x86_64", target_pointer_width = "64")),
    ignore = "compares deftab's x86_64 reading with the host's gcc: needs an x86_64 host"
)]
#[cfg_attr(
    all(target_arch = "x86_64", target_pointer_width = "64"),
    ignore = "slow: gcc twice on each of the 544 linux/*.h (CI runs it with --include-ignored)"
)]
fn all_linux_headers_match_gcc() {
    let target = Target::lookup("x86_64").unwrap();
    let mut pp = Preprocessor::new(target, gcc_like_options());
    let mut sm = SourceMap::new();
    let mut paths: Vec<_> = std::fs::read_dir("/usr/include/linux")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "h"))
        .collect();
    paths.sort();
    let (mut same, mut rejected, mut failures) = (0, 0, vec![]);
    for p in &paths {
        match compare(&mut pp, &mut sm, p) {
            Ok(true) => same += 1,
            Ok(false) => rejected += 1,
            Err(e) => failures.push(e),
        }
    }
    for f in &failures {
        println!("{f}");
    }
    println!(
        "{} headers: {same} match gcc exactly, {rejected} rejected by gcc, {} differ",
        paths.len(),
        failures.len()
    );
    assert!(failures.is_empty());
    // All but a few headers compile alone (542 of 544 on 6.1): a run comparing few of them
    // checked little.
    assert!(
        rejected * 20 <= paths.len(),
        "gcc rejected {rejected} of {}",
        paths.len()
    );
}
