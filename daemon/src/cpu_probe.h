#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "ember/result.h"
#include "ember/unique_fd.h"
#include "ember_abi.h"
#include "ring_buffer_reader.h"

struct ember_cpu;
struct bpf_link;

namespace ember::daemon {

using BpfCounters = std::array<uint64_t, EMBER_COUNTER_COUNT>;

// The on-CPU probe: cpu.bpf.c loaded, attached to one cpu-clock perf event per online CPU and
// to the fork/exec tracepoints. Owns the skeleton, the perf fds, the links and the ring buffer.
class CpuProbe {
 public:
  struct Options {
    int frequency_hz = 99;
    // Bytes of user stack copied per sample for DWARF unwinding; 0 for frame pointers only.
    uint32_t stack_copy_bytes = 0;
  };

  // Loads and attaches; records (struct ember_stack_record, ember_stack_copy_record or
  // ember_process_record) go to
  // `handler` from poll().
  static Result<std::unique_ptr<CpuProbe>> open(const Options& options,
                                                RingBufferReader::Handler handler);
  ~CpuProbe();
  CpuProbe(const CpuProbe&) = delete;
  CpuProbe& operator=(const CpuProbe&) = delete;

  Result<void> add_target(uint32_t pid);
  // CPU time each sample stands for: 1 s / frequency.
  uint64_t sample_period_ns() const;
  RingBufferReader& records() { return *records_; }
  // The kernel side's counters, summed over CPUs.
  BpfCounters counters() const;

 private:
  CpuProbe() = default;
  Result<void> attach();

  ember_cpu* skeleton_ = nullptr;
  std::vector<UniqueFd> perf_events_;
  std::vector<bpf_link*> links_;
  std::unique_ptr<RingBufferReader> records_;
};

}  // namespace ember::daemon
