// Whether stacks are whole: a sample's stack is complete when its outermost frame is where a
// thread begins (_start for the main thread, clone/clone3 or start_thread for the others).
// A truncated unwind ends anywhere else. The same test applies to any profiler's output, so
// unwinding quality can be compared.
#pragma once

#include <string>

#include "ember/profile/profile.h"

namespace ember::profile {

bool is_thread_root(const std::string& function_name);

struct RootReach {
  int64_t total = 0;          // sum of the value over samples with a user stack
  int64_t reaching_root = 0;  // of which the outermost frame is a thread root
};

// For the sample value at `value_index`. Samples whose stack is empty are not counted.
RootReach root_reach(const Profile& profile, int value_index);

}  // namespace ember::profile
