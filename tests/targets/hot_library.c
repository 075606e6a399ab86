// A shared library whose one function is hot.
#include "spin.h"

__attribute__((noinline)) void hot_in_library(void) { spin(1); }
