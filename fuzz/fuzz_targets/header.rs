//! Arbitrary bytes as a header: scan, preprocess, parse, evaluate. Must never panic, hang or
//! run out of memory; errors are fine.
#![no_main]

use deftab::header::Session;
use deftab::preprocess::Options;
use deftab::target::Target;
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    // A real file, so includes of itself and `__FILE__` behave as for any header.
    let dir = std::env::temp_dir();
    let path = dir.join(format!("deftab-fuzz-{}.h", std::process::id()));
    let Ok(mut f) = std::fs::File::create(&path) else { return };
    if f.write_all(data).is_err() {
        return;
    }
    drop(f);
    let options = Options { system_dirs: Some(vec![]), ..Options::default() };
    let mut session = Session::new(Target::default_target(), options);
    let _ = session.constants(path.to_str().unwrap_or_default());
});
