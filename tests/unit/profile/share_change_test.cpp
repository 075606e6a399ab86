#include "ember/profile/share_change.h"

#include <gtest/gtest.h>

#include "student_t.h"

namespace ember::profile {
namespace {

// Two-sided 95% and 99% points of Student's t, from any statistics table.
TEST(StudentT, MatchesTabulatedCriticalValues) {
  EXPECT_NEAR(student_t_critical(0.95, 1), 12.706, 1e-3);
  EXPECT_NEAR(student_t_critical(0.95, 4), 2.776, 1e-3);
  EXPECT_NEAR(student_t_critical(0.95, 10), 2.228, 1e-3);
  EXPECT_NEAR(student_t_critical(0.99, 4), 4.604, 1e-3);
  EXPECT_NEAR(student_t_critical(0.95, 1e6), 1.960, 1e-3);  // the normal limit
  EXPECT_NEAR(student_t_two_sided_p(2.776445, 4), 0.05, 1e-6);
  EXPECT_NEAR(student_t_two_sided_p(0, 4), 1.0, 1e-12);
}

TEST(CompareShares, WelchTestOnRepeatedRuns) {
  // Base shares 30%, 32%, 31%; new 40%, 41%, 42%: both sample variances are 1e-4, so the
  // standard error is sqrt(2 * 1e-4 / 3) and Welch's degrees of freedom are exactly 4.
  const RunValues base{{30, 64, 31}, {100, 200, 100}};
  const RunValues after{{40, 41, 84}, {100, 100, 200}};
  const ShareChange change = compare_shares(base, after, 0.95);
  EXPECT_NEAR(change.base, 0.31, 1e-12);
  EXPECT_NEAR(change.after, 0.41, 1e-12);
  EXPECT_NEAR(change.delta(), 0.10, 1e-12);
  EXPECT_NEAR(change.base_value, 125.0 / 3, 1e-9);
  EXPECT_NEAR(change.after_value, 55, 1e-9);
  const double standard_error = std::sqrt(2 * 1e-4 / 3);
  EXPECT_NEAR(change.noise, 2.776445 * standard_error, 1e-6);
  EXPECT_NEAR(change.confidence, 1 - student_t_two_sided_p(0.10 / standard_error, 4), 1e-12);
  EXPECT_GT(change.confidence, 0.999);
  EXPECT_TRUE(change.beyond_noise());
  EXPECT_NEAR(noise_band(change, 0.99), 4.604 * standard_error, 1e-3 * standard_error);
}

TEST(CompareShares, ChangeWithinTheSpreadIsNoise) {
  const ShareChange change =
      compare_shares({{30, 36, 33}, {100, 100, 100}}, {{34, 31, 35}, {100, 100, 100}}, 0.95);
  EXPECT_NEAR(change.delta(), 0.00333, 1e-4);
  EXPECT_GT(change.noise, std::abs(change.delta()));
  EXPECT_LT(change.confidence, 0.5);
  EXPECT_FALSE(change.beyond_noise());
}

TEST(CompareShares, OneRunPerSideHasNoNoiseEstimate) {
  const ShareChange change = compare_shares({{25}, {100}}, {{50}, {200}}, 0.95);
  EXPECT_DOUBLE_EQ(change.delta(), 0);
  EXPECT_TRUE(std::isnan(change.noise));
  EXPECT_TRUE(std::isnan(change.confidence));
  EXPECT_TRUE(change.beyond_noise());
}

TEST(CompareShares, RepeatedRunsOnOneSideMeasureTheNoiseForBoth) {
  // Base spread: shares 0.30 and 0.34 (sample variance 8e-4); one new run.
  const ShareChange change = compare_shares({{30, 34}, {100, 100}}, {{40}, {100}}, 0.95);
  EXPECT_NEAR(change.noise, 12.706 * std::sqrt(8e-4 * 1.5), 1e-3);
  EXPECT_FALSE(change.beyond_noise());
}

TEST(CompareShares, IdenticalRunsMakeAnyChangeSignificant) {
  const ShareChange same = compare_shares({{10, 10}, {100, 100}}, {{10, 10}, {100, 100}}, 0.95);
  EXPECT_EQ(same.noise, 0);
  EXPECT_EQ(same.confidence, 0);
  EXPECT_FALSE(same.beyond_noise());
  const ShareChange moved = compare_shares({{10, 10}, {100, 100}}, {{11, 11}, {100, 100}}, 0.95);
  EXPECT_EQ(moved.confidence, 1);
  EXPECT_TRUE(moved.beyond_noise());
}

}  // namespace
}  // namespace ember::profile
