#include "diff_gate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ember::tools {
namespace {

using profile::DiffRow;
using profile::ShareChange;

constexpr size_t kListedFunctions = 5;

double points(double share) {
  return share * 100;
}

// The functions that `selected` names and whose change `fails`, largest first.
template <class Selected, class Fails>
std::vector<FunctionChange> offending(const profile::ProfileDiff& diff, bool self,
                                      Selected selected, Fails fails) {
  std::vector<FunctionChange> out;
  for (const DiffRow& row : diff.rows) {
    const ShareChange& change = self ? row.self : row.total;
    if (selected(row.name) && fails(change)) out.push_back({row.name, points(change.delta())});
  }
  std::stable_sort(out.begin(), out.end(), [](const FunctionChange& a, const FunctionChange& b) {
    return std::abs(a.delta_points) > std::abs(b.delta_points);
  });
  if (out.size() > kListedFunctions) out.resize(kListedFunctions);
  return out;
}

std::optional<Violation> check_budget(const Budget& budget,
                                      const std::vector<profile::Profile>& base,
                                      const std::vector<profile::Profile>& after,
                                      const profile::ProfileDiff& by_function,
                                      const profile::DiffOptions& options) {
  auto matches = [&](const std::string& name) { return std::regex_search(name, budget.regex); };
  const profile::MatchedChange matched = compare_matched(base, after, options, matches);
  const ShareChange& change = budget.self ? matched.self : matched.total;
  if (!change.beyond_noise() || !budget.exceeded_by(points(change.delta()))) return std::nullopt;
  // Which functions carry the change: those that moved the same way beyond their own noise.
  auto same_direction = [&](const ShareChange& c) {
    return c.beyond_noise() && (budget.above ? c.delta() > 0 : c.delta() < 0);
  };
  return Violation{budget.text, points(change.delta()), points(change.noise),
                   offending(by_function, budget.self, matches, same_direction)};
}

}  // namespace

GateResult check_gate(const GateOptions& gate, const std::vector<profile::Profile>& base,
                      const std::vector<profile::Profile>& after,
                      const profile::ProfileDiff& by_function,
                      const profile::DiffOptions& options) {
  GateResult result;
  for (const Budget& budget : gate.budgets) {
    ++result.rules;
    if (auto violation = check_budget(budget, base, after, by_function, options))
      result.violations.push_back(std::move(*violation));
  }
  if (gate.max_regression_points) {
    ++result.rules;
    const double limit = *gate.max_regression_points;
    // Every function over the limit is a test of its own: the more of them, the likelier one
    // is over by chance, so each must stand out from a band widened for their number
    // (Bonferroni).
    size_t tested = 0;
    for (const DiffRow& row : by_function.rows) tested += points(row.total.delta()) > limit;
    const double level = 1 - (1 - options.confidence_level) / std::max<size_t>(tested, 1);
    auto functions = offending(
        by_function, false, [](const std::string&) { return true; },
        [&](const ShareChange& change) {
          return points(change.delta()) > limit &&
                 !(std::abs(change.delta()) <= profile::noise_band(change, level));
        });
    if (!functions.empty()) {
      const DiffRow* worst = nullptr;
      for (const DiffRow& row : by_function.rows)
        if (row.name == functions.front().name) worst = &row;
      char rule[64];
      std::snprintf(rule, sizeof rule, "--max-regression %g", limit);
      result.violations.push_back(Violation{rule, functions.front().delta_points,
                                            points(profile::noise_band(worst->total, level)),
                                            std::move(functions)});
    }
  }
  return result;
}

}  // namespace ember::tools
