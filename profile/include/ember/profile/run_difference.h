// Profiles that show a comparison: the mean of repeated runs, and one side minus the other
// (what `go tool pprof -diff_base` shows: negative values where the base had more).
#pragma once

#include <vector>

#include "ember/profile/profile.h"
#include "ember/result.h"

namespace ember::profile {

// The average run: samples with equal stacks summed over `runs`, divided by the run count and
// rounded, in the columns `types` (every run must have them). Labels and per-sample times are
// dropped, since threads and times of different runs do not correspond. Profile-level fields
// come from the first run, with the mean duration. Runs must pass validate().
Result<Profile> mean_profile(const std::vector<Profile>& runs, const std::vector<ValueType>& types);

// `after` minus `base` by stack: base samples enter with negated values, times `base_factor`,
// so a stack in both nets out. With base_factor = after's total / base's total the result
// shows changes in share, in after's units (pprof's -normalize). Both must have the same sample
// types and pass validate(); labels and times are dropped, as in mean_profile. The header is
// `after`'s.
Result<Profile> subtract(const Profile& after, const Profile& base, double base_factor = 1);

}  // namespace ember::profile
