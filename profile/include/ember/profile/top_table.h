// Flat and cumulative totals per function, as in `pprof -top`.
#pragma once

#include <string>
#include <vector>

#include "ember/profile/profile.h"

namespace ember::profile {

struct FunctionTotal {
  std::string name;  // demangled function name
  int64_t flat = 0;  // value of samples whose leaf frame is this function
  int64_t cum = 0;   // value of samples with this function anywhere on the stack (counted once)
};

struct TopTable {
  int64_t total = 0;                   // sum over all samples
  std::vector<FunctionTotal> entries;  // sorted by flat descending, then cum, then name
};

// Totals for the sample value at `value_index` (an empty table when out of range). Inlined
// frames count as functions of their own; rows are keyed by function name, and a location
// without lines is named by its address ("0x4010a0"). `profile` must pass validate().
TopTable top_table(const Profile& profile, int value_index);

}  // namespace ember::profile
