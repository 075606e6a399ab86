#include "ember/latency/slow_split.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ember/latency/sample_time_labels.h"
#include "ember/profile/operations.h"

namespace ember::latency {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kStart = 1'700'000'000;

// Six seconds: "serve" once a second, and "rebuild" three times in second 2.
profile::Profile timed_profile() {
  profile::Profile p;
  p.sample_types = {{"samples", "count"}};
  for (uint64_t id : {1, 2}) {
    profile::Function function;
    function.id = id;
    function.name = id == 1 ? "serve" : "rebuild";
    p.functions.push_back(function);
    profile::Location location;
    location.id = id;
    location.lines = {{id, 0}};
    p.locations.push_back(location);
  }
  p.time_nanos = kStart * kSecond;
  p.duration_nanos = 6 * kSecond;
  auto add = [&p](uint64_t location, int64_t value, int64_t second) {
    profile::Sample sample;
    sample.location_ids = {location};
    sample.values = {value};
    sample.time_nanos = (kStart + second) * kSecond;
    p.samples.push_back(sample);
  };
  for (int s = 0; s < 6; ++s) add(1, 1, s);
  add(2, 3, 2);
  return p;
}

SlowSeconds seconds(std::vector<int64_t> slow, std::vector<int64_t> rest) {
  SlowSeconds out;
  out.slow = slow;
  out.rest = rest;
  for (int64_t s : slow) out.windows.push_back({s, s + 1});
  return out;
}

TEST(SlowSplit, OneProfilePerSecondOnEachSide) {
  auto split =
      split_by_seconds(timed_profile(), seconds({kStart + 2}, {kStart, kStart + 1, kStart + 3}), 0);
  ASSERT_TRUE(split.ok()) << split.error().message;
  ASSERT_EQ(split->slow.size(), 1u);
  ASSERT_EQ(split->rest.size(), 3u);
  EXPECT_EQ(split->slow[0].samples.size(), 2u);
  EXPECT_EQ(split->rest[2].samples.size(), 1u);
  EXPECT_TRUE(profile::validate(split->slow[0]).ok());
}

TEST(SlowSplit, LatenciesOutsideTheProfileAreRefused) {
  const int64_t later = kStart + 3600;
  auto split = split_by_seconds(timed_profile(), seconds({later}, {later + 1}), 0);
  ASSERT_FALSE(split.ok());
  EXPECT_THAT(split.error().message, HasSubstr("outside the profile"));
  auto nothing_slow = split_by_seconds(timed_profile(), seconds({}, {kStart}), 0);
  ASSERT_FALSE(nothing_slow.ok());
  EXPECT_THAT(nothing_slow.error().message, HasSubstr("no second of the load was slow"));
}

TEST(SampleTimeLabels, CarrySampleTimesThroughLabelsAndBack) {
  profile::Profile p = timed_profile();
  add_sample_time_labels(p);
  ASSERT_NE(p.samples[3].label(kSampleTimeLabel), nullptr);
  EXPECT_EQ(p.samples[3].label(kSampleTimeLabel)->num, (kStart + 3) * kSecond);
  profile::Profile read = p;
  for (auto& sample : read.samples) sample.time_nanos = 0;  // as pprof reads them
  EXPECT_TRUE(take_sample_time_labels(read));
  EXPECT_EQ(read, timed_profile());
  profile::Profile untimed = timed_profile();
  EXPECT_FALSE(take_sample_time_labels(untimed));
}

}  // namespace
}  // namespace ember::latency
