#include "diff_budget.h"

#include <cstdlib>

namespace ember::tools {

Result<Budget> parse_budget(const std::string& text) {
  const auto fail = [&](const std::string& what) {
    return make_error("bad --fail-if '" + text + "': " + what +
                      "; expected e.g. 'share(json::.*) > +2pts' or 'self(^malloc$) > 1pts'");
  };
  Budget budget;
  budget.text = text;
  const size_t open = text.find('(');
  const size_t close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open)
    return fail("no MEASURE(REGEX)");
  std::string measure = text.substr(0, open);
  std::erase(measure, ' ');
  if (measure != "share" && measure != "total" && measure != "self")
    return fail("unknown measure '" + measure + "' (use share, total or self)");
  budget.self = measure == "self";
  budget.pattern = text.substr(open + 1, close - open - 1);
  try {
    budget.regex = std::regex(budget.pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& error) {
    return fail("the regular expression does not compile (" + std::string(error.what()) + ")");
  }
  std::string rest = text.substr(close + 1);
  const size_t op = rest.find_first_not_of(' ');
  if (op == std::string::npos || (rest[op] != '>' && rest[op] != '<'))
    return fail("no comparison (> or <) after the parenthesis");
  budget.above = rest[op] == '>';
  rest = rest.substr(op + 1);
  char* end = nullptr;
  budget.limit_points = std::strtod(rest.c_str(), &end);
  if (end == rest.c_str()) return fail("no limit in points after the comparison");
  std::string unit(end);
  std::erase(unit, ' ');
  if (!unit.empty() && unit != "pts" && unit != "pt" && unit != "pp")
    return fail("unknown unit '" + unit + "' (limits are percentage points: pts)");
  return budget;
}

}  // namespace ember::tools
