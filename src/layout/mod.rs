//! Struct and union layout for the target ABI, as gcc lays records out on Linux (the
//! System V psABIs): sizes, alignments and member offsets, bit-fields included.
//!
//! [`LayoutEngine`] is the evaluator's [`Layouts`] hook: `sizeof(struct …)`, `__alignof__`
//! and `__builtin_offsetof` ask it, and it asks the evaluator back for array lengths, bit
//! widths and `aligned(N)` (which may contain `sizeof` again). Results are memoized per
//! translation unit; a record that contains itself is an error, never a stack overflow.

mod record;
#[cfg(test)]
mod tests;
mod types;

use crate::ctype::{CType, RecordKind};
use crate::evaluate::{EXPR_MAX_DEPTH, EvalError, Evaluator, Layouts, record_name};
use crate::preprocess::PackPragma;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// The layout of one complete record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordLayout {
    /// In bytes, tail padding included.
    pub size: u64,
    /// In bytes.
    pub align: u64,
    /// Whether an `aligned` attribute (on the record, a member, or a typedef used by one)
    /// fixed the alignment: gcc then never lowers it when the record is a member (i386).
    pub user_align: bool,
    pub fields: Vec<FieldLayout>,
}

/// Where one member lies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldLayout {
    /// `None` for anonymous struct/union members and unnamed bit-fields.
    pub name: Option<String>,
    pub ty: CType,
    /// Offset from the start of the record, in bits.
    pub bit_offset: u64,
    /// The width, for bit-fields.
    pub bit_width: Option<u64>,
}

/// The size (and alignment) of a record defined in a header, or why it has none.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordSize {
    pub kind: RecordKind,
    pub tag: String,
    /// The `struct`/`union` keyword of the definition.
    pub loc: crate::source::Loc,
    /// Size and alignment in bytes.
    pub size: Result<(u64, u64), EvalError>,
}

impl RecordSize {
    /// `struct tag` / `union tag`.
    pub fn name(&self) -> String {
        record_name(self.kind, &self.tag)
    }
}

/// Lays out the records of one translation unit on demand (see the module docs).
#[derive(Default)]
pub struct LayoutEngine {
    /// The unit's `#pragma pack` directives (see [`LayoutEngine::with_pack_pragmas`]).
    pack_pragmas: Vec<(usize, PackPragma)>,
    done: RefCell<HashMap<(RecordKind, String), Rc<RecordLayout>>>,
    /// Records being laid out right now: meeting one again means it contains itself.
    in_progress: RefCell<HashSet<(RecordKind, String)>>,
}

impl LayoutEngine {
    pub fn new() -> LayoutEngine {
        LayoutEngine::default()
    }

    /// An engine that honours the unit's `#pragma pack` directives
    /// ([`crate::preprocess::Output::pack_pragmas`]).
    pub fn with_pack_pragmas(pack_pragmas: Vec<(usize, PackPragma)>) -> LayoutEngine {
        LayoutEngine {
            pack_pragmas,
            ..LayoutEngine::default()
        }
    }

    /// The `#pragma pack` value in effect before token `end` of the unit (in bytes).
    fn pack_at(&self, end: usize) -> Option<u64> {
        let mut current = None;
        let mut stack = Vec::new();
        for &(_, p) in self.pack_pragmas.iter().take_while(|(at, _)| *at < end) {
            match p {
                PackPragma::Set(n) => current = n,
                PackPragma::Push(n) => {
                    stack.push(current);
                    if n.is_some() {
                        current = n;
                    }
                }
                PackPragma::Pop => current = stack.pop().unwrap_or(None),
            }
        }
        current
    }

    /// The layout of `struct tag` / `union tag`. Errors: the record is incomplete or was not
    /// parsed ([`EvalError::NeedsLayout`] with its name), contains itself, or one of its
    /// expressions has no value.
    pub fn layout(
        &self,
        ev: &Evaluator,
        kind: RecordKind,
        tag: &str,
        depth: usize,
    ) -> Result<Rc<RecordLayout>, EvalError> {
        let key = (kind, tag.to_string());
        if let Some(l) = self.done.borrow().get(&key) {
            return Ok(Rc::clone(l));
        }
        if depth > EXPR_MAX_DEPTH {
            return Err(EvalError::TooDeep(EXPR_MAX_DEPTH));
        }
        let decl = ev
            .decls
            .records
            .get(&key)
            .ok_or_else(|| EvalError::NeedsLayout(record_name(kind, tag)))?;
        if !self.in_progress.borrow_mut().insert(key.clone()) {
            return Err(EvalError::Invalid(format!(
                "{} contains itself",
                record_name(kind, tag)
            )));
        }
        let result = record::lay_out(self, ev, decl, depth + 1, self.pack_at(decl.end));
        self.in_progress.borrow_mut().remove(&key);
        // Only successes are kept: an error may come from an enum whose values are not all
        // known yet, or from the depth at which this record was first met.
        let layout = Rc::new(result?);
        self.done.borrow_mut().insert(key, Rc::clone(&layout));
        Ok(layout)
    }
}

impl Layouts for LayoutEngine {
    fn size_align(
        &self,
        ev: &Evaluator,
        kind: RecordKind,
        tag: &str,
        depth: usize,
    ) -> Result<(u64, u64), EvalError> {
        let l = self.layout(ev, kind, tag, depth)?;
        Ok((l.size, l.align))
    }

    fn member(
        &self,
        ev: &Evaluator,
        kind: RecordKind,
        tag: &str,
        name: &str,
        depth: usize,
    ) -> Result<(u64, CType), EvalError> {
        let (bits, field) = self
            .find_member(ev, kind, tag, name, depth)?
            .ok_or_else(|| {
                EvalError::Invalid(format!(
                    "{} has no member named `{name}`",
                    record_name(kind, tag)
                ))
            })?;
        if field.bit_width.is_some() {
            return Err(EvalError::Invalid(format!(
                "offsetof of the bit-field `{name}`"
            )));
        }
        Ok((bits / 8, field.ty))
    }
}

impl LayoutEngine {
    /// Finds a member by name, looking into anonymous struct/union members; its offset in
    /// bits from the start of `struct tag`.
    fn find_member(
        &self,
        ev: &Evaluator,
        kind: RecordKind,
        tag: &str,
        name: &str,
        depth: usize,
    ) -> Result<Option<(u64, FieldLayout)>, EvalError> {
        let layout = self.layout(ev, kind, tag, depth)?;
        for f in &layout.fields {
            match &f.name {
                Some(n) if n == name => return Ok(Some((f.bit_offset, f.clone()))),
                Some(_) => {}
                None => {
                    if let CType::Record(k, t) = ev.resolve(&f.ty)
                        && let Some((off, inner)) = self.find_member(ev, *k, t, name, depth + 1)?
                    {
                        return Ok(Some((f.bit_offset + off, inner)));
                    }
                }
            }
        }
        Ok(None)
    }
}
