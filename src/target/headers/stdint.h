/* deftab's <stdint.h> (C11 7.20), a wrapper as gcc's: the C library's when there is one,
   else the freestanding body from the target's predefined macros (stdint-gcc.h). */
#ifndef __DEFTAB_STDINT_H
#define __DEFTAB_STDINT_H
#if __STDC_HOSTED__ && __has_include_next(<stdint.h>)
#include_next <stdint.h>
#else
#include "stdint-gcc.h"
#endif
#endif
