#include "perf_paranoia.h"

#include <fstream>

namespace ember::emberd {

PerfPermissions perf_permissions_at(int level) {
  return {.level = level,
          .profile_processes = level < 3,
          .host_wide = level < 1,
          .kernel_frames = level < 2};
}

PerfPermissions current_perf_permissions() {
  std::ifstream file("/proc/sys/kernel/perf_event_paranoid");
  int level = 3;
  if (!(file >> level)) level = 3;
  return perf_permissions_at(level);
}

}  // namespace ember::emberd
