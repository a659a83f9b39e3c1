#ifndef {{ guard }}
#define {{ guard }}

{% for (name, nr) in defines -%}
#define __NR_{{ name }} {{ nr }}
{% endfor -%}
{% if let Some(count) = count %}
#ifdef __KERNEL__
#define __NR_syscalls {{ count }}
#endif
{% endif %}
#endif /* {{ guard }} */

