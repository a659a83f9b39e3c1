/* Includes itself until the include-depth limit. */
#define DEPTH __INCLUDE_LEVEL__
#include __FILE__
