#include "value_format.h"

#include <cstdio>
#include <cstdlib>

namespace ember::tools {

namespace {

std::string scaled(double value, const char* const* units, const double* sizes, int count) {
  int pick = 0;
  while (pick + 1 < count && std::abs(value) >= sizes[pick + 1]) ++pick;
  char text[64];
  const double shown = value / sizes[pick];
  std::snprintf(text, sizeof(text), shown >= 100 || pick == 0 ? "%.0f%s" : "%.2f%s", shown,
                units[pick]);
  return text;
}

}  // namespace

std::string format_value(int64_t value, const std::string& unit) {
  if (unit == "nanoseconds") {
    static const char* const units[] = {"ns", "us", "ms", "s"};
    static const double sizes[] = {1, 1e3, 1e6, 1e9};
    return scaled(static_cast<double>(value), units, sizes, 4);
  }
  if (unit == "bytes") {
    static const char* const units[] = {"B", "KiB", "MiB", "GiB"};
    static const double sizes[] = {1, 1024, 1024.0 * 1024, 1024.0 * 1024 * 1024};
    return scaled(static_cast<double>(value), units, sizes, 4);
  }
  return std::to_string(value);
}

std::string format_percent(int64_t part, int64_t total) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f%%", total ? 100.0 * part / total : 0.0);
  return text;
}

}  // namespace ember::tools
