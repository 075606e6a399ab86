#include "ember/profile/stack_roots.h"

#include <array>
#include <string_view>

namespace ember::profile {

bool is_thread_root(const std::string& function_name) {
  static constexpr std::array<std::string_view, 6> roots = {"_start", "clone",    "__clone",
                                                            "clone3", "__clone3", "start_thread"};
  for (std::string_view root : roots)
    if (function_name == root) return true;
  return false;
}

RootReach root_reach(const Profile& profile, int value_index) {
  RootReach reach;
  for (const Sample& sample : profile.samples) {
    if (sample.location_ids.empty()) continue;
    const Location& outermost = profile.location(sample.location_ids.back());
    if (outermost.lines.empty()) continue;
    const int64_t value = sample.values[value_index];
    reach.total += value;
    if (is_thread_root(profile.function(outermost.lines.back().function_id).name))
      reach.reaching_root += value;
  }
  return reach;
}

}  // namespace ember::profile
