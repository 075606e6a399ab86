// A small CPU profile with every feature the model has (inlining, recursion, labels, time
// buckets, stats), built once here so each test reads the same, known numbers.
#pragma once

#include <cstdint>

#include "ember/profile/profile.h"

namespace ember::profile::testing {

// Collection start of the sample profile; its samples lie at +0 s, +1 s and +2 s.
constexpr int64_t kStartNanos = 1'700'000'000'000'000'000;
constexpr int64_t kSecond = 1'000'000'000;

// Sample types samples/count and cpu/nanoseconds. Stacks (leaf first; parse is inlined into
// handle, so one location holds both):
//   +0 s  leaf ← recurse ← recurse ← main        3 samples
//   +1 s  parse|handle ← main                     5 samples
//   +1 s  leaf ← parse|handle ← main              1 sample
//   +2 s  main                                    2 samples
// By samples: flat parse 5, leaf 4, main 2; cum main 11, handle 6, parse 6, leaf 4, recurse 3.
Profile sample_profile();

}  // namespace ember::profile::testing
