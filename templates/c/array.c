{{ v.head }}{{ v.offset_define }}{{ v.declaration }} = {
{% for r in v.rows %}{{ v.prefix }}[{{ r.index }}]{{ v.separator }}"{{ r.c_str }}",
{{ r.after }}{% endfor %}};{{ v.trailer }}
