{{ v.head }}static const char *{{ v.table }}_name({{ v.cty }} value)
{
	switch (value) {
{%- for r in v.rows %}
	case {{ r.c_value }}: return "{{ r.c_str }}";
{%- endfor %}
	default: return 0;
	}
}{{ v.trailer }}
