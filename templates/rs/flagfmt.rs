{{ v.head }}/// The flags of `{{ v.table }}`: (name, bits), in table order.
pub const {{ v.upper }}: [(&str, {{ v.rty }}); {{ v.rows.len() }}] = [
{%- for r in v.rows %}
    ({{ r.r_str }}, {{ r.r_value }}),
{%- endfor %}
];

/// `mask` as `A | B | 0x10`: the flags it contains, then the unknown bits in hex (the text
/// form of the bitflags crate).
pub fn {{ v.table }}_format(mask: {{ v.rty }}) -> String {
    let mut out = String::new();
    let mut rest = mask;
    for &(name, bits) in {{ v.upper }}.iter() {
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

/// Parses the text of [`{{ v.table }}_format`] (names and `0x` hex, separated by `|`) back
/// into a mask; the empty string is 0.
pub fn {{ v.table }}_parse(text: &str) -> Result<{{ v.rty }}, String> {
    let mut mask: {{ v.rty }} = 0;
    if text.trim().is_empty() {
        return Ok(mask);
    }
    for part in text.split('|').map(str::trim) {
        if let Some(hex) = part.strip_prefix("0x") {
            mask |= {{ v.rty }}::from_str_radix(hex, 16).map_err(|e| format!("`{part}`: {e}"))?;
        } else if let Some(&(_, bits)) = {{ v.upper }}.iter().find(|&&(name, _)| name == part) {
            mask |= bits;
        } else {
            return Err(format!("unknown flag `{part}`"));
        }
    }
    Ok(mask)
}
