// The regression gate of `ember diff`: budgets on changes in share, checked against the noise
// between repeated runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diff_budget.h"
#include "ember/profile/profile_diff.h"

namespace ember::tools {

struct GateOptions {
  std::vector<Budget> budgets;
  // Any one function's total share (with what it calls, so that work inlined into it or done
  // by its callees counts) may grow by at most this many points. With repeated runs, the
  // functions over the limit are tested together: each must stand out from a noise band
  // widened for their number (Bonferroni), so that many functions do not mean false alarms.
  std::optional<double> max_regression_points;
};

struct FunctionChange {
  std::string name;
  double delta_points = 0;
};

struct Violation {
  std::string rule;           // the budget as written, or "--max-regression N"
  double delta_points = 0;    // for a budget: its functions together; else the largest change
  double noise_points = NAN;  // NaN without repeated runs
  std::vector<FunctionChange> functions;  // the offending functions, largest change first
};

struct GateResult {
  size_t rules = 0;  // budgets checked, counting --max-regression as one
  std::vector<Violation> violations;
  bool passed() const { return violations.empty(); }
};

// A rule fails only on a change beyond the noise (see ShareChange::beyond_noise). `by_function`
// is the function-keyed diff of the same runs.
GateResult check_gate(const GateOptions& gate, const std::vector<profile::Profile>& base,
                      const std::vector<profile::Profile>& after,
                      const profile::ProfileDiff& by_function, const profile::DiffOptions& options);

}  // namespace ember::tools
