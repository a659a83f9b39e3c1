/* deftab's <stdnoreturn.h> (C11 7.23). */
#ifndef __DEFTAB_STDNORETURN_H
#define __DEFTAB_STDNORETURN_H
#define noreturn _Noreturn
#endif
