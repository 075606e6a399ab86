#include "wall_profile.h"

#include <gtest/gtest.h>

#include "ember/profile/builder.h"
#include "ember/profile/operations.h"

namespace ember::daemon {
namespace {

// One thread's profile of one mode: `value` ns in one sample on the stack [leaf] under main.
profile::Profile one_sample(const std::string& type, const std::string& leaf, int64_t value,
                            std::vector<profile::Label> labels) {
  profile::ProfileBuilder builder({{"samples", "count"}, {type, "nanoseconds"}});
  const uint64_t main_function = builder.add_function("main", "main");
  const uint64_t leaf_function = builder.add_function(leaf, leaf);
  const uint64_t main_location = builder.add_location(0, 0x10, {{main_function, 0}});
  const uint64_t leaf_location = builder.add_location(0, 0x20, {{leaf_function, 0}});
  labels.push_back({"tid", {}, 7, {}});
  builder.add_sample({leaf_location, main_location}, {1, value}, labels);
  builder.profile().stats = {{"samples", 1}, {"lost_samples", 3}};
  builder.profile().duration_nanos = 1'000;
  return std::move(builder).build();
}

TEST(WallProfile, OnCpuAndOffCpuTimeAddUpWithTheirStates) {
  const auto cpu = one_sample("cpu", "compute", 300, {});
  const auto offcpu = one_sample("offcpu", "read", 700, {{"thread_state", "sleeping", 0, {}}});
  const profile::Profile wall = wall_profile(cpu, offcpu);
  ASSERT_TRUE(profile::validate(wall)) << profile::validate(wall).error().message;
  EXPECT_EQ(wall.sample_types[1], (profile::ValueType{"wall", "nanoseconds"}));
  EXPECT_EQ(wall.default_sample_type, "wall");
  ASSERT_EQ(wall.samples.size(), 2u);
  int64_t total = 0;
  std::map<std::string, int64_t> by_state;
  for (const auto& sample : wall.samples) {
    total += sample.values[1];
    for (const auto& label : sample.labels)
      if (label.key == "thread_state") by_state[label.str] += sample.values[1];
  }
  EXPECT_EQ(total, 1'000);
  EXPECT_EQ(by_state["running"], 300);
  EXPECT_EQ(by_state["sleeping"], 700);
  // The collection's counters are counted once, not once per mode.
  EXPECT_EQ(wall.stats.at("lost_samples"), 3);
  EXPECT_EQ(wall.stats.at("offcpu_samples"), 1);
}

}  // namespace
}  // namespace ember::daemon
