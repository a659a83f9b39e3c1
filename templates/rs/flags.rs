{{ c.head }}/// `{{ c.table }}` by bit number (`1 << bit`).
#[rustfmt::skip] // one entry a line, so a diff shows one line per change
pub const {{ c.upper }}: [Option<&str>; {{ v.slots.len() }}] = [
{%- for s in v.slots %}
    {{ s }},
{%- endfor %}
];

/// The name of the flag `1 << bit` in `{{ c.table }}`.
pub fn {{ c.table }}_name(bit: u32) -> Option<&'static str> {
    {{ c.upper }}.get(usize::try_from(bit).ok()?).copied().flatten()
}
