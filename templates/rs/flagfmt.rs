{{ c.head }}/// The flags of `{{ c.table }}`: (name, bits), in table order after
/// the ones of several bits (a name for several bits wins over the names of its bits).
#[rustfmt::skip] // one entry a line, so a diff shows one line per change
pub const {{ c.upper }}: [(&str, {{ c.rust_type }}); {{ v.rows.len() }}] = [
{%- for r in v.rows %}
    ({{ r.r_str }}, {{ r.r_value }}),
{%- endfor %}
];
{% if !v.field_r_mask.is_empty() %}
/// The field of `{{ c.table }}` (the bits of `{{ c.upper }}_FIELD_MASK`): (name, value).
#[rustfmt::skip] // one entry a line, so a diff shows one line per change
pub const {{ c.upper }}_FIELD: [(&str, {{ c.rust_type }}); {{ v.field_rows.len() }}] = [
{%- for r in v.field_rows %}
    ({{ r.r_str }}, {{ r.r_value }}),
{%- endfor %}
];

/// The mask of the field of `{{ c.table }}`.
pub const {{ c.upper }}_FIELD_MASK: {{ c.rust_type }} = {{ v.field_r_mask }};
{% endif %}
/// `mask` as `A | B | 0x10`: {% if !v.field_r_mask.is_empty() %}the name of its field's
/// value, {% endif %}the flags it contains, then the unknown bits in hex (the text
/// form of the bitflags crate).
pub fn {{ c.table }}_format(mask: {{ c.rust_type }}) -> String {
    let mut out = String::new();
    let mut rest = mask;
{%- if !v.field_r_mask.is_empty() %}
    for &(name, value) in &{{ c.upper }}_FIELD {
        if mask & {{ c.upper }}_FIELD_MASK == value {
            out.push_str(name);
            rest &= !{{ c.upper }}_FIELD_MASK;
            break;
        }
    }
{%- endif %}
    for &(name, bits) in &{{ c.upper }} {
        if bits == 0 || rest & bits == 0 || mask & bits != bits {
            continue;
        }
        if !out.is_empty() {
            out.push_str(" | ");
        }
        out.push_str(name);
        rest &= !bits;
    }
    if rest != 0 {
        if !out.is_empty() {
            out.push_str(" | ");
        }
        out.push_str(&format!("{rest:#x}"));
    }
    out
}

/// Parses the text of [`{{ c.table }}_format`] (names and `0x` hex, separated by `|`) back
/// into a mask; the empty string is 0.
pub fn {{ c.table }}_parse(text: &str) -> Result<{{ c.rust_type }}, String> {
    let mut mask: {{ c.rust_type }} = 0;
    if text.trim().is_empty() {
        return Ok(mask);
    }
    for part in text.split('|').map(str::trim) {
        if let Some(hex) = part.strip_prefix("0x") {
            mask |= {{ c.rust_type }}::from_str_radix(hex, 16).map_err(|e| format!("`{part}`: {e}"))?;
            continue;
        }
        let mut known = false;
        for &(name, bits) in &{{ c.upper }} {
            if name == part {
                mask |= bits;
                known = true;
            }
        }
{%- if !v.field_r_mask.is_empty() %}
        for &(name, value) in &{{ c.upper }}_FIELD {
            if name == part {
                mask |= value;
                known = true;
            }
        }
{%- endif %}
        if !known {
            return Err(format!("unknown flag `{part}`"));
        }
    }
    Ok(mask)
}
