#include "ember/latency/slow_split.h"

#include "ember/profile/operations.h"
#include "ember/profile/profile_diff.h"

namespace ember::latency {

namespace {

constexpr int64_t kSecond = 1'000'000'000;

// One profile per second that has samples of a non-zero total.
std::vector<profile::Profile> per_second(const profile::Profile& profile,
                                         const std::vector<int64_t>& seconds, int value_index) {
  std::vector<profile::Profile> out;
  for (int64_t second : seconds) {
    profile::Profile slice =
        profile::slice_by_time(profile, second * kSecond, (second + 1) * kSecond);
    if (profile::value_total(slice, value_index) != 0) out.push_back(std::move(slice));
  }
  return out;
}

}  // namespace

Result<SlowSplit> split_by_seconds(const profile::Profile& profile, const SlowSeconds& seconds,
                                   int value_index) {
  if (seconds.slow.empty())
    return make_error("no second of the load was slow: its p" +
                      std::to_string(static_cast<int>(seconds.percentile)) +
                      " stayed at or under the threshold; give a lower --threshold-ms");
  if (seconds.rest.empty())
    return make_error(
        "every second of the load was slow, nothing to compare with: give a "
        "higher --threshold-ms");
  const int64_t first = profile.time_nanos, last = profile.time_nanos + profile.duration_nanos;
  const int64_t load_first = seconds.windows.front().first * kSecond;
  const int64_t load_last = std::max(seconds.slow.back(), seconds.rest.back()) * kSecond + kSecond;
  const int64_t rest_first = seconds.rest.front() * kSecond;
  if (std::min(load_first, rest_first) >= last || load_last <= first)
    return make_error("the latencies' times lie outside the profile (it ran for " +
                      std::to_string(profile.duration_nanos / 1'000'000) + " ms from Unix time " +
                      std::to_string(first / kSecond) +
                      "): give the latency file of this profile's run");
  SlowSplit split{per_second(profile, seconds.slow, value_index),
                  per_second(profile, seconds.rest, value_index)};
  // A side where nothing of this type happened (no lock waits outside the slow seconds) is
  // one run with every share 0, not a missing comparison.
  if (split.slow.empty()) split.slow.push_back(profile::slice_by_time(profile, 0, 0));
  if (split.rest.empty()) split.rest.push_back(profile::slice_by_time(profile, 0, 0));
  return split;
}

}  // namespace ember::latency
