#pragma once

#include "ember/profile/profile.h"

namespace ember::daemon {

// On-CPU and off-CPU time in one profile (samples/count, wall/nanoseconds): each thread's
// total is then the time it existed during the recording. On-CPU samples get the thread_state
// label "running", so every sample says what its thread was doing. Stats are the cpu
// profile's; `cpu` and `offcpu` must pass validate().
profile::Profile wall_profile(const profile::Profile& cpu, const profile::Profile& offcpu);

}  // namespace ember::daemon
