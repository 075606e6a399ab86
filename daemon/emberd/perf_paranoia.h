// What kernel.perf_event_paranoid lets a user without CAP_PERFMON do, in ember's terms. The
// levels, as the kernel documents them (Documentation/admin-guide/sysctl/kernel.rst), and
// Debian's addition:
//   -1  (almost) all events;
//   >=0 no raw tracepoint records (emberd hands out none: only profiles of the user's processes);
//   >=1 no CPU-wide events: no host-wide profiling (ember's --all and --cgroup);
//   >=2 no kernel profiling: no kernel frames in stacks;
//   >=3 (Debian) no perf_event_open at all: no profiling.
#pragma once

namespace ember::emberd {

struct PerfPermissions {
  int level = 0;
  bool profile_processes = false;  // per-process profiling of processes they may ptrace-read
  bool host_wide = false;          // all processes, or a cgroup's
  bool kernel_frames = false;
};

PerfPermissions perf_permissions_at(int level);

// The level now (the administrator may change it at any time); unreadable counts as the
// strictest.
PerfPermissions current_perf_permissions();

}  // namespace ember::emberd
