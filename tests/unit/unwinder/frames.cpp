#include "frames.h"

#include <cstdlib>

#if defined(__clang__)
#define EMBER_OUT_OF_LINE __attribute__((noinline))
#else
// noipa: no inlining, cloning (".constprop" names) or cross-function assumptions.
#define EMBER_OUT_OF_LINE __attribute__((noipa))
#endif

using ember::unwinder_testing::CapturedStack;

namespace {
volatile int sink = 0;  // keeps work after each call, so no call becomes a jump
CapturedStack* sort_capture = nullptr;
}  // namespace

extern "C" {

EMBER_OUT_OF_LINE int frame_c(CapturedStack* out, int depth) {
  ember::unwinder_testing::ember_capture_caller_registers(out->regs);
  ember::unwinder_testing::copy_stack(*out);
  sink = sink + depth;
  return depth + 1;
}

EMBER_OUT_OF_LINE int frame_b(CapturedStack* out, int depth) {
  int result = frame_c(out, depth + 1);
  sink = sink + result;
  return result + 1;
}

EMBER_OUT_OF_LINE int frame_a(CapturedStack* out) {
  int result = frame_b(out, 1);
  sink = sink + result;
  return result + 1;
}

EMBER_OUT_OF_LINE int compare_and_capture(const void* left, const void* right) {
  if (sort_capture != nullptr) {
    ember::unwinder_testing::ember_capture_caller_registers(sort_capture->regs);
    ember::unwinder_testing::copy_stack(*sort_capture);
    sort_capture = nullptr;
  }
  const int a = *static_cast<const int*>(left);
  const int b = *static_cast<const int*>(right);
  return (a > b) - (a < b);
}

EMBER_OUT_OF_LINE int sort_through_libc(CapturedStack* out) {
  int values[8] = {5, 3, 7, 1, 8, 2, 6, 4};
  sort_capture = out;
  std::qsort(values, 8, sizeof values[0], compare_and_capture);
  sink = sink + values[0];
  return values[0];
}

}  // extern "C"
