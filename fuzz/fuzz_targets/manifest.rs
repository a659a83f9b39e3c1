//! Arbitrary text as a TOML manifest: parsed and validated, never a panic.
#![no_main]

use deftab::generate::manifest::Manifest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = Manifest::parse("fuzz.toml", &text) {
        // Rendering the error (with its source excerpt) must not panic either.
        let _ = e.to_string();
    }
});
