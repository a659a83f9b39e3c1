{{ c.head }}/// The value of `name` in `{{ c.table }}`.
pub fn {{ c.table }}_value(name: &str) -> Option<{{ c.rust_type }}> {
    match name {
{%- for r in v.by_name %}
        {{ r.r_str }} => Some({{ r.r_value }}),
{%- endfor %}
        _ => None,
    }
}
