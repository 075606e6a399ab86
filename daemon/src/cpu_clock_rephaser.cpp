#include "cpu_clock_rephaser.h"

#include <bpf/bpf.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>

#include "ember_abi.h"

namespace ember::daemon {

namespace {

using std::chrono::nanoseconds;

// Periods between restarts on average, and the shortest gap: each restart interrupts every CPU
// once, so at high frequencies it is bounded in time rather than in periods.
constexpr uint64_t kPeriodsBetweenRestarts = 8;
constexpr nanoseconds kMinGap = std::chrono::milliseconds(10);

}  // namespace

CpuClockRephaser::CpuClockRephaser(std::vector<Clock> clocks, int clock_map_fd, uint64_t period_ns)
    : clocks_(std::move(clocks)),
      clock_map_fd_(clock_map_fd),
      period_ns_(period_ns),
      thread_([this](const std::stop_token& stop) { run(stop); }) {}

void CpuClockRephaser::run(const std::stop_token& stop) const {
  const int64_t mean_gap =
      std::max(kMinGap, nanoseconds(period_ns_ * kPeriodsBetweenRestarts)).count();
  std::mt19937_64 random(std::random_device{}());
  std::uniform_int_distribution<int64_t> gap(mean_gap / 2, mean_gap * 3 / 2);
  std::uniform_int_distribution<uint64_t> period(period_ns_ / 2, period_ns_ * 3 / 2);
  std::mutex mutex;
  std::condition_variable_any never_notified;
  std::unique_lock lock(mutex);
  while (!stop.stop_requested()) {
    never_notified.wait_for(lock, stop, nanoseconds(gap(random)), [] { return false; });
    if (stop.stop_requested()) break;
    // Setting the period restarts the clock from now; the next sample is at least half a
    // period away, so the map says so before it. (A CPU that went offline fails here and
    // keeps its clock; nothing is lost.)
    for (const Clock& clock : clocks_) {
      ember_cpu_clock state{.period_ns = period(random), .restarted = 1};
      if (ioctl(clock.perf_fd, PERF_EVENT_IOC_PERIOD, &state.period_ns) == 0)
        bpf_map_update_elem(clock_map_fd_, &clock.cpu, &state, BPF_ANY);
    }
  }
}

}  // namespace ember::daemon
