#include "ember/latency/slow_seconds.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ember::latency {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kStart = 1'700'000'000;

// `per_second` requests a second, sent in its first half, for `seconds` seconds, 20 to 26 ms
// each, but every tenth sent in the seconds `stalled` waits up to `stall_ms` (and no longer than
// the rest of its second).
Series load(int seconds, int per_second, std::vector<int> stalled, double stall_ms) {
  std::vector<Request> requests;
  for (int s = 0; s < seconds; ++s) {
    const bool stall = std::find(stalled.begin(), stalled.end(), s) != stalled.end();
    for (int i = 0; i < per_second; ++i) {
      const int64_t start = (kStart + s) * kSecond + i * (kSecond / 2 / per_second);
      const double ms = stall && i % 10 == 0 ? stall_ms : 20 + (i % 7);
      // Stalled requests end within their second, so each counts in its own second only.
      requests.push_back({start, stall ? std::min(ms, 1000.0 - 500.0 * i / per_second - 1) : ms});
    }
  }
  return *from_requests(std::move(requests));
}

TEST(SlowSeconds, TheStalledSecondsStandOutFromTheTypicalOne) {
  auto slow = find_slow_seconds(load(10, 100, {3, 4, 8}, 900), 99, std::nullopt);
  ASSERT_TRUE(slow.ok()) << slow.error().message;
  EXPECT_DOUBLE_EQ(slow->typical_ms, 26);
  EXPECT_GT(slow->threshold_ms, slow->typical_ms);
  EXPECT_THAT(slow->slow, ElementsAre(kStart + 3, kStart + 4, kStart + 8));
  EXPECT_THAT(slow->windows,
              ElementsAre(Pair(kStart + 3, kStart + 5), Pair(kStart + 8, kStart + 9)));
  EXPECT_EQ(slow->rest.size(), 7u);
}

TEST(SlowSeconds, AGivenThresholdAndPercentileAreUsed) {
  // Every second's median is 23 ms.
  auto none = find_slow_seconds(load(5, 100, {}, 0), 50, 23.5);
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_DOUBLE_EQ(none->threshold_ms, 23.5);
  EXPECT_TRUE(none->slow.empty());
  EXPECT_EQ(none->rest.size(), 5u);
  auto all = find_slow_seconds(load(5, 100, {}, 0), 50, 22.5);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->slow.size(), 5u);
  EXPECT_THAT(all->windows, ElementsAre(Pair(kStart, kStart + 5)));
}

TEST(SlowSeconds, PerSecondInputOffersOnlyItsColumns) {
  Series series;
  series.seconds = {{kStart, 0, 5, NAN, 9}, {kStart + 1, 0, 6, NAN, 900}};
  auto p99 = find_slow_seconds(series, 99, 100.0);
  ASSERT_TRUE(p99.ok()) << p99.error().message;
  EXPECT_THAT(p99->slow, ElementsAre(kStart + 1));
  auto p90 = find_slow_seconds(series, 90, std::nullopt);
  ASSERT_FALSE(p90.ok());
  EXPECT_THAT(p90.error().message, HasSubstr("--percentile 50 or 99"));
  auto bad = find_slow_seconds(series, 99, -1.0);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("--threshold-ms"));
}

TEST(SlowSeconds, RunsOfSecondsAreHalfOpen) {
  EXPECT_THAT(runs_of({}), ElementsAre());
  EXPECT_THAT(runs_of({5, 6, 7, 9, 11, 12}), ElementsAre(Pair(5, 8), Pair(9, 10), Pair(11, 13)));
}

}  // namespace
}  // namespace ember::latency
