//! gcc's record layout (`stor-layout.cc`: `layout_decl`, `update_alignment_for_field`,
//! `place_field`) for targets where bit-field types matter for alignment
//! (`PCC_BITFIELD_TYPE_MATTERS`, every Linux target). Positions are in bits.

use super::types::TypeInfo;
use super::{FieldLayout, LayoutEngine, RecordLayout};
use crate::ctype::{CType, RecordKind};
use crate::decl::{Field, RecordDecl};
use crate::evaluate::{EvalError, Evaluator};

/// The running state of one record's layout.
struct Placer {
    union: bool,
    /// Struct: the next free bit. Union: the largest member so far, in bits.
    bitpos: u64,
    /// In bits.
    record_align: u64,
    user_align: bool,
    /// `#pragma pack(N)` in effect at the closing brace, in bits.
    max_field_align: Option<u64>,
}

pub(super) fn lay_out(
    engine: &LayoutEngine,
    ev: &Evaluator,
    decl: &RecordDecl,
    depth: usize,
    pack: Option<u64>,
) -> Result<RecordLayout, EvalError> {
    let attr_align = match &decl.aligned {
        Some(n) => Some(ev.aligned_attr(n, depth)?),
        None => None,
    };
    let mut p = Placer {
        union: decl.kind == RecordKind::Union,
        bitpos: 0,
        record_align: 8u64.max(attr_align.unwrap_or(1) * 8),
        user_align: attr_align.is_some(),
        max_field_align: pack.map(|n| n * 8),
    };
    let mut fields = Vec::with_capacity(decl.fields.len());
    for f in &decl.fields {
        let at = |e: EvalError| in_member(e, f, decl);
        let ti = engine.type_info(ev, &f.ty, depth + 1).map_err(at)?;
        let width = match &f.bit_width {
            Some(w) => Some(bit_width(ev, f, &ti, w, depth).map_err(at)?),
            None => None,
        };
        let user = match &f.aligned {
            Some(n) => Some(ev.aligned_attr(n, depth).map_err(at)?),
            None => None,
        };
        // gcc marks members of a packed record packed only when their type is aligned.
        let packed = f.packed || (decl.packed && ti.align > 1);
        let offset = p.place(f, &ti, width, user, packed).map_err(at)?;
        fields.push(FieldLayout {
            name: f.name.clone(),
            ty: f.ty.clone(),
            bit_offset: offset,
            bit_width: width,
        });
    }
    let size = round_up(p.bitpos, p.record_align).ok_or_else(too_large)?;
    Ok(RecordLayout {
        size: size / 8,
        align: p.record_align / 8,
        user_align: p.user_align,
        fields,
    })
}

