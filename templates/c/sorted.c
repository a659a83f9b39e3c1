{{ v.head }}{{ v.prelude }}/* Sorted by value, for bsearch(). */
struct {{ v.table }}_entry {
	{{ v.c_type }} value;
	const char *name;
};

static DEFTAB_UNUSED const struct {{ v.table }}_entry {{ v.table }}[] = {
{%- for r in v.sorted %}
	{ {{ r.c_value }}, "{{ r.c_str }}" },
{%- endfor %}
};{{ v.trailer }}
