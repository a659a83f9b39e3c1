//! `deftab generate` killed with SIGKILL at many points of its run never leaves a partial
//! output file: each file the preset writes is absent, still the old one, or complete.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deftab-kill-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).expect("temp dir");
    d
}

fn generate(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_deftab"));
    c.args(["generate", "--preset", "uapi", "--out-dir", "out"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// Every file under `dir/out` by name (an absent directory is empty).
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = fs::read_dir(dir.join("out")) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn killed_generate_leaves_old_or_complete_files() {
    common::need_kernel_headers();
    let reference_dir = scratch("reference");
    let start = Instant::now();
    let status = generate(&reference_dir).status().unwrap();
    let full_run = start.elapsed();
    assert!(status.success());
    let complete = contents(&reference_dir);
    assert!(complete.len() > 5, "{complete:?}");
    let old = |name: &str| format!("/* old {name} */\n").into_bytes();

    // Kill times spread evenly over one full run (a low-discrepancy sequence: reproducible,
    // and every part of the run gets hit); the loop is bounded in count and in time.
    let budget = Instant::now();
    let mut seen = BTreeMap::<&str, usize>::new();
    for i in 0..40u32 {
        if budget.elapsed() > Duration::from_secs(15) {
            break;
        }
        let d = scratch("run");
        let with_old = i % 2 == 1;
        if with_old {
            fs::create_dir_all(d.join("out")).unwrap();
            for name in complete.keys() {
                fs::write(d.join("out").join(name), old(name)).unwrap();
            }
        }
        let fraction = (f64::from(i) * 0.618_033_988_75).fract() * 1.2;
        let mut child = generate(&d).spawn().unwrap();
        std::thread::sleep(full_run.mul_f64(fraction));
        let _ = child.kill(); // SIGKILL; the run may have finished already
        child.wait().unwrap();

        for (name, bytes) in contents(&d) {
            if name.starts_with('.') && name.ends_with(".tmp") {
                // A temporary file the kill interrupted: never one of the outputs.
                *seen.entry("temporary file left").or_default() += 1;
                continue;
            }
            let Some(want) = complete.get(&name) else {
                panic!("run {i}: unexpected file {name}");
            };
            if &bytes == want {
                *seen.entry("complete").or_default() += 1;
            } else if with_old && bytes == old(&name) {
                *seen.entry("old").or_default() += 1;
            } else {
                panic!(
                    "run {i} (killed after {:?}): {name} is partial or wrong ({} bytes, complete is {})",
                    full_run.mul_f64(fraction),
                    bytes.len(),
                    want.len()
                );
            }
        }
        if i % 4 == 0 {
            // The next complete run finishes the job and sweeps the killed run's temporaries.
            assert!(generate(&d).status().unwrap().success());
            assert_eq!(contents(&d), complete, "run {i}: rerun after the kill");
        }
        fs::remove_dir_all(&d).unwrap();
    }
    eprintln!("files after the kills: {seen:?}");
    fs::remove_dir_all(&reference_dir).unwrap();
}