impl Placer {
    /// Places one member; returns its offset in bits. `user`: the member's own
    /// `aligned(N)`, in bytes.
    fn place(
        &mut self,
        f: &Field,
        ti: &TypeInfo,
        width: Option<u64>,
        user: Option<u64>,
        packed: bool,
    ) -> Result<u64, EvalError> {
        let type_bits = ti.align * 8;
        // The type's alignment as a member: the ABI may lower it (i386: `long long` to 4)
        // unless an attribute set it. gcc 12 lowers it before taking the member's own
        // `aligned(N)` into account (checked: `long long x __attribute__((aligned(2)))` is
        // 4-aligned with -m32).
        let member_type_bits = if ti.user_align {
            type_bits
        } else {
            ti.adjust_bits(type_bits)
        };
        // layout_decl: the member's alignment.
        let mut packed_p = packed;
        let mut user_align = user.is_some();
        let mut desired = user.map_or(1, |n| n * 8);
        match width {
            // A zero-width bit-field aligns the next member to its type, packed or not.
            Some(0) => {
                packed_p = false;
                desired = desired.max(member_type_bits);
                user_align |= ti.user_align;
            }
            Some(_) => {}
            // Packing beats the type's alignment but not one written on the member.
            None if packed_p && user.is_some() => {}
            None => {
                desired = desired.max(member_type_bits);
                user_align |= ti.user_align;
            }
        }
        if packed_p && user.is_none() {
            desired = desired.min(8);
        }
        // `#pragma pack` caps every member but zero-width bit-fields, aligned ones too.
        if let Some(max) = self.max_field_align
            && width != Some(0)
        {
            desired = desired.min(max);
        }

        // update_alignment_for_field: what the member asks of the record.
        match width {
            // Unnamed bit-fields do not align the record (no Linux target sets
            // TARGET_ALIGN_ANON_BITFIELD).
            Some(_) if f.name.is_none() => {}
            Some(w) => {
                let mut type_align = member_type_bits;
                if w != 0 {
                    if let Some(max) = self.max_field_align {
                        type_align = type_align.min(max);
                    } else if packed {
                        type_align = type_align.min(8);
                    }
                }
                self.record_align = self.record_align.max(desired).max(type_align);
                user_align |= ti.user_align;
            }
            None => self.record_align = self.record_align.max(desired),
        }
        self.user_align |= user_align;

        let size_bits = match width {
            Some(w) => w,
            None => ti.size * 8,
        };
        if self.union {
            let unit = if width.is_some() {
                size_bits.div_ceil(8) * 8
            } else {
                size_bits
            };
            self.bitpos = self.bitpos.max(unit);
            return Ok(0);
        }

        // place_field: skip to the member's alignment, then keep a bit-field within as
        // many units of its type's alignment as the type itself spans.
        let mut pos = round_up(self.bitpos, desired).ok_or_else(too_large)?;
        if let Some(w) = width
            && w != 0
            && !packed
            && self.max_field_align.is_none()
            && excess_unit_span(pos, w, member_type_bits, ti.size * 8)
        {
            pos = round_up(pos, member_type_bits).ok_or_else(too_large)?;
        }
        self.bitpos = pos.checked_add(size_bits).ok_or_else(too_large)?;
        Ok(pos)
    }
}

/// gcc's `excess_unit_span`: whether `size` bits at `pos` touch more `align`-bit units
/// than a whole object of `type_size` bits does.
fn excess_unit_span(pos: u64, size: u64, align: u64, type_size: u64) -> bool {
    let offset = pos % align;
    (offset + size).div_ceil(align) > type_size / align
}

/// The width of a bit-field, checked as gcc checks it.
fn bit_width(
    ev: &Evaluator,
    f: &Field,
    ti: &TypeInfo,
    w: &[crate::scan::Token],
    depth: usize,
) -> Result<u64, EvalError> {
    if !matches!(ev.resolve(&f.ty), CType::Int(_) | CType::Enum(_)) {
        return Err(EvalError::Invalid("bit-field of a non-integer type".into()));
    }
    let v = ev.eval_at_depth(w, depth + 1).map_err(|l| l.error)?;
    let bits = ti.size * 8;
    match u64::try_from(v.value) {
        Err(_) => Err(EvalError::Invalid(format!(
            "negative bit-field width {}",
            v.value
        ))),
        Ok(0) if f.name.is_some() => Err(EvalError::Invalid(
            "zero width for a named bit-field".into(),
        )),
        Ok(w) if w > bits => Err(EvalError::Invalid(format!(
            "bit-field width {w} exceeds its type ({bits} bits)"
        ))),
        Ok(w) => Ok(w),
    }
}

/// Says which member a problem is in (`NeedsLayout` stays as it is: it names the record
/// that has no layout).
fn in_member(e: EvalError, f: &Field, decl: &RecordDecl) -> EvalError {
    let of = |m: String| {
        format!(
            "{m} (member {} of {})",
            f.name.as_deref().unwrap_or("<unnamed>"),
            crate::evaluate::record_name(decl.kind, &decl.tag)
        )
    };
    match e {
        EvalError::NotInteger(m) => EvalError::NotInteger(of(m)),
        EvalError::Invalid(m) => EvalError::Invalid(of(m)),
        EvalError::TooLarge(m) => EvalError::TooLarge(of(m)),
        EvalError::Unsupported(m) => EvalError::Unsupported(of(m)),
        other => other,
    }
}

fn round_up(v: u64, align: u64) -> Option<u64> {
    v.checked_next_multiple_of(align.max(1))
}

fn too_large() -> EvalError {
    EvalError::TooLarge("record too large".into())
}
