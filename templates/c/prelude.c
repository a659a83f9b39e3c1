#include <stddef.h>

/* The tables are static, to be #included or compiled alone: unused ones are no warning. */
#ifndef DEFTAB_UNUSED
#ifdef __GNUC__
#define DEFTAB_UNUSED __attribute__((unused))
#else
#define DEFTAB_UNUSED
#endif
#endif


