{{ c.head }}{{ c.prelude }}#include <stdio.h>

/* Writes `mask` as "A | B | 0x10" (bitflags' text form) into buf; returns snprintf's count.
{%- if !v.field_c_mask.is_empty() %}
 * The field (mask {{ v.field_c_mask }}) comes first, by the name of its value.{% endif %} */
static DEFTAB_UNUSED int {{ c.table }}_format({{ c.c_type }} mask, char *buf, size_t size)
{
	static const struct { {{ c.c_type }} bits; const char *name; } flags[] = {
{%- for r in v.rows %}
		{ {{ r.c_value }}, "{{ r.c_str }}" },
{%- endfor %}
	};
	{{ c.c_type }} rest = mask;
	size_t used = 0;
	int total = 0;
	const char *sep = "";

	if (size > 0)
		buf[0] = '\0';
{%- if !v.field_c_mask.is_empty() %}
	static const struct { {{ c.c_type }} bits; const char *name; } field[] = {
{%- for r in v.field_rows %}
		{ {{ r.c_value }}, "{{ r.c_str }}" },
{%- endfor %}
	};
	for (size_t i = 0; i < sizeof(field) / sizeof(field[0]); i++) {
		if ((mask & {{ v.field_c_mask }}) != field[i].bits)
			continue;
		int n = snprintf(buf, size, "%s", field[i].name);
		if (n < 0)
			return n;
		total = n;
		used = (size_t)total;
		rest &= ~{{ v.field_c_mask }};
		sep = " | ";
		break;
	}
{%- endif %}
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		{{ c.c_type }} bits = flags[i].bits;
		if (bits == 0 || (rest & bits) == 0 || (mask & bits) != bits)
			continue;
		int n = snprintf(buf + used, used < size ? size - used : 0, "%s%s", sep, flags[i].name);
		if (n < 0)
			return n;
		total += n;
		used = (size_t)total;
		rest &= ~bits;
		sep = " | ";
	}
	if (rest != 0) {
		int n = snprintf(buf + used, used < size ? size - used : 0, "%s%#llx", sep, (unsigned long long)rest);
		if (n < 0)
			return n;
		total += n;
	}
	return total;
}{{ c.trailer }}
