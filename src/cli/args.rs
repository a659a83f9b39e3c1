//! Options shared by the commands: the header options of every command that reads headers,
//! `--format text|json`, `--manifest`/`--preset`.

use crate::generate::{GenerateError, ManifestFile, presets};
use crate::preprocess::{CmdMacro, Limits, Options};
use crate::target::{DEFAULT_TARGET, Target, kernel_tree};
use clap::{ArgMatches, Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Args, Debug, Clone)]
pub struct HeaderArgs {
    /// Add DIR to the include search path (searched before the system directories).
    #[arg(short = 'I', value_name = "DIR")]
    pub include: Vec<PathBuf>,
    /// Define a macro, as `cc -D`: NAME, NAME=VALUE, or 'NAME(ARGS)=VALUE'.
    #[arg(short = 'D', value_name = "NAME[=VAL]")]
    pub define: Vec<String>,
    /// Undefine a macro (also a predefined one), as `cc -U`.
    #[arg(short = 'U', value_name = "NAME")]
    pub undef: Vec<String>,
    /// The machine to read headers for: a short name (x86_64, s390x, mips, …), a GNU
    /// triplet (s390x-linux-gnu) or a Debian architecture (arm64, ppc64el).
    #[arg(long, value_name = "T", default_value = DEFAULT_TARGET, value_parser = TargetName)]
    pub target: String,
    /// Replace the system include directories (default: for the host /usr/include/<triplet>
    /// and /usr/include; for another target its Debian cross sysroot /usr/<triplet>/include
    /// when installed).
    #[arg(long = "sysroot-include", value_name = "DIR")]
    pub system: Vec<PathBuf>,
    /// Read the headers of a kernel source tree instead, as `make headers_install` lays them
    /// out for the target: arch/<arch>/include/uapi, include/uapi, asm-generic fallbacks.
    #[arg(long = "kernel-tree", value_name = "DIR", conflicts_with = "system")]
    pub kernel_tree: Option<PathBuf>,
    /// Raise or lower a guard against hostile input (repeatable): include-depth (200),
    /// expansion-depth (1000), expansion-tokens (1048576), unit-tokens (16777216),
    /// file-size (bytes, 67108864), line-length (bytes, 1048576). Going past one is an error
    /// with a position.
    #[arg(long = "limit", value_name = "NAME=N", value_parser = parse_limit)]
    pub limits: Vec<(String, u64)>,
    /// Do not read the C library's <stdc-predef.h> first (gcc reads it implicitly, unless
    /// -ffreestanding or -nostdinc): no __STDC_IEC_559__, __STDC_ISO_10646__, ….
    #[arg(long = "no-stdc-predef")]
    pub no_stdc_predef: bool,
}

/// `--format` of `dump` and `explain`: lines for people, or JSON for programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

/// `--target`: any string (names are checked where they are used, with a hint), offering
/// the short names to shell completions.
#[derive(Clone, Debug)]
pub struct TargetName;

impl clap::builder::TypedValueParser for TargetName {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let names = crate::target::TARGETS.iter().map(|t| t.name);
        Some(Box::new(names.map(clap::builder::PossibleValue::new)))
    }
}

/// `NAME=N` of `--limit`, checked against the known names.
fn parse_limit(s: &str) -> Result<(String, u64), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=N, found `{s}`"))?;
    let value: u64 = value
        .trim()
        .parse()
        .map_err(|e| format!("`{value}` is not a number: {e}"))?;
    Limits::default()
        .set(name.trim(), value)
        .map_err(|e| e.to_string())?;
    Ok((name.trim().to_string(), value))
}

impl HeaderArgs {
    /// The preprocessor options, with -D/-U in their command-line order.
    fn options(&self, matches: Option<&ArgMatches>) -> Options {
        let mut macros: Vec<(usize, CmdMacro)> = Vec::new();
        let indexed = |id: &str| -> Vec<usize> {
            matches
                .and_then(|m| m.indices_of(id))
                .map(|i| i.collect())
                .unwrap_or_default()
        };
        let (di, ui) = (indexed("define"), indexed("undef"));
        for (n, d) in self.define.iter().enumerate() {
            macros.push((di.get(n).copied().unwrap_or(n), CmdMacro::Define(d.clone())));
        }
        for (n, u) in self.undef.iter().enumerate() {
            macros.push((
                ui.get(n).copied().unwrap_or(usize::MAX / 2 + n),
                CmdMacro::Undef(u.clone()),
            ));
        }
        macros.sort_by_key(|(i, _)| *i);
        let mut limits = Limits::default();
        for (name, value) in &self.limits {
            // Names were checked when the command line was parsed.
            let _ = limits.set(name, *value);
        }
        Options {
            limits,
            include_dirs: self.include.clone(),
            system_dirs: (!self.system.is_empty()).then(|| self.system.clone()),
            macros: macros.into_iter().map(|(_, m)| m).collect(),
            without_stdc_predef: self.no_stdc_predef,
            ..Options::default()
        }
    }

    pub fn target(&self) -> Result<&'static Target, String> {
        Target::lookup(&self.target).map_err(|e| e.to_string())
    }

    /// The target and the preprocessor options for it (`--kernel-tree` needs both).
    pub fn resolve(
        &self,
        matches: Option<&ArgMatches>,
    ) -> Result<(&'static Target, Options), String> {
        let target = self.target()?;
        Ok((target, self.options_for(target, matches)?))
    }

    /// The preprocessor options to read headers for `target`.
    pub fn options_for(
        &self,
        target: &Target,
        matches: Option<&ArgMatches>,
    ) -> Result<Options, String> {
        let mut options = self.options(matches);
        if let Some(tree) = &self.kernel_tree {
            options.read_kernel_tree(kernel_tree::roots(tree, target).map_err(|e| e.to_string())?);
        }
        Ok(options)
    }
}

/// `--manifest FILE` or `--preset NAME`, parsed; `None` without either.
pub fn load_manifest(
    manifest: Option<&Path>,
    preset: Option<&str>,
) -> Result<Option<ManifestFile>, GenerateError> {
    match (manifest, preset) {
        (Some(m), _) => ManifestFile::read(m).map(Some),
        (None, Some(p)) => presets::load(p).map(Some),
        (None, None) => Ok(None),
    }
}
