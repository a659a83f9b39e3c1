//! Arbitrary text as a constant expression (casts, sizeof, character constants…).
#![no_main]

use deftab::evaluate::{Evaluator, NoLayouts};
use deftab::parse::Declarations;
use deftab::scan::scan;
use deftab::source::SourceMap;
use deftab::target::Target;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut sm = SourceMap::new();
    let file = sm.add_virtual("<fuzz>", text.clone());
    let Ok(tokens) = scan(file, &text) else { return };
    let decls = Declarations::default();
    let ev = Evaluator {
        sm: &sm,
        target: Target::default_target(),
        decls: &decls,
        enum_values: Default::default(),
        layouts: &NoLayouts,
    };
    let _ = ev.eval(&tokens);
});
