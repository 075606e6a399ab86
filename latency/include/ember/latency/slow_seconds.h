// Which seconds of a load were slow: their percentile latency above a threshold, the user's or
// one well above the run's typical second.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "ember/latency/latency_series.h"
#include "ember/result.h"

namespace ember::latency {

struct SlowSeconds {
  double percentile = 99;
  double threshold_ms = 0;
  double typical_ms = 0;                             // median over the seconds of the percentile
  std::vector<int64_t> slow;                         // Unix seconds above the threshold, sorted
  std::vector<int64_t> rest;                         // seconds with load that are not slow
  std::vector<std::pair<int64_t, int64_t>> windows;  // runs of slow seconds, [start, end) Unix s
};

// Without `threshold_ms`: the larger of 3 × the typical second's value and the typical value
// plus 5 robust standard deviations (1.4826 × the median absolute deviation), so ordinary
// second-to-second noise is never slow. Seconds without a value (no requests) are neither.
Result<SlowSeconds> find_slow_seconds(const Series& series, double percentile,
                                      std::optional<double> threshold_ms);

// Runs of consecutive seconds, [start, end) Unix s, of sorted Unix seconds.
std::vector<std::pair<int64_t, int64_t>> runs_of(const std::vector<int64_t>& seconds);

}  // namespace ember::latency
