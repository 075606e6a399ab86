#include "ember/daemon/duration.h"

#include <cmath>
#include <cstdlib>

namespace ember::daemon {

Result<std::chrono::nanoseconds> parse_duration(const std::string& text) {
  const Error error = make_error("invalid duration '" + text +
                                 "': use a number with a unit, e.g. 500ms, 30s, 2m, 1h or 20us");
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(number) || number < 0) return error;
  const std::string unit(end);
  double nanos_per_unit = 0;
  if (unit.empty() || unit == "s")
    nanos_per_unit = 1e9;
  else if (unit == "us")
    nanos_per_unit = 1e3;
  else if (unit == "ms")
    nanos_per_unit = 1e6;
  else if (unit == "m")
    nanos_per_unit = 60e9;
  else if (unit == "h")
    nanos_per_unit = 3600e9;
  else
    return error;
  const double nanos = number * nanos_per_unit;
  if (nanos > 1e18) return make_error("duration '" + text + "' is too long");
  return std::chrono::nanoseconds(static_cast<int64_t>(std::llround(nanos)));
}

}  // namespace ember::daemon
