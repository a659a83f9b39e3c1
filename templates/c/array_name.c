/* The name of `value` in `{{ v.table }}`. */
static DEFTAB_UNUSED const char *{{ v.table }}_name({{ v.c_type }} value)
{
{%- if v.base.is_empty() %}
	return value < sizeof({{ v.table }}) / sizeof({{ v.table }}[0]) ? {{ v.table }}[value] : NULL;
{%- else %}
	return value >= {{ v.base }} && value - {{ v.base }} < sizeof({{ v.table }}) / sizeof({{ v.table }}[0]) ? {{ v.table }}[value - {{ v.base }}] : NULL;
{%- endif %}
}

