/* deftab's freestanding <stddef.h> (C11 7.19), built from the target's predefined macros
   the way a compiler's own header is. glibc asks for single types with __need_* macros. */
#if !defined(__DEFTAB_STDDEF_H) && !defined(__need_wint_t)
#define __DEFTAB_STDDEF_H
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
typedef __WCHAR_TYPE__ wchar_t;
typedef struct {
	long long __deftab_ll __attribute__((__aligned__(__alignof__(long long))));
	long double __deftab_ld __attribute__((__aligned__(__alignof__(long double))));
} max_align_t;
#undef NULL
#define NULL ((void *)0)
#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
#endif
#if defined(__need_wint_t) && !defined(__DEFTAB_WINT_T)
#define __DEFTAB_WINT_T
typedef __WINT_TYPE__ wint_t;
#endif
#undef __need_size_t
#undef __need_ptrdiff_t
#undef __need_wchar_t
#undef __need_NULL
#undef __need_wint_t
#undef __need_max_align_t
#undef __need_offsetof
