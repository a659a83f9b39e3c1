{{ v.head }}{{ v.prelude }}/* Sorted by name (strcmp order), for bsearch(). */
struct {{ v.table }}_by_name {
	const char *name;
	{{ v.c_type }} value;
};

static DEFTAB_UNUSED const struct {{ v.table }}_by_name {{ v.table }}[] = {
{%- for r in v.by_name %}
	{ "{{ r.c_str }}", {{ r.c_value }} },
{%- endfor %}
};{{ v.trailer }}
