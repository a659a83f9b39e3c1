{{ v.head }}/// `{{ v.table }}` as (value, name), sorted by value.
#[rustfmt::skip] // one entry a line, so a diff shows one line per change
pub const {{ v.upper }}: [({{ v.rust_type }}, &str); {{ v.sorted.len() }}] = [
{%- for r in v.sorted %}
    ({{ r.r_value }}, {{ r.r_str }}),
{%- endfor %}
];

/// The name of `value` in `{{ v.table }}` (binary search).
pub fn {{ v.table }}_name(value: {{ v.rust_type }}) -> Option<&'static str> {
    let i = {{ v.upper }}.binary_search_by_key(&value, |&(v, _)| v).ok()?;
    Some({{ v.upper }}[i].1)
}
