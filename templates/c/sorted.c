{{ c.head }}{{ c.prelude }}/* Sorted by value, for bsearch(). */
struct {{ c.table }}_entry {
	{{ c.c_type }} value;
	const char *name;
};

static DEFTAB_UNUSED const struct {{ c.table }}_entry {{ c.table }}[] = {
{%- for r in v.sorted %}
	{ {{ r.c_value }}, "{{ r.c_str }}" },
{%- endfor %}
};{{ c.trailer }}
