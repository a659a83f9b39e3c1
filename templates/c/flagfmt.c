{{ v.head }}#include <stddef.h>
#include <stdio.h>

/* Writes `mask` as "A | B | 0x10" (bitflags' text form) into buf; returns snprintf's count. */
static int {{ v.table }}_format({{ v.cty }} mask, char *buf, size_t size)
{
	static const struct { {{ v.cty }} bits; const char *name; } flags[] = {
{%- for r in v.rows %}
		{ {{ r.c_value }}, "{{ r.c_str }}" },
{%- endfor %}
	};
	{{ v.cty }} rest = mask;
	size_t used = 0;
	int total = 0;
	const char *sep = "";

	if (size > 0)
		buf[0] = '\0';
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		{{ v.cty }} bits = flags[i].bits;
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
}{{ v.trailer }}
