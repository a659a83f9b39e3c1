{{ v.head }}/// The name of `value` in `{{ v.table }}`.
pub fn {{ v.table }}_name(value: {{ v.rust_type }}) -> Option<&'static str> {
    match value {
{%- for r in v.rows %}
        {{ r.r_value }} => Some({{ r.r_str }}),
{%- endfor %}
        _ => None,
    }
}
