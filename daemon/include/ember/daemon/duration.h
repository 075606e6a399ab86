// Durations as people write them on a command line or in a request.
#pragma once

#include <chrono>
#include <string>

#include "ember/result.h"

namespace ember::daemon {

// Parses "20us", "500ms", "30s", "2m", "1h" or a plain number of seconds ("10").
Result<std::chrono::nanoseconds> parse_duration(const std::string& text);

}  // namespace ember::daemon
