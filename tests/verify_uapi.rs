//! The cross-check on real data: `deftab verify` over every /usr/include/linux/*.h agrees
//! with gcc on every constant both evaluate, and evaluates nearly all of gcc's.

use std::process::Command;

#[test]
fn every_installed_linux_header_agrees_with_gcc() {
    let mut headers: Vec<String> = std::fs::read_dir("/usr/include/linux")
        .expect("linux-libc-dev is installed (/usr/include/linux)")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "h"))
        .map(|p| p.display().to_string())
        .collect();
    headers.sort();
    assert!(headers.len() > 500, "only {} headers", headers.len());

    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .arg("verify")
        .args(&headers)
        .env("NO_COLOR", "1")
        .output()
        .expect("deftab runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);

    let mismatches: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(": mismatch: "))
        .collect();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));

    // Coverage of the constants gcc evaluates, leaving out those that need struct layouts
    // until the layout engine computes them.
    let summary = stdout.lines().last().unwrap_or_default();
    let coverage = |marker: &str| -> f64 {
        let at = summary
            .find(marker)
            .unwrap_or_else(|| panic!("no `{marker}` in {summary}"));
        let before = &summary[..at];
        let start = before
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map_or(0, |i| i + 1);
        before[start..]
            .parse()
            .unwrap_or_else(|_| panic!("coverage in {summary}"))
    };
    let without_layouts = if summary.contains("leaving out") {
        coverage("% leaving out")
    } else {
        coverage("%)")
    };
    assert!(without_layouts >= 99.0, "{summary}");

    // The only headers that fail are those gcc cannot compile on their own either.
    for line in stderr.lines().filter(|l| l.contains("error")) {
        let Some(header) = line
            .split([' ', ':'])
            .find(|w| w.starts_with("/usr/include/linux/") && w.ends_with(".h"))
        else {
            continue;
        };
        let gcc = Command::new("gcc")
            .args(["-fsyntax-only", "-x", "c", header])
            .output()
            .expect("gcc runs");
        assert!(
            !gcc.status.success(),
            "deftab failed on {header}, gcc did not:\n{line}"
        );
    }
}
