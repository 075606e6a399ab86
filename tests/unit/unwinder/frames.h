// Call chains of known shape for the unwinder to walk: built -O2 without frame pointers (see
// CMakeLists.txt), each function kept out of line and never tail-called, so every one of them
// is a real frame that only CFI can step over.
#pragma once

#include "captured_stack.h"

extern "C" {
// frame_a → frame_b → frame_c, which captures its own registers and stack into OUT.
int frame_a(ember::unwinder_testing::CapturedStack* out);
int frame_b(ember::unwinder_testing::CapturedStack* out, int depth);
int frame_c(ember::unwinder_testing::CapturedStack* out, int depth);

// sort_through_libc → qsort (the C library, no frame pointers) → compare_and_capture, which
// captures on its first call.
int sort_through_libc(ember::unwinder_testing::CapturedStack* out);
int compare_and_capture(const void* left, const void* right);
}
