//! Sizes and alignments of types for `sizeof`/`_Alignof`, literal types, and the
//! underlying types of enums — all from the target's data model.

use super::ops::EXPR_MAX_DEPTH as MAX_DEPTH;
use super::typename::int_type_from_words;
use super::{EvalError, Evaluator, Value};
use crate::ctype::literal::IntLiteral;
use crate::ctype::{CType, FloatKind, IntRank, IntType};

/// Size, then the alignment as C11 `_Alignof` gives it and as GNU `__alignof__` gives it
/// (they differ for `long long` and `double` on i386: 4 inside structs, 8 preferred).
pub type SizeAlign = (u64, (u64, u64));

impl Evaluator<'_> {
    /// Size and alignments of a scalar type (integers, floats, pointers, void, functions).
    pub(super) fn scalar_size_align(&self, ty: &CType) -> SizeAlign {
        let m = &self.target.model;
        match ty {
            CType::Int(t) => {
                let size = self.target.int_size(t.rank);
                let c11 = if t.rank == IntRank::LongLong {
                    u64::from(m.long_long_align)
                } else {
                    size
                };
                (size, (c11, size))
            }
            CType::Float(k) => {
                let size = self.target.float_size(*k);
                match k {
                    FloatKind::Float => (4, (4, 4)),
                    FloatKind::Double => (size, (u64::from(m.long_long_align), 8)),
                    FloatKind::LongDouble => {
                        let a = u64::from(m.long_double_align);
                        (size, (a, a))
                    }
                }
            }
            CType::Pointer(_) => {
                let p = u64::from(m.pointer);
                (p, (p, p))
            }
            // GNU: sizeof(void) and sizeof of a function type are 1.
            _ => (1, (1, 1)),
        }
    }

    /// Size and alignments of any type; records come from the [`super::Layouts`] hook.
    pub fn size_align(&self, ty: &CType, depth: usize) -> Result<SizeAlign, EvalError> {
        if depth > MAX_DEPTH {
            return Err(EvalError::TooDeep(MAX_DEPTH));
        }
        if let Some(align) = self.typedef_align(ty, depth)? {
            let (size, _) = self.size_align(self.resolve(ty), depth + 1)?;
            return Ok((size, (align, align)));
        }
        match self.resolve(ty) {
            CType::Typedef(name) => Err(EvalError::UnknownIdentifier(name.clone())),
            CType::Array(elem, len) => {
                let (esize, align) = self.size_align(elem, depth + 1)?;
                let Some(len) = len else {
                    return Err(EvalError::Invalid(
                        "sizeof of an array of unknown length".into(),
                    ));
                };
                let n = self.eval_at_depth(len, depth + 1).map_err(|l| l.error)?;
                if n.value < 0 {
                    return Err(EvalError::Invalid("array of negative length".into()));
                }
                let size = u64::try_from(n.value)
                    .ok()
                    .and_then(|n| n.checked_mul(esize))
                    .ok_or_else(|| EvalError::TooLarge("array too large".into()))?;
                Ok((size, align))
            }
            CType::Record(kind, tag) => {
                let (size, align) = self.layouts.size_align(self, *kind, tag, depth + 1)?;
                Ok((size, (align, align)))
            }
            CType::Enum(tag) => {
                let t = self.enum_type(tag, depth)?;
                Ok(self.scalar_size_align(&CType::Int(t)))
            }
            other => Ok(self.scalar_size_align(other)),
        }
    }

    /// The alignment a typedef declared `__attribute__((aligned(N)))` (`__aligned_u64`)
    /// imposes on `ty`, if `ty` names one through its chain of typedefs: for typedefs gcc
    /// takes N as is (it may even lower the alignment).
    pub fn typedef_align(&self, ty: &CType, depth: usize) -> Result<Option<u64>, EvalError> {
        let mut ty = ty;
        for _ in 0..64 {
            let CType::Typedef(name) = ty else {
                return Ok(None);
            };
            if let Some(n) = self.decls.aligned_typedefs.get(name) {
                return self.aligned_attr(n, depth).map(Some);
            }
            match self.decls.typedefs.get(name) {
                Some(t) => ty = t,
                None => return Ok(None),
            }
        }
        Ok(None)
    }

    /// The N of `__attribute__((aligned(N)))` in bytes; plain `aligned` (no tokens) is the
    /// target's `__BIGGEST_ALIGNMENT__`.
    pub fn aligned_attr(&self, n: &[crate::scan::Token], depth: usize) -> Result<u64, EvalError> {
        if n.is_empty() {
            return Ok(self.biggest_alignment());
        }
        let v = self.eval_at_depth(n, depth + 1).map_err(|l| l.error)?;
        match u64::try_from(v.value) {
            Ok(a) if a.is_power_of_two() && a <= 1 << 28 => Ok(a),
            _ => Err(EvalError::Invalid(format!(
                "requested alignment {} is not a positive power of 2",
                v.value
            ))),
        }
    }

    /// `__BIGGEST_ALIGNMENT__` of the target (what plain `aligned` means).
    pub fn biggest_alignment(&self) -> u64 {
        self.target
            .predefs
            .lines()
            .find_map(|l| l.strip_prefix("#define __BIGGEST_ALIGNMENT__ "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(16)
    }

    /// The underlying type gcc gives `enum tag` (c-decl.cc `finish_enum`): `unsigned int`
    /// when no value is negative and all fit, else `int` when all fit, else the first of
    /// `long`, `long long` wide enough (unsigned when no value is negative); a packed enum
    /// takes the smallest type starting from `char`.
    /// The underlying type of an enum whose values span `min..=max` (see `enum_type`).
    pub fn enum_underlying_type(&self, min: i128, max: i128, packed: bool) -> Option<IntType> {
        let unsigned = min >= 0;
        let fits = |t: IntType| self.arith().fits(min, t) && self.arith().fits(max, t);
        let ranks: &[IntRank] = if packed {
            &[
                IntRank::Char,
                IntRank::Short,
                IntRank::Int,
                IntRank::Long,
                IntRank::LongLong,
            ]
        } else {
            &[IntRank::Int, IntRank::Long, IntRank::LongLong]
        };
        ranks
            .iter()
            .map(|&rank| IntType {
                rank,
                signed: !unsigned,
            })
            .find(|&t| fits(t))
    }

    pub fn enum_type(&self, tag: &str, _depth: usize) -> Result<IntType, EvalError> {
        let decl = self
            .decls
            .enums
            .iter()
            .find(|e| e.type_tag == tag)
            .ok_or_else(|| EvalError::UndefinedEnum(tag.to_string()))?;
        let (mut min, mut max) = (0i128, 0i128);
        for m in &decl.members {
            let v = self.enum_values.get(m.name.as_str()).ok_or_else(|| {
                EvalError::Invalid(format!("value of {} (in enum {tag}) is unknown", m.name))
            })?;
            min = min.min(v.value);
            max = max.max(v.value);
        }
        self.enum_underlying_type(min, max, decl.packed)
            .ok_or_else(|| EvalError::TooLarge(format!("enum {tag}'s values do not fit")))
    }

    /// The type of an integer constant (C11 6.4.4.1p5): the first of its candidate list
    /// that holds the value. `None`: too large for any standard type.
    pub(super) fn literal_type(&self, l: &IntLiteral) -> Option<Value> {
        use IntType as T;
        let v = l.value?;
        let candidates: &[IntType] = match (l.unsigned, l.longs, l.decimal) {
            (false, 0, true) => &[T::INT, T::LONG, T::LLONG],
            (false, 0, false) => &[T::INT, T::UINT, T::LONG, T::ULONG, T::LLONG, T::ULLONG],
            (true, 0, _) => &[T::UINT, T::ULONG, T::ULLONG],
            (false, 1, true) => &[T::LONG, T::LLONG],
            (false, 1, false) => &[T::LONG, T::ULONG, T::LLONG, T::ULLONG],
            (true, 1, _) => &[T::ULONG, T::ULLONG],
            (false, _, true) => &[T::LLONG],
            (false, _, false) => &[T::LLONG, T::ULLONG],
            (true, _, _) => &[T::ULLONG],
        };
        let v = i128::try_from(v).ok()?;
        let found = candidates.iter().find(|&&t| self.arith().fits(v, t));
        match found {
            Some(&ty) => Some(Value { value: v, ty }),
            // gcc: "integer constant is so large that it is unsigned", typed `__int128`
            // where the target has it.
            None if l.decimal && !l.unsigned && v <= i128::from(u64::MAX) && self.has_int128() => {
                Some(Value {
                    value: v,
                    ty: IntType {
                        rank: IntRank::Int128,
                        signed: true,
                    },
                })
            }
            None => None,
        }
    }

    fn has_int128(&self) -> bool {
        self.target.predefs.contains("#define __SIZEOF_INT128__ 16")
    }

    /// An integer type named by one of the target's predefined macros (`__WCHAR_TYPE__`).
    pub(super) fn predef_int_type(&self, name: &str) -> Option<IntType> {
        let prefix = format!("#define {name} ");
        let line = self
            .target
            .predefs
            .lines()
            .find(|l| l.starts_with(&prefix))?;
        int_type_from_words(&line[prefix.len()..], self.target)
    }
}
