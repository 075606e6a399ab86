#pragma once

#include <chrono>
#include <vector>

#include "ember/profile/profile.h"
#include "offcpu_probe.h"

namespace ember::daemon {

// Adds the off-CPU waits too short for a stack to an off-CPU profile (samples/count,
// offcpu/nanoseconds): per thread and state one sample whose stack is a single frame naming
// the threshold, so totals per thread stay whole and the flame graph says what is missing.
void add_short_wait_samples(profile::Profile& offcpu, const std::vector<ShortWait>& waits,
                            std::chrono::nanoseconds min_block);

}  // namespace ember::daemon
