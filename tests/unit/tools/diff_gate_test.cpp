#include "diff_gate.h"

#include <gtest/gtest.h>

#include <cmath>

#include "run_profiles.h"

namespace ember::tools {
namespace {

using profile::Profile;
using profile::testing::run_profile;

const profile::DiffOptions kCpu{{"cpu", "nanoseconds"}};

// main calls encode and parse.
Profile service_run(int64_t encode, int64_t parse) {
  return run_profile({{{"encode", "main"}, encode}, {{"parse", "main"}, parse}, {{"main"}, 10}});
}

GateResult gate(const std::vector<std::string>& budgets, std::optional<double> max_regression,
                const std::vector<Profile>& base, const std::vector<Profile>& after) {
  GateOptions options;
  for (const std::string& text : budgets) options.budgets.push_back(*parse_budget(text));
  options.max_regression_points = max_regression;
  return check_gate(options, base, after, profile::diff_profiles(base, after, kCpu), kCpu);
}

TEST(DiffGate, BudgetsOnSingleRuns) {
  // encode: 30% → 45% of the samples.
  const std::vector<Profile> base = {service_run(30, 60)}, after = {service_run(45, 45)};
  GateResult result = gate({"share(enc) > +10pts", "self(^parse$) < -10pts"}, 20, base, after);
  EXPECT_EQ(result.rules, 3u);
  ASSERT_EQ(result.violations.size(), 2u);
  EXPECT_EQ(result.violations[0].rule, "share(enc) > +10pts");
  EXPECT_NEAR(result.violations[0].delta_points, 15, 1e-9);
  EXPECT_TRUE(std::isnan(result.violations[0].noise_points));
  ASSERT_EQ(result.violations[0].functions.size(), 1u);
  EXPECT_EQ(result.violations[0].functions[0].name, "encode");
  EXPECT_EQ(result.violations[1].functions[0].name, "parse");

  result = gate({}, 10, base, after);
  ASSERT_EQ(result.violations.size(), 1u);
  EXPECT_EQ(result.violations[0].rule, "--max-regression 10");
  EXPECT_EQ(result.violations[0].functions[0].name, "encode");
  EXPECT_TRUE(gate({"share(enc) > +16pts"}, 16, base, after).passed());
}

TEST(DiffGate, RepeatedRunsFailOnlyBeyondTheNoise) {
  // encode moves by about 3 points, well inside a spread of ±8 points between runs.
  const std::vector<Profile> base = {service_run(22, 68), service_run(38, 52), service_run(30, 60)};
  const std::vector<Profile> noisy = {service_run(41, 49), service_run(25, 65),
                                      service_run(34, 56)};
  EXPECT_TRUE(gate({"share(encode) > +2pts"}, 2, base, noisy).passed());
  // The same budgets fail when the runs agree with each other.
  const std::vector<Profile> steady_base = {service_run(30, 60), service_run(30, 60)};
  const std::vector<Profile> steady_new = {service_run(33, 57), service_run(33, 57)};
  GateResult result = gate({"share(encode) > +2pts"}, 2, steady_base, steady_new);
  EXPECT_EQ(result.violations.size(), 2u);
  EXPECT_EQ(result.violations[0].noise_points, 0);
}

// main calls encode, decode and parse; 100 samples per run.
Profile codec_run(int64_t encode, int64_t decode) {
  return run_profile({{{"encode", "main"}, encode},
                      {{"decode", "main"}, decode},
                      {{"parse", "main"}, 90 - encode - decode},
                      {{"main"}, 10}});
}

TEST(DiffGate, MaxRegressionWidensTheBandForEachFunctionOverTheLimit) {
  // encode: 30%, 31% → 34%, 35%. Alone over the limit, +4 points stand out from the 95% band
  // (t = 4.30 with 2 degrees of freedom, standard error 0.71 points: ±3.04).
  const std::vector<Profile> base = {codec_run(30, 20), codec_run(31, 20)};
  GateResult result = gate({}, 2, base, {codec_run(34, 20), codec_run(35, 20)});
  ASSERT_EQ(result.violations.size(), 1u);
  EXPECT_EQ(result.violations[0].functions[0].name, "encode");
  EXPECT_NEAR(result.violations[0].noise_points, 4.303 * std::sqrt(0.5), 1e-2);
  // With decode over the limit too, each is tested at 97.5% (t = 6.21: ±4.39): no alarm.
  EXPECT_TRUE(gate({}, 2, base, {codec_run(34, 24), codec_run(35, 25)}).passed());
}

}  // namespace
}  // namespace ember::tools
