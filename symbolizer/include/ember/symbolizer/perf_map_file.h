// Where a process's JIT perf map is, as this process reaches it.
#pragma once

#include <cstdint>
#include <string>

namespace ember::symbolizer {

// PROC_ROOT/PID/root/tmp/perf-NSPID.map: a runtime writes /tmp/perf-<its own pid>.map in its
// own filesystem, and inside a container its own pid is the one in its PID namespace (the last
// NStgid of PROC_ROOT/PID/status; PID itself where that is missing).
std::string perf_map_file(const std::string& proc_root, uint32_t pid);

}  // namespace ember::symbolizer
