//! Arbitrary text as an `#if` expression.
#![no_main]

use deftab::evaluate::eval_pp_condition;
use deftab::scan::scan;
use deftab::source::SourceMap;
use deftab::target::Target;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).replace('\n', " ");
    let mut sm = SourceMap::new();
    let file = sm.add_virtual("<fuzz>", text.clone());
    if let Ok(tokens) = scan(file, &text) {
        let _ = eval_pp_condition(&sm, Target::default_target(), &tokens);
    }
});
