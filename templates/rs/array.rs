{{ c.head }}/// `{{ c.table }}` by {% if v.base.is_empty() %}value{% else %}value - {{ v.base }}{% endif %}.
#[rustfmt::skip] // one entry a line, so a diff shows one line per change
pub const {{ c.upper }}: [Option<&str>; {{ v.slots.len() }}] = [
{%- for s in v.slots %}
    {{ s }},
{%- endfor %}
];

/// The name of `value` in `{{ c.table }}`.
pub fn {{ c.table }}_name(value: {{ c.rust_type }}) -> Option<&'static str> {
    let index = usize::try_from(value{% if !v.base.is_empty() %}.checked_sub({{ v.base }})?{% endif %}).ok()?;
    {{ c.upper }}.get(index).copied().flatten()
}
