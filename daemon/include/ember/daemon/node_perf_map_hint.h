// `ember record --pid` on a Node.js started without V8's perf map: its JavaScript frames can
// only show as [anon] addresses (a running V8 cannot be asked for the map later), so the user is
// told, in one line, what to start it with.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ember::daemon {

// The line to print for process `pid` (seen through PROC_ROOT), or nothing when it is not node
// or has its perf map.
std::optional<std::string> node_perf_map_hint(const std::string& proc_root, uint32_t pid);

}  // namespace ember::daemon
