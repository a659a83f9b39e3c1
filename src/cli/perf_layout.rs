//! Which perf-beauty layout a kernel tree has, read from its own `tools/perf/Makefile.perf`
//! (beside the pipeline: the presets only configure it). The tables a Makefile.perf
//! generates (`$(beauty_outdir)/NAME.c`, `$(beauty_ioctl_outdir)/NAME.c`) tell Linux 6.1's
//! layout (28 tables, header copies under `tools/include`) from 6.12's (31, copies under
//! `tools/perf/trace/beauty/include`); a tree that is neither is an error naming what was
//! looked for, never the nearest layout.

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
    let text = presets::PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| format!("no preset `{name}`"))?;
    let manifest = Manifest::parse(name, text).map_err(|e| e.to_string())?;
    Ok(manifest
        .files
        .iter()
        .map(|f| f.get_ref().path.clone())
        .collect())
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
