{{ c.head }}/// `{{ c.table }}` as (value, name), sorted by value.
#[rustfmt::skip] // one entry a line, so a diff shows one line per change
pub const {{ c.upper }}: [({{ c.rust_type }}, &str); {{ v.sorted.len() }}] = [
{%- for r in v.sorted %}
    ({{ r.r_value }}, {{ r.r_str }}),
{%- endfor %}
];

/// The name of `value` in `{{ c.table }}` (binary search).
pub fn {{ c.table }}_name(value: {{ c.rust_type }}) -> Option<&'static str> {
    let i = {{ c.upper }}.binary_search_by_key(&value, |&(v, _)| v).ok()?;
    Some({{ c.upper }}[i].1)
}
