// Small CPU profiles for comparison tests, written as stacks of function names.
#pragma once

#include <string>
#include <vector>

#include "ember/profile/profile.h"

namespace ember::profile::testing {

struct StackValue {
  std::vector<std::string> stack;  // function names, leaf first
  int64_t samples = 0;
};

// A profile with types samples/count and cpu/nanoseconds (10 ms per sample), one location per
// function name, pid/tid labels on every sample.
Profile run_profile(const std::vector<StackValue>& stacks);

}  // namespace ember::profile::testing
