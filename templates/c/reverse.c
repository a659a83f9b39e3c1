{{ c.head }}{{ c.prelude }}/* Sorted by name (strcmp order), for bsearch(). */
struct {{ c.table }}_by_name {
	const char *name;
	{{ c.c_type }} value;
};

static DEFTAB_UNUSED const struct {{ c.table }}_by_name {{ c.table }}[] = {
{%- for r in v.by_name %}
	{ "{{ r.c_str }}", {{ r.c_value }} },
{%- endfor %}
};{{ c.trailer }}
