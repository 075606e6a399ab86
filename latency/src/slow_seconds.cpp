#include "ember/latency/slow_seconds.h"

#include <algorithm>
#include <cmath>

namespace ember::latency {

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

Result<SlowSeconds> find_slow_seconds(const Series& series, double percentile,
                                      std::optional<double> threshold_ms) {
  auto values = percentile_by_second(series, percentile);
  if (!values) return values.error();
  if (threshold_ms && !(*threshold_ms > 0))
    return make_error("--threshold-ms must be a positive number of milliseconds");
  std::vector<double> present;
  for (double value : *values)
    if (!std::isnan(value)) present.push_back(value);
  SlowSeconds out;
  out.percentile = percentile;
  out.typical_ms = median(present);
  if (threshold_ms) {
    out.threshold_ms = *threshold_ms;
  } else {
    std::vector<double> deviations;
    for (double value : present) deviations.push_back(std::abs(value - out.typical_ms));
    const double robust_sigma = 1.4826 * median(deviations);
    out.threshold_ms = std::max(3 * out.typical_ms, out.typical_ms + 5 * robust_sigma);
  }
  for (size_t i = 0; i < values->size(); ++i) {
    if (std::isnan((*values)[i])) continue;
    const int64_t second = series.seconds[i].unix_second;
    if ((*values)[i] <= out.threshold_ms) {
      out.rest.push_back(second);
      continue;
    }
    out.slow.push_back(second);
  }
  out.windows = runs_of(out.slow);
  return out;
}

std::vector<std::pair<int64_t, int64_t>> runs_of(const std::vector<int64_t>& seconds) {
  std::vector<std::pair<int64_t, int64_t>> runs;
  for (int64_t second : seconds)
    if (!runs.empty() && runs.back().second == second)
      runs.back().second = second + 1;
    else
      runs.push_back({second, second + 1});
  return runs;
}

}  // namespace ember::latency
