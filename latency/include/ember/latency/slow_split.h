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
// are left out (no share to compare); a side left with none gets one empty run. Errors when no
// second is slow, or none is not, or the load's seconds lie outside the profile.
Result<SlowSplit> split_by_seconds(const profile::Profile& profile, const SlowSeconds& seconds,
                                   int value_index);

}  // namespace ember::latency
