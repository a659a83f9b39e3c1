{{ c.head }}{{ c.prelude }}{{ v.offset_define }}{{ v.open }}{% for r in v.rows %}{{ r.line }}{% endfor %}{{ v.close }}{{ c.trailer }}
