// pprof has no per-sample time. Profiles that will be cut by the load's seconds later (`ember
// record --load`, then `ember slow`) carry each sample's time bucket as a numeric label, which
// pprof shows and filters like any other (`-tagfocus`).
#pragma once

#include "ember/profile/profile.h"

namespace ember::latency {

inline constexpr char kSampleTimeLabel[] = "time_unix_nanos";

// Adds the label to every sample that has a time.
void add_sample_time_labels(profile::Profile& profile);

// Moves the labels back into Sample::time_nanos; false when no sample has one.
bool take_sample_time_labels(profile::Profile& profile);

}  // namespace ember::latency
