#include <gtest/gtest.h>

#include "ember/profile/operations.h"
#include "sample_profile.h"

namespace ember::profile {
namespace {

using testing::kSecond;
using testing::kStartNanos;

// The sample profile as if it were another mode's: offcpu/nanoseconds, its values doubled,
// starting one second later.
Profile offcpu_profile() {
  Profile offcpu = testing::sample_profile();
  offcpu.sample_types = {{"samples", "count"}, {"offcpu", "nanoseconds"}};
  offcpu.default_sample_type = "offcpu";
  for (auto& sample : offcpu.samples) sample.values[1] *= 2;
  offcpu.time_nanos += kSecond;
  offcpu.stats["samples"] += 1;
  offcpu.stats["only_offcpu"] = 7;
  return offcpu;
}

int64_t column_total(const Profile& profile, size_t column) {
  int64_t total = 0;
  for (const auto& sample : profile.samples) total += sample.values[column];
  return total;
}

TEST(Combine, EachPartKeepsItsDefaultValueInItsOwnColumn) {
  const Profile cpu = testing::sample_profile();
  const Profile offcpu = offcpu_profile();
  const Profile combined = combine({cpu, offcpu});
  ASSERT_TRUE(validate(combined)) << validate(combined).error().message;
  EXPECT_EQ(combined.sample_types,
            (std::vector<ValueType>{{"cpu", "nanoseconds"}, {"offcpu", "nanoseconds"}}));
  EXPECT_EQ(combined.default_sample_type, "cpu");
  EXPECT_EQ(column_total(combined, 0), column_total(cpu, 1));
  EXPECT_EQ(column_total(combined, 1), column_total(offcpu, 1));
  // Both parts' stacks are there, sharing functions by name.
  EXPECT_EQ(combined.functions.size(), cpu.functions.size());
}

TEST(Combine, StatsOfLaterPartsArePrefixedWhereTheyDiffer) {
  const Profile cpu = testing::sample_profile();
  const Profile combined = combine({cpu, offcpu_profile()});
  EXPECT_EQ(combined.stats.at("samples"), cpu.stats.at("samples"));
  EXPECT_EQ(combined.stats.at("offcpu.samples"), cpu.stats.at("samples") + 1);
  EXPECT_EQ(combined.stats.at("only_offcpu"), 7);
  EXPECT_EQ(combined.stats.count("offcpu.only_offcpu"), 0u);
}

TEST(Combine, TimeRangeIsTheUnion) {
  const Profile cpu = testing::sample_profile();
  const Profile offcpu = offcpu_profile();
  const Profile combined = combine({cpu, offcpu});
  EXPECT_EQ(combined.time_nanos, kStartNanos);
  EXPECT_EQ(combined.duration_nanos, offcpu.time_nanos + offcpu.duration_nanos - kStartNanos);
}

TEST(Combine, OnePartIsThatPartWithOneColumn) {
  const Profile cpu = testing::sample_profile();
  const Profile combined = combine({cpu});
  ASSERT_EQ(combined.sample_types.size(), 1u);
  EXPECT_EQ(column_total(combined, 0), column_total(cpu, 1));
}

}  // namespace
}  // namespace ember::profile
