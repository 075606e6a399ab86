// Checks and whole-profile operations.
#pragma once

#include "ember/profile/profile.h"
#include "ember/result.h"

namespace ember::profile {

// The model's invariants: dense 1-based ids, every referenced id exists, every sample has one
// value per sample type, labels are string xor number. The error names the first violation.
Result<void> validate(const Profile& profile);

// Adds `other` into `into`. Sample types must be equal. Stats are summed; the time range
// becomes the union of both.
Result<void> merge(Profile& into, const Profile& other);

// The samples whose time bucket lies in [begin_nanos, end_nanos). Samples without a time
// (time_nanos == 0) are excluded. Unreferenced locations/functions/mappings are dropped and ids
// renumbered. The time range is the window, clipped to the profile's when that is known; stats
// are kept as they were (they describe the whole collection). `profile` must pass validate().
Profile slice_by_time(const Profile& profile, int64_t begin_nanos, int64_t end_nanos);

}  // namespace ember::profile
