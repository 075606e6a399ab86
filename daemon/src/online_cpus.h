#pragma once

#include <string>
#include <vector>

#include "ember/result.h"

namespace ember::daemon {

// Parses a CPU list such as "0-3,8,10-11" (the format of /sys/devices/system/cpu/online).
Result<std::vector<int>> parse_cpu_list(const std::string& text);

// The CPUs online now.
Result<std::vector<int>> online_cpus();

}  // namespace ember::daemon
