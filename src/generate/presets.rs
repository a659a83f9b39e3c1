//! Built-in presets: manifests embedded in the binary (`presets/NAME.toml`).

use super::{GenerateError, ManifestFile};
use std::path::Path;

/// (name, manifest text), in the order `deftab presets` lists them.
pub const PRESETS: &[(&str, &str)] = &[
    ("uapi", include_str!("../../presets/uapi.toml")),
    (
        "perf-beauty",
        include_str!("../../presets/perf-beauty.toml"),
    ),
    (
        "perf-beauty-6.1",
        include_str!("../../presets/perf-beauty-6.1.toml"),
    ),
    (
        "perf-beauty-fixed",
        include_str!("../../presets/perf-beauty-fixed.toml"),
    ),
    (
        "perf-syscalls",
        include_str!("../../presets/perf-syscalls.toml"),
    ),
    (
        "perf-syscalls-6.1",
        include_str!("../../presets/perf-syscalls-6.1.toml"),
    ),
    (
        "perf-syscalls-fixed",
        include_str!("../../presets/perf-syscalls-fixed.toml"),
    ),
    (
        "perf-syscalltbl",
        include_str!("../../presets/perf-syscalltbl.toml"),
    ),
];

/// The preset called `name`, parsed (an error names the known presets).
pub fn load(name: &str) -> Result<ManifestFile, GenerateError> {
    let (_, text) = PRESETS.iter().find(|(n, _)| *n == name).ok_or_else(|| {
        let names: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
        GenerateError::Io(format!(
            "no preset `{name}` (presets: {}; see `deftab presets`)",
            names.join(", ")
        ))
    })?;
    Ok(ManifestFile::load(
        &format!("presets/{name}.toml"),
        text,
        Path::new(""),
    )?)
}

/// Every preset with its description, for `deftab presets`.
pub fn list() -> Vec<(&'static str, String)> {
    PRESETS
        .iter()
        .map(|(n, text)| {
            let d = super::Manifest::parse(n, text)
                .map(|m| m.description)
                .unwrap_or_else(|e| format!("(invalid: {e})"));
            (*n, d)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_preset_parses_and_has_a_description() {
        for (name, text) in super::PRESETS {
            let m = super::super::Manifest::parse(name, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(!m.description.is_empty(), "{name}");
            assert!(!m.files.is_empty(), "{name}");
        }
    }
}
