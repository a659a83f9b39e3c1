//! Comparing deftab's constants with what the compiler computed, and the text report.

use crate::constant::{ConstKind, Constant};
use crate::ctype::IntRank;
use crate::evaluate::{EvalError, Value};
use crate::layout::RecordSize;
use crate::source::SourceMap;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

/// What the compiler made of one candidate name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompilerResult {
    /// An integer constant expression of this type and value.
    Int(Value),
    /// It compiled, but is not of an integer type (`double`, a pointer, a string…).
    NotInteger(String),
    /// The compiler rejected it as a constant (a type, empty, needs a runtime value…).
    NotConstant,
}

/// A place in a header, resolved when the report is built.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct HeaderLine {
    pub path: PathBuf,
    pub line: u32,
}

/// deftab and the compiler disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub place: HeaderLine,
    pub name: String,
    pub deftab: Value,
    pub compiler: CompilerResult,
}

/// A constant the compiler evaluates but deftab did not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedKnown {
    pub place: HeaderLine,
    pub name: String,
    /// deftab's reason, or that deftab did not find the name at all.
    pub reason: String,
    pub compiler: Value,
    /// deftab skipped it for want of a struct layout (`sizeof(struct …)`).
    pub needs_layout: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyReport {
    pub headers: usize,
    /// Constants both deftab and the compiler evaluated (including mismatches).
    pub compared: usize,
    pub mismatches: Vec<Mismatch>,
    pub skipped_known: Vec<SkippedKnown>,
    /// Constants deftab evaluated that the compiler rejected as constant expressions.
    pub unknown_to_compiler: usize,
    /// Enumerators not compared because a macro of the same name hides them.
    pub hidden_by_macro: usize,
    /// Macros not compared because their value depends on where they are expanded
    /// (`__LINE__`…): the compiler's value is the probe's.
    pub position_dependent: usize,
    /// Structs and unions whose `sizeof` both deftab and the compiler computed.
    pub records_compared: usize,
    pub size_mismatches: Vec<SizeMismatch>,
    /// Records the compiler sizes but deftab could not lay out.
    pub records_skipped: Vec<RecordSkipped>,
}

/// deftab's `sizeof` of a record differs from the compiler's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SizeMismatch {
    pub place: HeaderLine,
    pub record: String,
    pub deftab: u64,
    pub compiler: u64,
}

/// A record the compiler sizes and deftab did not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordSkipped {
    pub place: HeaderLine,
    pub record: String,
    pub reason: String,
    pub compiler: u64,
}

/// The compiler's view of one header: results by name, and the object-like macros it saw
/// defined in the header itself (name, line).
pub(crate) struct CompilerView<'a> {
    pub header: PathBuf,
    pub results: &'a HashMap<String, CompilerResult>,
    pub header_macros: &'a [(String, u32)],
}

