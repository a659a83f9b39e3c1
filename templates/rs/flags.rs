{{ v.head }}/// `{{ v.table }}` by bit number (`1 << bit`).
#[rustfmt::skip] // one entry a line, so a diff shows one line per change
pub const {{ v.upper }}: [Option<&str>; {{ v.slots.len() }}] = [
{%- for s in v.slots %}
    {{ s }},
{%- endfor %}
];

/// The name of the flag `1 << bit` in `{{ v.table }}`.
pub fn {{ v.table }}_name(bit: u32) -> Option<&'static str> {
    {{ v.upper }}.get(usize::try_from(bit).ok()?).copied().flatten()
}
