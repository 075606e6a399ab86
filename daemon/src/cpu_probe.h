#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "cpu_clock_rephaser.h"
#include "ember/result.h"
#include "ember/unique_fd.h"
#include "process_probe.h"

struct ember_cpu;
struct bpf_link;

namespace ember::daemon {

// The on-CPU probe: cpu.bpf.c loaded with the process probe's shared maps, attached to one
// cpu-clock perf event per online CPU, each restarted at random moments by a CpuClockRephaser.
// Owns the skeleton, the perf fds and the links.
class CpuProbe {
 public:
  struct Options {
    int frequency_hz = 99;
    // Bytes of user stack copied per sample for DWARF unwinding; 0 for frame pointers only.
    uint32_t stack_copy_bytes = 0;
  };

  static Result<std::unique_ptr<CpuProbe>> open(const Options& options,
                                                const ProcessProbe& process);
  ~CpuProbe();
  CpuProbe(const CpuProbe&) = delete;
  CpuProbe& operator=(const CpuProbe&) = delete;

  // The clocks' period, 1 s / frequency: what a sample stands for on average.
  uint64_t sample_period_ns() const;

 private:
  CpuProbe() = default;
  Result<void> attach();

  ember_cpu* skeleton_ = nullptr;
  std::vector<UniqueFd> perf_events_;
  std::vector<bpf_link*> links_;
  std::unique_ptr<CpuClockRephaser> rephaser_;
};

}  // namespace ember::daemon
