// What `ember slow` reports: the slow seconds and the rule that chose them, the functions whose
// share grows most in them (the rows of `ember diff`, slow seconds against the others, each
// second one run), and for lock profiles the locks whose wait per second grows most.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "ember/latency/slow_seconds.h"
#include "ember/profile/profile.h"
#include "ember/profile/profile_diff.h"

namespace ember::tools {

// The rows whose total share grows, largest growth first (on a tie the larger self growth,
// so a function comes before callers that only pass its growth on).
std::vector<const profile::DiffRow*> growing_rows(const profile::ProfileDiff& diff);

// {"slow_windows": [[start_unix, end_unix], ...], "threshold_ms", "typical_ms", "percentile",
//  "slow_seconds", "other_seconds", "sample_type", "unit", "changes": [{"function",
//  "change_pts" (total share growth), "self_pts", "noise_pts", "beyond_noise", "self": CHANGE,
//  "total": CHANGE}, ...], "locks": [{"lock", "class", "slow_nanos_per_second",
//  "other_nanos_per_second"}, ...]} with CHANGE as in `ember diff --json`.
nlohmann::json slow_json(const latency::SlowSeconds& seconds, const profile::Profile& profile,
                         const profile::ProfileDiff& diff, size_t count);

void print_slow(std::ostream& out, const latency::SlowSeconds& seconds,
                const profile::Profile& profile, const profile::ProfileDiff& diff, size_t count,
                double confidence_level);

// How the default threshold is chosen, for people.
std::string threshold_rule(const latency::SlowSeconds& seconds);

}  // namespace ember::tools
