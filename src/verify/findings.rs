//! A verify [`VerifyReport`] as [`Finding`]s for CI (`deftab verify --format github|sarif`): a
//! disagreement with the compiler is an error on the header line; what deftab skipped but
//! the compiler knows is a note.

use super::report::{HeaderLine, VerifyReport, describe};
use crate::findings::{Finding, Level, Rule};

pub static MISMATCH: Rule = Rule {
    id: "verify/mismatch",
    description: "deftab and the C compiler give a constant different values or types.",
    level: Level::Error,
};
pub static SKIPPED: Rule = Rule {
    id: "verify/skipped",
    description: "The compiler evaluates a constant that deftab gave no value.",
    level: Level::Note,
};
pub static SIZE_MISMATCH: Rule = Rule {
    id: "verify/size-mismatch",
    description: "deftab and the C compiler give a struct or union different sizes.",
    level: Level::Error,
};
pub static RECORD_SKIPPED: Rule = Rule {
    id: "verify/record-skipped",
    description: "The compiler sizes a struct or union that deftab could not lay out.",
    level: Level::Note,
};

impl VerifyReport {
    /// Mismatches, skipped constants, size mismatches, skipped records: as `render` orders
    /// them.
    pub fn findings(&self) -> Vec<Finding> {
        let at = |f: Finding, p: &HeaderLine| f.at(p.path.display().to_string(), Some(p.line));
        let mut out = Vec::new();
        for m in &self.mismatches {
            let message = format!(
                "{}: deftab {}, compiler {}",
                m.name,
                describe(&m.deftab),
                m.compiler.describe()
            );
            out.push(at(Finding::new(&MISMATCH, "mismatch", message), &m.place));
        }
        for s in &self.skipped_known {
            let message = format!(
                "{}: compiler {}; deftab: {}",
                s.name,
                describe(&s.compiler),
                s.reason
            );
            out.push(at(
                Finding::new(&SKIPPED, "skipped by deftab", message),
                &s.place,
            ));
        }
        for m in &self.size_mismatches {
            let message = format!(
                "sizeof({}): deftab {}, compiler {}",
                m.record, m.deftab, m.compiler
            );
            let f = Finding::new(&SIZE_MISMATCH, "size mismatch", message);
            out.push(at(f, &m.place));
        }
        for s in &self.records_skipped {
            let message = format!(
                "sizeof({}): compiler {}; deftab: {}",
                s.record, s.compiler, s.reason
            );
            let f = Finding::new(&RECORD_SKIPPED, "record skipped by deftab", message);
            out.push(at(f, &s.place));
        }
        out
    }
}
