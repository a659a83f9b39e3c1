//! Bit fields inside one prefix: a header can pack several lists into one word (bpf's size
//! and mode fields, futex2's size beside its flags, riscv's current and next vector
//! states). A name list covers one of them; a constant of another field is not one it
//! lacks.
//!
//! Two signs of a field, both read from the headers and the list itself:
//! - a mask the headers define with the list's prefix (`FUTEX2_SIZE_MASK` = 0x3): a constant
//!   is in the mask's field when its name starts with the mask's stem (`FUTEX2_SIZE_`) or
//!   its nonzero value has no bit outside the mask. When the list's entries are all on one
//!   side of a mask, the constants on the other side belong to another list (a zero that
//!   the stem does not name is on neither side);
//! - the list's own values, when they are not single-bit flags: they occupy the bits from
//!   their lowest set bit (when there are two values or more: one shows no step) to their
//!   highest; a constant with a bit below that range, or more than one bit above it, is
//!   another field's (`BPF_MEMSX` = 0x80 is a mode, not one of the sizes `BPF_W`…`BPF_DW`
//!   = 0x00…0x18). Flags can take any new bit, so a list of single bits gets no range.

/// The fields a list's entries lie in, to test the constants it might lack.
pub struct Fields {
    /// Per mask the list's entries are all on one side of: its stem, its bits, and whether
    /// the entries are inside.
    masks: Vec<(String, i128, bool)>,
    /// The bits the list's values occupy (one more at the top), unless they are flags.
    span: Option<i128>,
}

impl Fields {
    /// `entries`: the list's names with their header values; `masks`: the `*_MASK`
    /// constants of the list's prefix with their values.
    pub fn new(entries: &[(&str, i128)], masks: &[(&str, i128)]) -> Fields {
        let masks = masks
            .iter()
            .filter(|(_, m)| *m > 0)
            .filter_map(|&(name, m)| {
                let stem = name.strip_suffix("MASK")?;
                let sides: Vec<bool> = entries
                    .iter()
                    .filter_map(|&(n, v)| in_mask(stem, m, n, v))
                    .collect();
                let inside = *sides.first()?;
                sides
                    .iter()
                    .all(|&s| s == inside)
                    .then(|| (stem.to_string(), m, inside))
            })
            .collect();
        Fields {
            masks,
            span: span(entries.iter().map(|&(_, v)| v)),
        }
    }

    /// Whether the constant `name` = `value` lies in another field than the list's.
    pub fn excludes(&self, name: &str, value: i128) -> bool {
        let other_side = self.masks.iter().any(|(stem, m, inside)| {
            in_mask(stem, *m, name, value).is_some_and(|side| side != *inside)
        });
        other_side || self.span.is_some_and(|bits| value & !bits != 0)
    }
}

/// Which side of the mask `m` (named `stem` + `MASK`) the constant is on; `None` for a zero
/// the stem does not name (it fits every field).
fn in_mask(stem: &str, m: i128, name: &str, value: i128) -> Option<bool> {
    if name.starts_with(stem) {
        return Some(true);
    }
    (value != 0).then_some(value & !m == 0)
}

/// The bits from the lowest set bit of `values` to one above their highest, unless the
/// values are single-bit flags, or there is a negative one.
fn span(values: impl Iterator<Item = i128>) -> Option<i128> {
    let nonzero: Vec<i128> = values.filter(|&v| v != 0).collect();
    if nonzero.is_empty() || nonzero.iter().any(|&v| v < 0) {
        return None;
    }
    if nonzero.iter().all(|v| v.count_ones() == 1) {
        return None;
    }
    // One value does not show a step: 26 may be a member of an enumeration.
    let low = match nonzero.len() {
        1 => 0,
        _ => nonzero.iter().map(|v| v.trailing_zeros()).min()?,
    };
    let high = nonzero.iter().map(|v| 127 - v.leading_zeros()).max()?;
    let top = (high + 2).min(126);
    Some(((1i128 << top) - 1) & !((1i128 << low) - 1))
}

#[cfg(test)]
mod tests {
    use super::Fields;

    #[test]
    fn a_mode_is_not_a_size() {
        let sizes = Fields::new(&[("BPF_W", 0), ("BPF_H", 8), ("BPF_DW", 0x18)], &[]);
        assert!(sizes.excludes("BPF_MEMSX", 0x80));
        assert!(!sizes.excludes("BPF_XW", 0x20));
    }

    #[test]
    fn one_value_bounds_only_from_above() {
        let one = Fields::new(&[("SO_GET_FILTER", 26)], &[]);
        assert!(!one.excludes("SO_DETACH_FILTER", 27));
        assert!(one.excludes("SO_FAR", 64));
    }

    #[test]
    fn flags_take_any_new_bit() {
        let flags = Fields::new(&[("F_A", 1), ("F_B", 2)], &[]);
        assert!(!flags.excludes("F_Z", 1 << 20));
    }

    #[test]
    fn a_mask_splits_the_sizes_from_the_flags() {
        let masks = [("FUTEX2_SIZE_MASK", 3)];
        let flags = Fields::new(&[("FUTEX2_NUMA", 4), ("FUTEX2_PRIVATE", 128)], &masks);
        for (name, v) in [("FUTEX2_SIZE_U8", 0), ("FUTEX2_SIZE_U32", 2)] {
            assert!(flags.excludes(name, v), "{name}");
        }
        assert!(!flags.excludes("FUTEX2_MPOL", 8));
        let sizes = Fields::new(&[("FUTEX2_SIZE_U8", 0), ("FUTEX2_SIZE_U16", 1)], &masks);
        assert!(sizes.excludes("FUTEX2_NUMA", 4));
        assert!(!sizes.excludes("FUTEX2_SIZE_U64", 3));
    }

    #[test]
    fn a_list_on_both_sides_of_a_mask_is_not_split() {
        let masks = [("X_LOW_MASK", 3)];
        let both = Fields::new(&[("X_A", 1), ("X_B", 4)], &masks);
        assert!(!both.excludes("X_C", 2));
        assert!(!both.excludes("X_D", 8));
    }
}