impl VerifyReport {
    /// Compares one header's constants with the compiler's results.
    pub(crate) fn compare(
        constants: &[Constant],
        view: &CompilerView,
        sm: &SourceMap,
    ) -> VerifyReport {
        let mut report = VerifyReport {
            headers: 1,
            ..VerifyReport::default()
        };
        let mut seen = HashSet::new();
        // A macro named like an enumerator hides it from the compiler's probe
        // (`#define __TC_MQPRIO_MODE_MAX (__TC_MQPRIO_MODE_MAX - 1)`): compare the macro only.
        let defines: HashSet<&str> = constants
            .iter()
            .filter(|c| c.kind == ConstKind::Define)
            .map(|c| c.name.as_str())
            .collect();
        let valued: HashSet<&str> = constants
            .iter()
            .filter(|c| c.value.is_ok())
            .map(|c| c.name.as_str())
            .collect();
        for c in constants {
            seen.insert(c.name.as_str());
            if c.kind == ConstKind::Enumerator && defines.contains(c.name.as_str()) {
                report.hidden_by_macro += 1;
                continue;
            }
            let pos = sm.position(c.loc);
            let place = HeaderLine {
                path: pos.path,
                line: pos.line,
            };
            let result = view.results.get(&c.name);
            match (&c.value, result) {
                (Ok(v), Some(CompilerResult::Int(cv))) => {
                    report.compared += 1;
                    if !same(v, cv) {
                        report.push_mismatch(place, c, *v, CompilerResult::Int(*cv));
                    }
                }
                (Ok(v), Some(r @ CompilerResult::NotInteger(_))) => {
                    report.push_mismatch(place, c, *v, r.clone());
                }
                (Ok(_), Some(CompilerResult::NotConstant) | None) => {
                    report.unknown_to_compiler += 1;
                }
                // Another site of the same name has the value (an identical redefinition).
                (Err(_), _) if valued.contains(c.name.as_str()) => {}
                (Err(s), _) if matches!(s.error, EvalError::PositionDependent(_)) => {
                    report.position_dependent += 1;
                }
                (Err(skipped), Some(CompilerResult::Int(cv))) => {
                    report.skipped_known.push(SkippedKnown {
                        place,
                        name: c.name.clone(),
                        reason: skipped.reason(sm, c.loc),
                        compiler: *cv,
                        needs_layout: matches!(skipped.error, EvalError::NeedsLayout(_)),
                    });
                }
                (Err(_), _) => {}
            }
        }
        for (name, line) in view.header_macros {
            if seen.contains(name.as_str()) {
                continue;
            }
            if let Some(CompilerResult::Int(cv)) = view.results.get(name) {
                report.skipped_known.push(SkippedKnown {
                    place: HeaderLine {
                        path: view.header.clone(),
                        line: *line,
                    },
                    name: name.clone(),
                    reason: "not found by deftab".to_string(),
                    compiler: *cv,
                    needs_layout: false,
                });
            }
        }
        report.sort();
        report
    }

    fn push_mismatch(
        &mut self,
        place: HeaderLine,
        c: &Constant,
        deftab: Value,
        compiler: CompilerResult,
    ) {
        self.mismatches.push(Mismatch {
            place,
            name: c.name.clone(),
            deftab,
            compiler,
        });
    }

    fn sort(&mut self) {
        self.mismatches
            .sort_by(|a, b| (&a.place, &a.name).cmp(&(&b.place, &b.name)));
        self.skipped_known
            .sort_by(|a, b| (&a.place, &a.name).cmp(&(&b.place, &b.name)));
        self.size_mismatches
            .sort_by(|a, b| (&a.place, &a.record).cmp(&(&b.place, &b.record)));
        self.records_skipped
            .sort_by(|a, b| (&a.place, &a.record).cmp(&(&b.place, &b.record)));
    }

    /// Adds another header's report.
    pub fn merge(&mut self, other: VerifyReport) {
        self.headers += other.headers;
        self.compared += other.compared;
        self.mismatches.extend(other.mismatches);
        self.skipped_known.extend(other.skipped_known);
        self.unknown_to_compiler += other.unknown_to_compiler;
        self.hidden_by_macro += other.hidden_by_macro;
        self.position_dependent += other.position_dependent;
        self.records_compared += other.records_compared;
        self.size_mismatches.extend(other.size_mismatches);
        self.records_skipped.extend(other.records_skipped);
        self.sort();
    }

    pub fn has_mismatches(&self) -> bool {
        !self.mismatches.is_empty() || !self.size_mismatches.is_empty()
    }

    /// Compares deftab's record sizes with the compiler's (`sizeof` by record name).
    pub(crate) fn compare_records(
        records: &[RecordSize],
        compiler: &HashMap<String, u64>,
        sm: &SourceMap,
    ) -> VerifyReport {
        let mut report = VerifyReport::default();
        for r in records {
            let name = r.name();
            let Some(&cv) = compiler.get(&name) else {
                continue;
            };
            let pos = sm.position(r.loc);
            let place = HeaderLine {
                path: pos.path,
                line: pos.line,
            };
            match &r.size {
                Ok((size, _)) => {
                    report.records_compared += 1;
                    if *size != cv {
                        report.size_mismatches.push(SizeMismatch {
                            place,
                            record: name,
                            deftab: *size,
                            compiler: cv,
                        });
                    }
                }
                Err(e) => report.records_skipped.push(RecordSkipped {
                    place,
                    record: name,
                    reason: e.to_string(),
                    compiler: cv,
                }),
            }
        }
        report
    }

