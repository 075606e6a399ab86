#pragma once

#include <chrono>
#include <string>

#include "ember/result.h"

namespace ember::tools {

// Parses "30s", "500ms", "2m", "1h" or a plain number of seconds ("10").
Result<std::chrono::milliseconds> parse_duration(const std::string& text);

}  // namespace ember::tools
