#pragma once

#include <cstdint>
#include <string>

namespace ember::tools {

// A value in its unit, for people: "1.25s", "830ms", "12.0MiB", "4521".
std::string format_value(int64_t value, const std::string& unit);

// A share as a percentage with one decimal: "42.1%".
std::string format_percent(int64_t part, int64_t total);

}  // namespace ember::tools
