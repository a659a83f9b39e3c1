/* The name of `value` in `{{ v.table }}`. */
static const char *{{ v.table }}_name({{ v.cty }} value)
{
{%- if v.base.is_empty() %}
	return value < sizeof({{ v.table }}) / sizeof({{ v.table }}[0]) ? {{ v.table }}[value] : 0;
{%- else %}
	return value >= {{ v.base }} && value - {{ v.base }} < sizeof({{ v.table }}) / sizeof({{ v.table }}[0]) ? {{ v.table }}[value - {{ v.base }}] : 0;
{%- endif %}
}

