#include "duration.h"

#include <cmath>
#include <cstdlib>

namespace ember::tools {

Result<std::chrono::milliseconds> parse_duration(const std::string& text) {
  const Error error = make_error("invalid duration '" + text +
                                 "': use a number with a unit, e.g. 500ms, 30s, 2m or 1h");
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(number) || number < 0) return error;
  const std::string unit(end);
  double millis_per_unit = 0;
  if (unit.empty() || unit == "s")
    millis_per_unit = 1000;
  else if (unit == "ms")
    millis_per_unit = 1;
  else if (unit == "m")
    millis_per_unit = 60'000;
  else if (unit == "h")
    millis_per_unit = 3'600'000;
  else
    return error;
  const double millis = number * millis_per_unit;
  if (millis > 1e12) return make_error("duration '" + text + "' is too long");
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(millis)));
}

}  // namespace ember::tools
