// The budgets `ember diff` gates on: "share(REGEX) > +2pts" and the like.
#pragma once

#include <regex>
#include <string>

#include "ember/result.h"

namespace ember::tools {

// MEASURE(REGEX) OP LIMIT[pts], where MEASURE is `share` or `total` (samples with a matching
// function anywhere on the stack), or `self` (samples whose leaf matches); REGEX is searched
// for in function names (ECMAScript, as pprof -focus does: anchor with ^ and $); OP is `>` (fail
// when the change in points is above LIMIT) or `<` (below, for budgets on things that must not
// shrink); LIMIT is in percentage points.
struct Budget {
  std::string text;  // as written, for messages
  bool self = false;
  std::string pattern;
  std::regex regex;
  bool above = true;
  double limit_points = 0;

  // Whether a change of `delta_points` breaks the budget (noise aside).
  bool exceeded_by(double delta_points) const {
    return above ? delta_points > limit_points : delta_points < limit_points;
  }
};

// The error says what is wrong and shows the expected form.
Result<Budget> parse_budget(const std::string& text);

}  // namespace ember::tools
