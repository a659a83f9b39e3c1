//! `deftab targets`: the machines `--target` takes, their names, and what is installed here
//! to read their headers (a sysroot) and to `verify` them (a cross compiler).

use super::output::print;
use super::{CommandResult, Status};
use crate::target::{TARGETS, Target};
use std::path::PathBuf;

pub const EXAMPLES: &str = "Examples:
  deftab targets
  deftab dump --target s390x linux/fadvise.h";

/// Where the headers of `t` are read from by default, if anywhere.
fn sysroot(t: &Target) -> Option<PathBuf> {
    match t.is_host() {
        true => Some(PathBuf::from("/usr/include")).filter(|p| p.is_dir()),
        false => t.cross_sysroot_include(),
    }
}

/// The compiler `verify` would run for `t`: `gcc` for the host, else `<triplet>-gcc`, as
/// found on PATH.
fn compiler(t: &Target) -> Option<String> {
    let name = match t.is_host() {
        true => "gcc".to_string(),
        false => format!("{}-gcc", t.cc_triplet),
    };
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .any(|dir| dir.join(&name).is_file())
        .then_some(name)
}

fn or_none(p: Option<String>) -> String {
    p.unwrap_or_else(|| "-".into())
}

pub fn run() -> CommandResult {
    let header = [
        "NAME",
        "ALIASES",
        "GNU TRIPLET",
        "DEBIAN",
        "KERNEL",
        "HEADERS HERE",
        "COMPILER HERE",
    ];
    let mut rows: Vec<[String; 7]> = vec![header.map(String::from)];
    for t in TARGETS {
        let mut aliases: Vec<&str> = t.aliases.to_vec();
        if t.cc_triplet != t.triplet {
            aliases.push(t.cc_triplet);
        }
        rows.push([
            t.name.to_string(),
            match aliases.is_empty() {
                true => "-".into(),
                false => aliases.join(","),
            },
            t.triplet.to_string(),
            t.debian_arch.to_string(),
            t.kernel_arch.to_string(),
            or_none(sysroot(t).map(|p| p.display().to_string())),
            or_none(compiler(t)),
        ]);
    }
    let mut widths = [0; 7];
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.len());
        }
    }
    let mut out = String::new();
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out += line.join("  ").trim_end();
        out.push('\n');
    }
    out += "\n--target takes the name, an alias, the GNU triplet or the Debian name. Without \
            headers here: --kernel-tree DIR, or --sysroot-include DIR.\n";
    print(&out)?;
    Ok(Status::Success)
}
