// A profile cut by the load's seconds: one profile per slow second and one per other second,
// the repeated runs `ember diff` compares, so the change table has noise bands from the spread
// between seconds.
#pragma once

#include <cstdint>
#include <vector>

#include "ember/latency/slow_seconds.h"
#include "ember/profile/profile.h"
#include "ember/result.h"

namespace ember::latency {

struct SlowSplit {
  std::vector<profile::Profile> slow;  // one per slow second with samples
  std::vector<profile::Profile> rest;  // one per other second of load with samples
};

// `profile` must pass validate() and carry sample times. Seconds whose `value_index` total is 0
// are left out (no share to compare). Errors when the load's seconds and the profile's samples
// do not meet, or either side has no second left, saying which.
Result<SlowSplit> split_by_seconds(const profile::Profile& profile, const SlowSeconds& seconds,
                                   int value_index);

}  // namespace ember::latency
