// How one share (a function's part of a profile's total) moved from a set of base runs to a
// set of new runs, and whether the move stands out from the spread between repeated runs.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace ember::profile {

// One value per run, and each run's total it is a share of.
struct RunValues {
  std::vector<int64_t> values;
  std::vector<int64_t> totals;
};

struct ShareChange {
  double base = 0;         // mean share over the base runs, 0..1
  double after = 0;        // mean share over the new runs
  double base_value = 0;   // mean absolute value per base run
  double after_value = 0;  // mean absolute value per new run
  // Half-width of the confidence interval of the change, from the spread between runs; NaN
  // when neither side has two runs (no measured noise).
  double noise = NAN;
  // Welch's t-test: 1 - p for "the shares differ"; NaN when the noise is unknown.
  double confidence = NAN;
  // What the noise band is made of: the change's standard error and the test's degrees of
  // freedom (NaN when the noise is unknown).
  double standard_error = NAN;
  double degrees_of_freedom = NAN;

  double delta() const { return after - base; }
  // Without repeated runs there is no noise to stand out from: every change counts.
  bool beyond_noise() const { return std::isnan(noise) || std::abs(delta()) > noise; }
};

// `confidence_level` (in (0, 1), e.g. 0.95) sizes the noise band. With two or more runs on
// both sides the test is Welch's; with repeated runs on one side only, that side's spread
// stands for both.
ShareChange compare_shares(const RunValues& base, const RunValues& after, double confidence_level);

// The half-width of the change's interval at another confidence level (e.g. a stricter one
// when many changes are tested at once); NaN when the noise is unknown.
double noise_band(const ShareChange& change, double confidence_level);

}  // namespace ember::profile
