//! A build script using the one-call form (`TableSpec::generate`) gets the values of the
//! machine cargo builds for. The fixture crate `tests/fixtures/build-script` is built as
//! cargo would build it (its `build.rs` and `src/main.rs` with rustc, against the deftab
//! library this test was linked with, so nothing is compiled twice) and its build script
//! run with the environment cargo gives a build script.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build-script")
}

/// The deftab library next to this test binary (`target/<profile>/deps`): the newest
/// `libdeftab-*.rlib`, the one cargo just built for the tests.
fn deftab_rlib(deps: &Path) -> PathBuf {
    let rlibs = std::fs::read_dir(deps).expect("the deps directory is readable");
    rlibs
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("libdeftab-") && name.ends_with(".rlib")
        })
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .expect("cargo built libdeftab-*.rlib beside the test binary")
}

fn rustc(args: &[&str], env: &[(&str, &Path)]) {
    let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(["--edition", "2024", "-C", "debuginfo=0"])
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("rustc runs");
    assert!(
        out.status.success(),
        "rustc {args:?}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The fixture's build script, compiled into `dir`.
fn build_script(dir: &Path) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.parent().expect("the test binary is in deps/");
    let extern_deftab = format!("deftab={}", deftab_rlib(deps).display());
    let search = format!("dependency={}", deps.display());
    let script = dir.join("build-script-build");
    let source = fixture().join("build.rs");
    rustc(
        &[
            "--crate-name",
            "build_script_build",
            "--crate-type",
            "bin",
            "--extern",
            &extern_deftab,
            "-L",
            &search,
            "-o",
            script.to_str().expect("a UTF-8 path"),
            source.to_str().expect("a UTF-8 path"),
        ],
        &[],
    );
    script
}

/// Runs the build script with cargo's build-script environment for `cargo_target` (TARGET,
/// CARGO_CFG_TARGET_ARCH, _ENDIAN, _POINTER_WIDTH, _OS), or the host's when `None`.
fn run_script(script: &Path, out_dir: &Path, cargo_target: Option<[&str; 4]>) -> Output {
    let mut cmd = Command::new(script);
    cmd.env("CARGO_MANIFEST_DIR", fixture())
        .env("OUT_DIR", out_dir);
    for cfg in ["ARCH", "ENDIAN", "POINTER_WIDTH", "OS"] {
        cmd.env_remove(format!("CARGO_CFG_TARGET_{cfg}"));
    }
    cmd.env_remove("TARGET");
    if let Some([triple, arch, endian, width]) = cargo_target {
        cmd.env("TARGET", triple)
            .env("CARGO_CFG_TARGET_ARCH", arch)
            .env("CARGO_CFG_TARGET_ENDIAN", endian)
            .env("CARGO_CFG_TARGET_POINTER_WIDTH", width)
            .env("CARGO_CFG_TARGET_OS", "linux");
    }
    cmd.output().expect("the build script runs")
}

/// The crate's program, built with the table its build script wrote to `out_dir`, run: the
/// names it prints for the values it asks about.
fn crate_output(dir: &Path, out_dir: &Path) -> String {
    let exe = dir.join("machine-table");
    let main = fixture().join("src/main.rs");
    rustc(
        &[
            "--crate-name",
            "machine_table",
            "-o",
            exe.to_str().expect("a UTF-8 path"),
            main.to_str().expect("a UTF-8 path"),
        ],
        &[("OUT_DIR", out_dir)],
    );
    let out = Command::new(&exe)
        .output()
        .expect("the crate's program runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_cross_build_script_gets_the_targets_values() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let script = build_script(dir.path());

    // cargo build --target mips-unknown-linux-gnu
    let mips_out = dir.path().join("mips");
    std::fs::create_dir(&mips_out).expect("OUT_DIR created");
    let mips = ["mips-unknown-linux-gnu", "mips", "big", "32"];
    let run = run_script(&script, &mips_out, Some(mips));
    assert!(
        run.status.success(),
        "the build script failed for mips:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        crate_output(dir.path(), &mips_out),
        "32 LONG_BITS\n1000 MIPS\n4321 BIG_ENDIAN\n"
    );

    // A plain `cargo build` on this machine: the host's values.
    let host_out = dir.path().join("host");
    std::fs::create_dir(&host_out).expect("OUT_DIR created");
    let run = run_script(&script, &host_out, None);
    let host = deftab::target::Target::host();
    assert_eq!(run.status.success(), host.is_some(), "{run:?}");
    if let Some(host) = host {
        let model = host.model;
        let expected = format!(
            "{} LONG_BITS\n{}\n",
            u32::from(model.long) * 8,
            if model.big_endian {
                "4321 BIG_ENDIAN"
            } else {
                "1234 LITTLE_ENDIAN"
            },
        );
        assert_eq!(crate_output(dir.path(), &host_out), expected);
    }

    // Little-endian MIPS is not a deftab target: an error, not another machine's values.
    let mipsel = ["mipsel-unknown-linux-gnu", "mips", "little", "32"];
    let run = run_script(&script, &mips_out, Some(mipsel));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    // `main` returning the error prints it with `Debug`.
    assert!(
        stderr.contains(r#"triple: "mipsel-unknown-linux-gnu""#),
        "{stderr}"
    );
    assert!(
        stderr.contains("little-endian MIPS, not a deftab target"),
        "{stderr}"
    );
}
