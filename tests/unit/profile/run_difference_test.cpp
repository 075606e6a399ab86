#include "ember/profile/run_difference.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ember/profile/operations.h"
#include "ember/profile/pprof.h"
#include "ember/profile/top_table.h"
#include "run_profiles.h"

namespace ember::profile {
namespace {

using testing::run_profile;

const std::vector<ValueType> kTypes = {{"samples", "count"}, {"cpu", "nanoseconds"}};

int64_t flat(const Profile& p, const std::string& name, int index = 0) {
  for (const FunctionTotal& row : top_table(p, index).entries)
    if (row.name == name) return row.flat;
  return 0;
}

TEST(MeanProfile, AveragesRunsByStack) {
  const Profile a = run_profile({{{"encode", "main"}, 30}, {{"main"}, 10}});
  const Profile b = run_profile({{{"encode", "main"}, 32}, {{"parse", "main"}, 3}});
  Result<Profile> mean = mean_profile({a, b}, kTypes);
  ASSERT_TRUE(mean.ok()) << mean.error().message;
  ASSERT_TRUE(validate(*mean).ok());
  EXPECT_EQ(flat(*mean, "encode"), 31);
  EXPECT_EQ(flat(*mean, "main"), 5);
  EXPECT_EQ(flat(*mean, "parse"), 2);  // 1.5 rounds up
  EXPECT_EQ(flat(*mean, "encode", 1), 310'000'000);
  EXPECT_EQ(mean->default_sample_type, "cpu");
  for (const Sample& s : mean->samples) EXPECT_TRUE(s.labels.empty());
}

TEST(MeanProfile, KeepsOnlyTheRequestedColumns) {
  const Profile a = run_profile({{{"main"}, 4}});
  Result<Profile> mean = mean_profile({a}, {{"cpu", "nanoseconds"}});
  ASSERT_TRUE(mean.ok());
  EXPECT_EQ(mean->sample_types, (std::vector<ValueType>{{"cpu", "nanoseconds"}}));
  EXPECT_EQ(flat(*mean, "main"), 40'000'000);
  EXPECT_FALSE(mean_profile({a}, {{"alloc_space", "bytes"}}).ok());
}

TEST(Subtract, NegatesTheBaseAndNetsEqualStacks) {
  const Profile base = run_profile({{{"encode", "main"}, 30}, {{"old", "main"}, 5}});
  const Profile after = run_profile({{{"encode", "main"}, 45}, {{"main"}, 7}});
  Result<Profile> difference = subtract(after, base);
  ASSERT_TRUE(difference.ok()) << difference.error().message;
  ASSERT_TRUE(validate(*difference).ok());
  EXPECT_EQ(difference->samples.size(), 3u);  // encode;main nets into one sample
  EXPECT_EQ(flat(*difference, "encode"), 15);
  EXPECT_EQ(flat(*difference, "old"), -5);
  EXPECT_EQ(flat(*difference, "main"), 7);

  // The codec carries negative values both ways.
  Result<std::string> bytes = write_pprof(*difference);
  ASSERT_TRUE(bytes.ok());
  Result<Profile> read = read_pprof(*bytes);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(flat(*read, "old", 1), -50'000'000);

  // Scaled to the new total, the base shows the change in share: encode 30 of 35 samples
  // before, 45 of 52 now; the base counts 52/35 as much.
  difference = subtract(after, base, 52.0 / 35);
  ASSERT_TRUE(difference.ok());
  EXPECT_EQ(flat(*difference, "encode"), 45 - std::llround(30 * 52.0 / 35));
  EXPECT_EQ(flat(*difference, "old"), -std::llround(5 * 52.0 / 35));

  Profile other = base;
  other.sample_types[1] = {"wall", "nanoseconds"};
  EXPECT_FALSE(subtract(after, other).ok());
}

}  // namespace
}  // namespace ember::profile
