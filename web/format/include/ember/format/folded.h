// Brendan Gregg's folded stacks: one line per stack, "root;...;leaf value".
#pragma once

#include <string>

#include "ember/profile/profile.h"

namespace ember::format {

// Frames are function names, root first; inlined frames are separate frames. Lines are sorted
// and equal stacks merged. `value_index` picks the sample type.
std::string write_folded(const profile::Profile& profile, int value_index);

}  // namespace ember::format
