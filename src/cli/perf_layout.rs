//! Which perf-beauty layout a kernel tree has, read from its own `tools/perf/Makefile.perf`
//! (beside the pipeline: the presets only configure it). The tables a Makefile.perf
//! generates (`$(beauty_outdir)/NAME.c`, `$(beauty_ioctl_outdir)/NAME.c`) tell Linux 6.1's
//! layout (28 tables, header copies under `tools/include`) from 6.12's (31, copies under
//! `tools/perf/trace/beauty/include`); a tree that is neither is an error naming what was
//! looked for, never the nearest layout. `perf-syscalltbl` (6.15+) reads perf's copies of the
//! syscall tables, which older trees do not have: [`syscalltbl_inputs`] says so up front.

use crate::generate::{Manifest, presets};
use std::collections::BTreeSet;
use std::path::Path;

/// The Makefile, relative to a tree's root.
pub const MAKEFILE: &str = "tools/perf/Makefile.perf";

/// The layouts `perf-beauty` follows: (Linux version, preset).
const LAYOUTS: &[(&str, &str)] = &[("6.12", "perf-beauty"), ("6.1", "perf-beauty-6.1")];

/// The preset reproducing the perf-beauty tables of the tree at `root`.
pub fn beauty_preset(root: &Path) -> Result<&'static str, String> {
    let path = root.join(MAKEFILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e}: preset `perf-beauty` reads the tree's Makefile.perf to find which tables \
             it generates (pass --root TREE, a kernel source tree)",
            path.display()
        )
    })?;
    let made = beauty_tables(&text);
    let mut nearest = Vec::new();
    for (version, preset) in LAYOUTS {
        let ours = preset_files(preset)?;
        if ours == made {
            return Ok(preset);
        }
        let extra: Vec<&String> = made.difference(&ours).collect();
        let missing: Vec<&String> = ours.difference(&made).collect();
        nearest.push((
            extra.len() + missing.len(),
            *version,
            extra.len(),
            missing.len(),
        ));
    }
    nearest.sort();
    let (_, version, extra, missing) = nearest[0];
    Err(format!(
        "{}: generates {} beauty tables ({}); deftab reproduces Linux 6.1's 28 and 6.12's 31, \
         and this list is neither (nearest: {version}, {extra} more, {missing} fewer)",
        path.display(),
        made.len(),
        made.iter().cloned().collect::<Vec<_>>().join(", ")
    ))
}

/// The presets whose tables the perf of the tree at `root` generates: its beauty layout, and
/// its per-architecture syscall tables or, since Linux 6.15, the all-architecture one.
pub fn perf_presets(root: &Path) -> Result<[&'static str; 2], String> {
    let beauty = beauty_preset(root)?;
    let syscalls = match syscalls_preset(root) {
        Ok(preset) => preset,
        Err(_) if syscalltbl_inputs(root).is_ok() => "perf-syscalltbl",
        Err(e) => return Err(e),
    };
    Ok([beauty, syscalls])
}

/// perf's x86 Makefile, relative to a tree's root: which syscall tables it makes tells the
/// perf-syscalls layouts apart.
pub const X86_MAKEFILE: &str = "tools/perf/arch/x86/Makefile";

/// The preset reproducing the per-architecture syscall tables of the tree at `root`: 6.12's
/// x86 Makefile makes `syscalls_64.c` and `syscalls_32.c`, 6.1's `syscalls_64.c` only.
pub fn syscalls_preset(root: &Path) -> Result<&'static str, String> {
    let path = root.join(X86_MAKEFILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e}: preset `perf-syscalls` reads the tree's x86 Makefile to find which syscall \
             tables its perf makes (pass --root TREE, a kernel source tree before Linux 6.15)",
            path.display()
        )
    })?;
    match (
        text.contains("syscalls_64.c"),
        text.contains("syscalls_32.c"),
    ) {
        (true, true) => Ok("perf-syscalls"),
        (true, false) => Ok("perf-syscalls-6.1"),
        _ => Err(format!(
            "{}: makes neither `syscalls_64.c` nor `syscalls_32.c`; deftab reproduces the \
             per-architecture tables of Linux 6.1 and 6.12 (since 6.15 perf makes one \
             all-architecture table: preset `perf-syscalltbl`)",
            path.display()
        )),
    }
}

/// The copies of the syscall tables preset `perf-syscalltbl` reads (its tables' headers), all
/// present under `root`, or an error naming those missing: trees before Linux 6.15 have none
/// (their perf makes one table per architecture: preset `perf-syscalls`).
pub fn syscalltbl_inputs(root: &Path) -> Result<(), String> {
    let name = "perf-syscalltbl";
    let manifest = Manifest::parse(name, preset_text(name)?).map_err(|e| e.to_string())?;
    let mut inputs = BTreeSet::new();
    for file in &manifest.files {
        for item in &file.get_ref().items {
            let Some(table) = &item.get_ref().table else {
                continue;
            };
            for header in &table.read.headers {
                let mut path = header.clone();
                for (dir, value) in &manifest.dirs {
                    path = path.replace(&format!("${dir}/"), &format!("{}/", value.get_ref()));
                }
                inputs.insert(path);
            }
        }
    }
    let missing: Vec<&String> = inputs.iter().filter(|p| !root.join(p).is_file()).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = |v: Vec<&String>| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
    Err(format!(
        "{}: preset `{name}` reads perf's copies of the syscall tables (Linux 6.15 and later): \
         {} of {} missing ({}); a tree before 6.15 lacks them (its perf makes one table per \
         architecture: preset `perf-syscalls`)",
        root.display(),
        missing.len(),
        inputs.len(),
        list(missing)
    ))
}

/// The file names of `$(beauty_outdir)/NAME.c` and `$(beauty_ioctl_outdir)/NAME.c`
/// assignments (`var := $(beauty_outdir)/NAME.c`), as perf's Makefile names its outputs.
fn beauty_tables(makefile: &str) -> BTreeSet<String> {
    makefile
        .lines()
        .filter_map(|l| {
            let (_, value) = l.split_once(":=")?;
            let value = value.trim();
            let name = value
                .strip_prefix("$(beauty_outdir)/")
                .or_else(|| value.strip_prefix("$(beauty_ioctl_outdir)/"))?;
            (name.ends_with(".c") && !name.contains('/')).then(|| name.to_string())
        })
        .collect()
}

/// The files a preset writes.
fn preset_files(name: &str) -> Result<BTreeSet<String>, String> {
    let manifest = Manifest::parse(name, preset_text(name)?).map_err(|e| e.to_string())?;
    Ok(manifest
        .files
        .iter()
        .map(|f| f.get_ref().path.clone())
        .collect())
}

/// The text of the built-in preset `name`.
fn preset_text(name: &str) -> Result<&'static str, String> {
    presets::PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| format!("no preset `{name}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outputs_of_makefile_perf_are_its_beauty_tables() {
        let makefile = "beauty_outdir := $(OUTPUT)trace/beauty/generated\n\
            drm_ioctl_array := $(beauty_ioctl_outdir)/drm_ioctl_array.c\n\
            socket_arrays := $(beauty_outdir)/socket.c\n\
            x := $(beauty_outdir)/sub/y.c\n";
        let got: Vec<String> = beauty_tables(makefile).into_iter().collect();
        assert_eq!(got, ["drm_ioctl_array.c", "socket.c"]);
    }

    #[test]
    fn each_layout_has_its_count_of_tables() {
        assert_eq!(preset_files("perf-beauty").unwrap().len(), 31);
        assert_eq!(preset_files("perf-beauty-6.1").unwrap().len(), 28);
    }
}
