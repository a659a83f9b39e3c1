//! Evaluates every `linux/*.h` for every target in one process and prints the time:
//! the "all headers, all architectures, under 3 s" benchmark (bench/all-targets.sh
//! runs it). Each target reads its Debian cross sysroot (`/usr/<triplet>/include`; the
//! host: `/usr/include`), or, without one, its headers in the kernel tree given as the
//! first argument (`arch/<arch>/include/uapi` + `include/uapi`).
//!
//! usage: cargo run --release --example all_targets [KERNEL_TREE]

use deftab::header::Session;
use deftab::preprocess::Options;
use deftab::target::{TARGETS, Target, kernel_tree};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

// The allocator the deftab binary uses (src/main.rs), so the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The options and the `linux/*.h` headers to read for `t`, or why there are none.
fn inputs(t: &Target, tree: Option<&Path>) -> Result<(Options, Vec<PathBuf>, String), String> {
    let (options, linux, source) = if t.is_host() {
        (
            Options::default(),
            PathBuf::from("/usr/include/linux"),
            "/usr/include".to_string(),
        )
    } else if let Some(sysroot) = t.cross_sysroot_include() {
        let source = sysroot.display().to_string();
        (Options::default(), sysroot.join("linux"), source)
    } else {
        let tree = tree.ok_or("no sysroot and no kernel tree given")?;
        let mut options = Options::default();
        options.read_kernel_tree(kernel_tree::roots(tree, t).map_err(|e| e.to_string())?);
        (
            options,
            tree.join("include/uapi/linux"),
            format!("kernel tree {}", tree.display()),
        )
    };
    let mut headers: Vec<PathBuf> = std::fs::read_dir(&linux)
        .map_err(|e| format!("{}: {e}", linux.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "h"))
        .collect();
    headers.sort();
    Ok((options, headers, source))
}

/// What one target's run produced.
struct Run {
    line: String,
    headers: usize,
    constants: usize,
    failed: usize,
}

fn run(t: &'static Target, tree: Option<&Path>) -> Run {
    let t0 = Instant::now();
    let (options, headers, source) = match inputs(t, tree) {
        Ok(i) => i,
        Err(why) => {
            return Run {
                line: format!("{:<12} skipped: {why}", t.name),
                headers: 0,
                constants: 0,
                failed: 0,
            };
        }
    };
    let mut session = Session::new(t, options);
    let (mut constants, mut failed) = (0, 0);
    for h in &headers {
        match session.constants(&h.to_string_lossy()) {
            Ok(hc) => constants += hc.constants.len(),
            Err(_) => failed += 1,
        }
    }
    Run {
        line: format!(
            "{:<12} {:>4} headers {:>6} constants {:>3} unreadable {:>6.0} ms  ({source})",
            t.name,
            headers.len(),
            constants,
            failed,
            t0.elapsed().as_secs_f64() * 1000.0
        ),
        headers: headers.len(),
        constants,
        failed,
    }
}

fn main() {
    let tree = std::env::args().nth(1).map(PathBuf::from);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let start = Instant::now();
    // One session per target; targets are shared out to one thread per core.
    let next = AtomicUsize::new(0);
    let mut runs: Vec<(usize, Run)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(t) = TARGETS.get(i) else { break done };
                        done.push((i, run(t, tree.as_deref())));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a worker panicked"))
            .collect()
    });
    let elapsed = start.elapsed();
    runs.sort_by_key(|(i, _)| *i);
    for (_, r) in &runs {
        println!("{}", r.line);
    }
    let sum = |f: fn(&Run) -> usize| runs.iter().map(|(_, r)| f(r)).sum::<usize>();
    println!(
        "all targets: {} headers, {} constants, {} unreadable, {:.2} s on {threads} threads",
        sum(|r| r.headers),
        sum(|r| r.constants),
        sum(|r| r.failed),
        elapsed.as_secs_f64()
    );
}
