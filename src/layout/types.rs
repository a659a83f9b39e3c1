//! What a member's type brings to a layout: size, alignment, and whether the alignment was
//! set by an `aligned` attribute.

use super::LayoutEngine;
use crate::ctype::CType;
use crate::evaluate::{EXPR_MAX_DEPTH, EvalError, Evaluator};

/// A member type's size and alignments, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeInfo {
    pub size: u64,
    /// The type's own alignment (gcc's `TYPE_ALIGN`, what `__alignof__` gives).
    pub align: u64,
    /// The alignment as a struct member, where the ABI lowers it (`long long` and `double`
    /// on i386: 4); what C11 `_Alignof` gives.
    pub field_align: u64,
    /// Set by an `aligned` attribute (`__aligned_u64`): never lowered as a member.
    pub user_align: bool,
}

impl TypeInfo {
    /// gcc's `ADJUST_FIELD_ALIGN`: caps an alignment in bits computed for a member of this
    /// type at what the ABI allows members of its kind (the caller skips it when an
    /// attribute fixed the alignment).
    pub fn adjust_bits(&self, computed: u64) -> u64 {
        if self.field_align < self.align {
            computed.min(self.field_align * 8)
        } else {
            computed
        }
    }
}

impl LayoutEngine {
    pub(super) fn type_info(
        &self,
        ev: &Evaluator,
        ty: &CType,
        depth: usize,
    ) -> Result<TypeInfo, EvalError> {
        if depth > EXPR_MAX_DEPTH {
            return Err(EvalError::TooDeep(EXPR_MAX_DEPTH));
        }
        match ty {
            CType::Typedef(name) => {
                let inner = ev
                    .decls
                    .typedefs
                    .get(name)
                    .ok_or_else(|| EvalError::UnknownIdentifier(name.clone()))?;
                let info = self.type_info(ev, inner, depth + 1)?;
                match ev.decls.aligned_typedefs.get(name) {
                    Some(n) => {
                        let align = ev.aligned_attr(n, depth)?;
                        Ok(TypeInfo {
                            size: info.size,
                            align,
                            field_align: align,
                            user_align: true,
                        })
                    }
                    None => Ok(info),
                }
            }
            CType::Array(elem, len) => {
                let e = self.type_info(ev, elem, depth + 1)?;
                let n = match len {
                    // A flexible array member takes no room.
                    None => 0,
                    Some(len) => {
                        let v = ev.eval_at_depth(len, depth + 1).map_err(|l| l.error)?;
                        u64::try_from(v.value).map_err(|_| {
                            EvalError::Invalid(format!("array of negative length {}", v.value))
                        })?
                    }
                };
                let size = n
                    .checked_mul(e.size)
                    .filter(|s| *s < 1 << 60)
                    .ok_or_else(|| EvalError::TooLarge("array too large".into()))?;
                Ok(TypeInfo { size, ..e })
            }
            CType::Record(kind, tag) => {
                let l = self.layout(ev, *kind, tag, depth + 1)?;
                Ok(TypeInfo {
                    size: l.size,
                    align: l.align,
                    field_align: l.align,
                    user_align: l.user_align,
                })
            }
            CType::Void => Err(EvalError::Invalid("member of type void".into())),
            CType::Function => Err(EvalError::Invalid("member of function type".into())),
            CType::Int(_) | CType::Float(_) | CType::Pointer(_) | CType::Enum(_) => {
                let (size, (c11, preferred)) = ev.size_align(ty, depth + 1)?;
                Ok(TypeInfo {
                    size,
                    align: preferred,
                    field_align: c11,
                    user_align: false,
                })
            }
        }
    }
}