    /// Share of the constants the compiler evaluates that deftab evaluated too, in percent.
    pub fn coverage(&self) -> f64 {
        let known = self.compared + self.skipped_known.len();
        if known == 0 {
            100.0
        } else {
            self.compared as f64 * 100.0 / known as f64
        }
    }

    /// Coverage leaving out the constants that need a struct layout (a later stage).
    pub fn coverage_without_layouts(&self) -> f64 {
        let layout = self.skipped_known.iter().filter(|s| s.needs_layout).count();
        let known = self.compared + self.skipped_known.len() - layout;
        if known == 0 {
            100.0
        } else {
            self.compared as f64 * 100.0 / known as f64
        }
    }

    /// Mismatches, then constants deftab skipped, then the summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for m in &self.mismatches {
            let _ = writeln!(
                out,
                "{}:{}: mismatch: {}: deftab {}, compiler {}",
                m.place.path.display(),
                m.place.line,
                m.name,
                describe(&m.deftab),
                m.compiler.describe()
            );
        }
        for s in &self.skipped_known {
            let _ = writeln!(
                out,
                "{}:{}: skipped by deftab: {}: compiler {}; deftab: {}",
                s.place.path.display(),
                s.place.line,
                s.name,
                describe(&s.compiler),
                s.reason
            );
        }
        if self.unknown_to_compiler > 0 {
            let _ = writeln!(
                out,
                "verify: {} constants evaluated by deftab are not integer constants for the compiler",
                self.unknown_to_compiler
            );
        }
        if self.hidden_by_macro > 0 {
            let _ = writeln!(
                out,
                "verify: {} enumerators not compared: a macro of the same name hides them",
                self.hidden_by_macro
            );
        }
        if self.position_dependent > 0 {
            let _ = writeln!(
                out,
                "verify: {} macros not compared: their value depends on where they are expanded (`__LINE__`, …)",
                self.position_dependent
            );
        }
        for m in &self.size_mismatches {
            let _ = writeln!(
                out,
                "{}:{}: size mismatch: sizeof({}): deftab {}, compiler {}",
                m.place.path.display(),
                m.place.line,
                m.record,
                m.deftab,
                m.compiler
            );
        }
        for s in &self.records_skipped {
            let _ = writeln!(
                out,
                "{}:{}: record skipped by deftab: sizeof({}): compiler {}; deftab: {}",
                s.place.path.display(),
                s.place.line,
                s.record,
                s.compiler,
                s.reason
            );
        }
        if self.records_compared + self.records_skipped.len() > 0 {
            let _ = writeln!(
                out,
                "verify: {} records compared, {} size mismatches, {} skipped by deftab but sized by the compiler",
                self.records_compared,
                self.size_mismatches.len(),
                self.records_skipped.len()
            );
        }
        let layout = self.skipped_known.iter().filter(|s| s.needs_layout).count();
        let _ = write!(
            out,
            "verify: {} headers, {} constants compared, {} mismatches, {} skipped by deftab but \
             known to the compiler (coverage {:.2}%",
            self.headers,
            self.compared,
            self.mismatches.len(),
            self.skipped_known.len(),
            self.coverage(),
        );
        if layout > 0 {
            let _ = write!(
                out,
                "; {:.2}% leaving out {layout} that need a struct layout",
                self.coverage_without_layouts()
            );
        }
        out.push_str(")\n");
        out
    }
}

/// Same value and same type (`_Bool` has no signedness to disagree on).
fn same(a: &Value, b: &Value) -> bool {
    a.value == b.value
        && a.ty.rank == b.ty.rank
        && (a.ty.rank == IntRank::Bool || a.ty.signed == b.ty.signed)
}

impl CompilerResult {
    /// `4 (int)`, `not an integer (double)`, `not a constant`.
    pub fn describe(&self) -> String {
        match self {
            CompilerResult::Int(v) => describe(v),
            CompilerResult::NotInteger(what) => format!("not an integer ({what})"),
            CompilerResult::NotConstant => "not a constant".to_string(),
        }
    }
}

/// `4 (int)`.
pub(super) fn describe(v: &Value) -> String {
    format!("{} ({})", v.value, v.ty.c_name())
}
