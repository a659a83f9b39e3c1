/* <varargs.h> is pre-standard; gcc's own header is only an error, and so is deftab's. */
#ifndef __DEFTAB_VARARGS_H
#define __DEFTAB_VARARGS_H
#error "GCC no longer implements <varargs.h>."
#error "Revise your code to use <stdarg.h>."
#endif
