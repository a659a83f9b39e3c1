/* The name of `value` in `{{ c.table }}`. */
static DEFTAB_UNUSED const char *{{ c.table }}_name({{ c.c_type }} value)
{
{%- if v.base.is_empty() %}
	return value < sizeof({{ c.table }}) / sizeof({{ c.table }}[0]) ? {{ c.table }}[value] : NULL;
{%- else %}
	return value >= {{ v.base }} && value - {{ v.base }} < sizeof({{ c.table }}) / sizeof({{ c.table }}[0]) ? {{ c.table }}[value - {{ v.base }}] : NULL;
{%- endif %}
}

