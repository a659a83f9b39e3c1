{{ v.head }}/// The value of `name` in `{{ v.table }}`.
pub fn {{ v.table }}_value(name: &str) -> Option<{{ v.rust_type }}> {
    match name {
{%- for r in v.by_name %}
        {{ r.r_str }} => Some({{ r.r_value }}),
{%- endfor %}
        _ => None,
    }
}
