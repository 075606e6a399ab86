#include "sampled_allocation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace ember::daemon {
namespace {

TEST(SampledAllocationEstimate, LargeAllocationsStandForThemselves) {
  // 128 means: always picked.
  EXPECT_EQ(sampled_allocation_estimate(64 << 20, 512 * 1024, 0.5),
            (std::vector<int64_t>{1, 64 << 20}));
}

TEST(SampledAllocationEstimate, SmallAllocationsStandForTheInverseOfTheirChance) {
  const double mean = 512 * 1024, size = 64;
  const double probability = 1 - std::exp(-size / mean);
  auto values = sampled_allocation_estimate(64, 512 * 1024, 0.5);
  EXPECT_NEAR(values[1], size / probability, 1);
  EXPECT_NEAR(values[0], 1 / probability, 1);
}

TEST(SampledAllocationEstimate, EachPickIsWeighedWithItsOwnMean) {
  // The sampler doubled its mean: the same size now stands for about twice as much.
  const auto before = sampled_allocation_estimate(64, 512 * 1024, 0.5);
  const auto after = sampled_allocation_estimate(64, 1024 * 1024, 0.5);
  EXPECT_NEAR(static_cast<double>(after[1]) / before[1], 2.0, 0.001);
}

TEST(SampledAllocationEstimate, ObjectCountsAreUnbiasedOnAverage) {
  // At the mean, 1/p = 1.582: rounding always up or down would be off by a quarter or more.
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> uniform(0, 1);
  double objects = 0;
  const int picks = 20000;
  for (int i = 0; i < picks; ++i)
    objects += sampled_allocation_estimate(1000, 1000, uniform(random))[0];
  EXPECT_NEAR(objects / picks, 1 / (1 - std::exp(-1.0)), 0.02);
}

TEST(SampledAllocationEstimate, WithoutAMeanThePickStandsForItself) {
  EXPECT_EQ(sampled_allocation_estimate(100, 0, 0.9), (std::vector<int64_t>{1, 100}));
}

}  // namespace
}  // namespace ember::daemon
