// Mode names as users write them (ember record --mode, emberd's session requests) and the names
// of the profiles a recording of those modes gives.
#pragma once

#include <string>
#include <vector>

#include "ember/daemon/recording.h"
#include "ember/result.h"

namespace ember::daemon {

// "cpu", "offcpu", "lock", "alloc"; "wall" (cpu and offcpu, whose sum it is) and "all". Each
// mode once, in the order first named. Fails with one line naming the unknown one, or when
// `names` is empty.
Result<std::vector<Mode>> parse_modes(const std::vector<std::string>& names);

// The names Recording::profiles() gives a recording of `modes`, in its order: "cpu", "offcpu"
// and "wakers" (unless RecordingOptions::offcpu_wakers is off), "lock" and "lock_holders",
// "alloc", then "wall" when both cpu and offcpu are there.
std::vector<std::string> profile_names(const std::vector<Mode>& modes, bool wakers = true);

}  // namespace ember::daemon
