#include "ember/profile/profile_diff.h"

#include <gtest/gtest.h>

#include <regex>

#include "ember/profile/sample_type_choice.h"
#include "run_profiles.h"

namespace ember::profile {
namespace {

using testing::run_profile;

const ValueType kCpu{"cpu", "nanoseconds"};

// main calls encode and parse; encode does the work the change makes slower.
Profile service_run(int64_t encode, int64_t parse, int64_t main_self = 10) {
  return run_profile(
      {{{"encode", "main"}, encode}, {{"parse", "main"}, parse}, {{"main"}, main_self}});
}

const DiffRow& row(const ProfileDiff& diff, const std::string& name) {
  for (const DiffRow& r : diff.rows)
    if (r.name == name) return r;
  ADD_FAILURE() << "no row " << name;
  return diff.rows.front();
}

TEST(DiffProfiles, SharesOfEachTotalWithAbsoluteValues) {
  // Base: encode 30 of 100 samples. New: encode 60 of 150 (the run is longer, too).
  const ProfileDiff diff = diff_profiles({service_run(30, 60)}, {service_run(60, 80)}, {kCpu});
  EXPECT_EQ(diff.base_totals, std::vector<int64_t>{1'000'000'000});
  EXPECT_EQ(diff.after_totals, std::vector<int64_t>{1'500'000'000});
  ASSERT_EQ(diff.rows.size(), 3u);
  EXPECT_EQ(diff.rows[0].name, "encode");  // +10 points, the largest change
  const DiffRow& encode = row(diff, "encode");
  EXPECT_NEAR(encode.self.base, 0.30, 1e-12);
  EXPECT_NEAR(encode.self.after, 0.40, 1e-12);
  EXPECT_NEAR(encode.self.base_value, 300'000'000, 1e-3);
  EXPECT_NEAR(encode.self.after_value, 600'000'000, 1e-3);
  EXPECT_NEAR(encode.total.delta(), 0.10, 1e-12);
  const DiffRow& parse = row(diff, "parse");
  EXPECT_NEAR(parse.self.delta(), 80.0 / 150 - 0.60, 1e-12);  // fewer points, more time
  const DiffRow& main = row(diff, "main");
  EXPECT_NEAR(main.total.delta(), 0, 1e-12);  // the root holds everything on both sides
  EXPECT_NEAR(main.self.delta(), 10.0 / 150 - 0.10, 1e-12);
  EXPECT_TRUE(std::isnan(encode.self.noise));
}

TEST(DiffProfiles, RepeatedRunsGiveTheNoise) {
  const std::vector<Profile> base = {service_run(30, 60), service_run(32, 58), service_run(31, 59)};
  const std::vector<Profile> same = {service_run(31, 59), service_run(29, 61), service_run(32, 58)};
  const std::vector<Profile> slower = {service_run(45, 60), service_run(47, 58),
                                       service_run(46, 59)};
  for (const DiffRow& r : diff_profiles(base, same, {kCpu}).rows) {
    EXPECT_FALSE(r.self.beyond_noise()) << r.name;
    EXPECT_FALSE(r.total.beyond_noise()) << r.name;
  }
  const ProfileDiff diff = diff_profiles(base, slower, {kCpu});
  EXPECT_EQ(diff.rows[0].name, "encode");
  EXPECT_TRUE(diff.rows[0].self.beyond_noise());
  EXPECT_GT(diff.rows[0].self.confidence, 0.99);
}

TEST(DiffProfiles, FunctionsOnOneSideOnly) {
  const Profile base = run_profile({{{"old_path", "main"}, 50}, {{"main"}, 50}});
  const Profile after = run_profile({{{"new_path", "main"}, 50}, {{"main"}, 50}});
  const ProfileDiff diff = diff_profiles({base}, {after}, {kCpu});
  EXPECT_NEAR(row(diff, "old_path").self.delta(), -0.5, 1e-12);
  EXPECT_NEAR(row(diff, "new_path").self.delta(), 0.5, 1e-12);
  EXPECT_EQ(row(diff, "new_path").self.base_value, 0);
}

TEST(DiffProfiles, ByStack) {
  const Profile base = run_profile({{{"leaf", "a", "main"}, 20}, {{"leaf", "b", "main"}, 80}});
  const Profile after = run_profile({{{"leaf", "a", "main"}, 50}, {{"leaf", "b", "main"}, 50}});
  DiffOptions options{kCpu, DiffKey::stack};
  const ProfileDiff diff = diff_profiles({base}, {after}, options);
  ASSERT_EQ(diff.rows.size(), 2u);
  EXPECT_NEAR(row(diff, "main;a;leaf").self.delta(), 0.3, 1e-12);
  EXPECT_NEAR(row(diff, "main;b;leaf").total.delta(), -0.3, 1e-12);
  // By function, leaf did not move at all.
  EXPECT_NEAR(row(diff_profiles({base}, {after}, {kCpu}), "leaf").self.delta(), 0, 1e-12);
}

TEST(CompareMatched, CountsEachSampleOnceForTheMatchedGroup) {
  const Profile base = run_profile({{{"json::write", "json::encode", "main"}, 20},
                                    {{"json::encode", "main"}, 10},
                                    {{"main"}, 70}});
  const Profile after = run_profile({{{"json::write", "json::encode", "main"}, 40},
                                     {{"json::encode", "main"}, 10},
                                     {{"main"}, 50}});
  const std::regex json("json::.*");
  const MatchedChange change =
      compare_matched({base}, {after}, {kCpu},
                      [&](const std::string& name) { return std::regex_match(name, json); });
  EXPECT_NEAR(change.total.base, 0.30, 1e-12);
  EXPECT_NEAR(change.total.after, 0.50, 1e-12);
  EXPECT_NEAR(change.self.delta(), 0.20, 1e-12);
}

TEST(ComparableSampleType, PicksTheDefaultOrTheRequestedCommonType) {
  const Profile cpu = run_profile({{{"main"}, 1}});
  Profile alloc = cpu;
  alloc.sample_types = {{"alloc_objects", "count"}, {"alloc_space", "bytes"}};
  Profile samples_only = cpu;
  samples_only.sample_types[1] = {"wall", "nanoseconds"};

  auto chosen = comparable_sample_type({&cpu, &cpu}, "");
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen, kCpu);
  chosen = comparable_sample_type({&cpu, &samples_only}, "");
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen, (ValueType{"samples", "count"}));
  chosen = comparable_sample_type({&cpu, &cpu}, "samples");
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->type, "samples");

  chosen = comparable_sample_type({&cpu, &alloc}, "");
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.error().message,
            "the profiles have no sample type in common (samples/count, cpu/nanoseconds) vs "
            "(alloc_objects/count, alloc_space/bytes): compare profiles of the same kind (e.g. "
            "CPU with CPU)");
  chosen = comparable_sample_type({&cpu, &samples_only}, "cpu");
  ASSERT_FALSE(chosen.ok());
  EXPECT_NE(chosen.error().message.find("common types: samples/count"), std::string::npos);
}

}  // namespace
}  // namespace ember::profile
