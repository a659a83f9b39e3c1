/* deftab's freestanding <stdarg.h> (C11 7.16). */
#ifndef __DEFTAB_GNUC_VA_LIST
#define __DEFTAB_GNUC_VA_LIST
typedef __builtin_va_list __gnuc_va_list;
#endif
#if !defined(__DEFTAB_STDARG_H) && !defined(__need___va_list)
#define __DEFTAB_STDARG_H
typedef __gnuc_va_list va_list;
#define va_start(v, l) __builtin_va_start(v, l)
#define va_end(v) __builtin_va_end(v)
#define va_arg(v, l) __builtin_va_arg(v, l)
#define va_copy(d, s) __builtin_va_copy(d, s)
#endif
#undef __need___va_list
