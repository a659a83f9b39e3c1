//! The record probe against the host gcc: the layout fixtures' records as deftab sizes them.

use super::*;
use crate::evaluate::EvalError;
use crate::header::Session;
use crate::layout::RecordSize;
use crate::target::Target;

fn layout_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layout")
        .join(name)
}

fn records_report(target: &str, cc: &[&str], name: &str, tamper: bool) -> VerifyReport {
    let target = Target::lookup(target).unwrap();
    let mut session = Session::new(target, Options::default());
    let path = layout_fixture(name);
    let mut hc = session.constants(path.to_str().unwrap()).unwrap();
    assert!(
        hc.records.len() >= 4,
        "{name}: {} records",
        hc.records.len()
    );
    if tamper {
        if let Ok((size, _)) = &mut hc.records[0].size {
            *size += 4;
        }
        // One the compiler cannot size, and one deftab could not.
        hc.records.push(RecordSize {
            tag: "nowhere".into(),
            ..hc.records[1].clone()
        });
        hc.records[1].size = Err(EvalError::NeedsLayout("struct x".into()));
    }
    let compiler = Compiler {
        argv: cc.iter().map(|s| s.to_string()).collect(),
    };
    check_records(
        &compiler,
        &hc.unit.path,
        &Options::default(),
        &hc.records,
        &session.sm,
    )
    .unwrap()
}

#[test]
fn every_fixture_record_has_gccs_size() {
    for name in [
        "basics.h",
        "attributes.h",
        "bitfields.h",
        "pragma_pack.h",
        "ioctl.h",
    ] {
        for (target, cc) in [("x86_64", &["gcc"][..]), ("i386", &["gcc", "-m32"][..])] {
            let r = records_report(target, cc, name, false);
            assert!(
                r.size_mismatches.is_empty(),
                "{target} {name}: {}",
                r.render()
            );
            assert!(
                r.records_skipped.is_empty(),
                "{target} {name}: {}",
                r.render()
            );
            assert!(r.records_compared >= 4, "{target} {name}: {}", r.render());
        }
    }
}

#[test]
fn a_wrong_size_is_a_mismatch_and_unknown_records_are_left_out() {
    let r = records_report("x86_64", &["gcc"], "basics.h", true);
    assert_eq!(r.size_mismatches.len(), 1, "{}", r.render());
    let m = &r.size_mismatches[0];
    assert_eq!(m.deftab, m.compiler + 4);
    assert_eq!(r.records_skipped.len(), 1, "{}", r.render());
    assert!(r.has_mismatches());
    let text = r.render();
    assert!(
        text.contains(&format!(
            "size mismatch: sizeof({}): deftab {}, compiler {}",
            m.record, m.deftab, m.compiler
        )),
        "{text}"
    );
    assert!(text.contains("1 size mismatches"), "{text}");
    assert!(!text.contains("struct nowhere"), "{text}");
}
