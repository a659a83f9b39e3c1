{{ c.head }}{{ c.prelude }}{{ v.declaration }}
{
	switch ({{ v.param }}) {
{%- for r in v.rows %}
	case {{ r.case }}: return "{{ r.c_str }}";
{%- endfor %}
	default: return {{ v.default }};
	}
}{{ c.trailer }}
