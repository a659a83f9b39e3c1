/* Nested conditionals with skipped garbage, #elif after #else, and a stray #endif. */
#if defined(__x86_64__) && __SIZEOF_LONG__ == 8
#define LONG_64 1
#elif 1/0
#define NEVER 'unterminated
#else
#error not reached
#endif
#ifdef __KERNEL__
  # garbage directive ( ) ##
#endif
#if 0
#else
#elif 1
#endif
#endif
