{{ c.head }}/// The name of `value` in `{{ c.table }}`.
pub fn {{ c.table }}_name(value: {{ c.rust_type }}) -> Option<&'static str> {
    match value {
{%- for r in v.rows %}
        {{ r.r_value }} => Some({{ r.r_str }}),
{%- endfor %}
        _ => None,
    }
}
