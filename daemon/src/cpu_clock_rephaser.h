#pragma once

#include <cstdint>
#include <stop_token>
#include <thread>
#include <vector>

namespace ember::daemon {

// Restarts the per-CPU sampling clocks at random moments a few periods apart, each time with a
// period drawn between half and one and a half times the nominal one. A clock that fires at a
// fixed period can fall in step with work that repeats at a multiple of it (equal jobs in a
// loop, a batch timer) and then hit the same point of that work every time: the profile
// over-counts one phase and misses the others, by tens of points. A restart moves the clock's
// phase at random, and the new period makes it drift from one sample to the next. Each restart
// is written to the BPF program's clock map (period, restarted), so every sample weighs its
// own period and the time a restart cuts short is still counted.
class CpuClockRephaser {
 public:
  struct Clock {
    int cpu;
    int perf_fd;  // owned by the caller, open for the rephaser's lifetime
  };
  CpuClockRephaser(std::vector<Clock> clocks, int clock_map_fd, uint64_t period_ns);

 private:
  void run(const std::stop_token& stop) const;

  std::vector<Clock> clocks_;
  int clock_map_fd_;
  uint64_t period_ns_;
  std::jthread thread_;  // last: stopped and joined before the members above go
};

}  // namespace ember::daemon
