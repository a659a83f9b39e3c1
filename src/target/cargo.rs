//! The machine a build is for: in a cargo build script, the target cargo builds for (it
//! tells the script in `TARGET` and `CARGO_CFG_TARGET_*`); anywhere else, the host. A
//! machine deftab does not know is an error, never a silent default.

use super::{Target, UnknownTarget};

/// Why the machine being built for is not one of deftab's targets.
#[derive(Debug, thiserror::Error)]
pub enum MachineError {
    /// The cargo target (`TARGET`) is not a Linux machine deftab knows.
    #[error(
        "cargo builds for `{triple}`, {why}; name the machine whose headers to read with \
         .target(NAME) (`deftab targets` lists the names)"
    )]
    Cargo {
        /// Cargo's target triple (`TARGET`), or its architecture when `TARGET` is unset.
        triple: String,
        /// What deftab does not know about it.
        why: String,
    },
    /// The host, outside a build script, is not a machine deftab knows.
    #[error(
        "the host ({arch}) is not a Linux machine deftab knows; name the machine whose \
         headers to read with .target(NAME) (`deftab targets` lists the names)"
    )]
    Host {
        /// `std::env::consts::ARCH` and `OS`.
        arch: String,
    },
    /// A name given with `.target(NAME)` that deftab does not know.
    #[error(transparent)]
    Unknown(#[from] UnknownTarget),
}

/// The machine a build is for, from the environment `env` gives (`std::env::var` in a
/// build script): cargo's target when `CARGO_CFG_TARGET_ARCH` is set, as cargo sets it for
/// every build script; else the host.
pub fn build_machine(
    env: impl Fn(&str) -> Option<String>,
) -> Result<&'static Target, MachineError> {
    match env("CARGO_CFG_TARGET_ARCH") {
        Some(arch) => cargo_machine(&env, &arch),
        None => Target::host().ok_or_else(|| MachineError::Host {
            arch: format!("{} {}", std::env::consts::ARCH, std::env::consts::OS),
        }),
    }
}

/// The deftab target of cargo's `CARGO_CFG_TARGET_ARCH`, `_ENDIAN`, `_POINTER_WIDTH` and
/// `_OS`, checked against its data model.
fn cargo_machine(
    env: &impl Fn(&str) -> Option<String>,
    arch: &str,
) -> Result<&'static Target, MachineError> {
    let endian = env("CARGO_CFG_TARGET_ENDIAN").unwrap_or_default();
    let width = env("CARGO_CFG_TARGET_POINTER_WIDTH").unwrap_or_default();
    let os = env("CARGO_CFG_TARGET_OS").unwrap_or_else(|| "linux".into());
    let unknown = |why: String| MachineError::Cargo {
        triple: env("TARGET").unwrap_or_else(|| arch.to_string()),
        why,
    };
    if os != "linux" && os != "android" {
        return Err(unknown(format!(
            "whose OS is `{os}`: deftab reads Linux headers"
        )));
    }
    let little = endian == "little";
    // Rust's architecture names, where they are not deftab's.
    let name = match arch {
        "x86_64" if width == "32" => "x32",
        "x86" => "i386",
        "powerpc64" if little => "powerpc64le",
        "mips" if little => "mipsel",
        "mips64" if little => "mips64el",
        other => other,
    };
    let target = Target::lookup(name).map_err(|e| unknown(e.to_string()))?;
    let model = &target.model;
    let same_endian = endian.is_empty() || model.big_endian == (endian == "big");
    let same_width = width.is_empty() || width == (u32::from(model.pointer) * 8).to_string();
    if !same_endian || !same_width {
        return Err(unknown(format!(
            "a {width}-bit {endian}-endian {arch}: deftab's `{}` is {}-bit {}-endian",
            target.name,
            u32::from(model.pointer) * 8,
            if model.big_endian { "big" } else { "little" },
        )));
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cargo_env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn machine(
        triple: &str,
        arch: &str,
        endian: &str,
        width: &str,
    ) -> Result<&'static str, String> {
        let vars = [
            ("TARGET", triple),
            ("CARGO_CFG_TARGET_ARCH", arch),
            ("CARGO_CFG_TARGET_ENDIAN", endian),
            ("CARGO_CFG_TARGET_POINTER_WIDTH", width),
            ("CARGO_CFG_TARGET_OS", "linux"),
        ];
        build_machine(cargo_env(&vars))
            .map(|t| t.name)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn rust_targets_map_to_deftab_targets() {
        let cases = [
            (
                "x86_64-unknown-linux-gnu",
                "x86_64",
                "little",
                "64",
                "x86_64",
            ),
            (
                "x86_64-unknown-linux-gnux32",
                "x86_64",
                "little",
                "32",
                "x32",
            ),
            ("i686-unknown-linux-gnu", "x86", "little", "32", "i386"),
            (
                "aarch64-unknown-linux-gnu",
                "aarch64",
                "little",
                "64",
                "aarch64",
            ),
            (
                "armv7-unknown-linux-gnueabihf",
                "arm",
                "little",
                "32",
                "arm",
            ),
            (
                "riscv64gc-unknown-linux-gnu",
                "riscv64",
                "little",
                "64",
                "riscv64",
            ),
            ("s390x-unknown-linux-gnu", "s390x", "big", "64", "s390x"),
            (
                "powerpc64-unknown-linux-gnu",
                "powerpc64",
                "big",
                "64",
                "powerpc64",
            ),
            (
                "powerpc64le-unknown-linux-gnu",
                "powerpc64",
                "little",
                "64",
                "powerpc64le",
            ),
            (
                "powerpc-unknown-linux-gnu",
                "powerpc",
                "big",
                "32",
                "powerpc",
            ),
            ("mips-unknown-linux-gnu", "mips", "big", "32", "mips"),
            (
                "mips64-unknown-linux-gnuabi64",
                "mips64",
                "big",
                "64",
                "mips64",
            ),
            (
                "sparc64-unknown-linux-gnu",
                "sparc64",
                "big",
                "64",
                "sparc64",
            ),
            (
                "loongarch64-unknown-linux-gnu",
                "loongarch64",
                "little",
                "64",
                "loongarch64",
            ),
        ];
        for (triple, arch, endian, width, want) in cases {
            assert_eq!(machine(triple, arch, endian, width), Ok(want), "{triple}");
        }
    }

    #[test]
    fn unknown_machines_are_errors_naming_the_triple() {
        for (triple, arch, endian, width) in [
            ("mipsel-unknown-linux-gnu", "mips", "little", "32"),
            ("aarch64_be-unknown-linux-gnu", "aarch64", "big", "64"),
            ("riscv32gc-unknown-linux-gnu", "riscv32", "little", "32"),
            ("aarch64-linux-android", "aarch64", "little", "32"),
        ] {
            let err = machine(triple, arch, endian, width).unwrap_err();
            assert!(
                err.starts_with(&format!("cargo builds for `{triple}`")),
                "{err}"
            );
            assert!(err.contains(".target(NAME)"), "{err}");
        }
        let windows = [
            ("TARGET", "x86_64-pc-windows-msvc"),
            ("CARGO_CFG_TARGET_ARCH", "x86_64"),
            ("CARGO_CFG_TARGET_OS", "windows"),
        ];
        let err = build_machine(cargo_env(&windows)).unwrap_err().to_string();
        assert!(err.contains("whose OS is `windows`"), "{err}");
    }

    #[test]
    fn outside_a_build_script_the_machine_is_the_host() {
        let got = build_machine(|_| None).map(|t| t.name).ok();
        assert_eq!(got, Target::host().map(|t| t.name));
    }
}
