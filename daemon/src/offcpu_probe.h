#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "ember/result.h"
#include "ember_abi.h"
#include "process_probe.h"

struct ember_offcpu;
struct bpf_link;

namespace ember::daemon {

// Off-CPU waits that were too short for a stack, summed per thread and state in the kernel.
struct ShortWait {
  ember_short_wait_key key;
  ember_short_wait_total total;
};

// The off-CPU probe: offcpu.bpf.c loaded with the process probe's shared maps, attached to the
// sched_switch tracepoint. Waits of at least min_block become stack samples in the shared ring
// buffer; shorter ones are summed (short_waits()).
class OffCpuProbe {
 public:
  struct Options {
    std::chrono::nanoseconds min_block{20'000};
    uint32_t stack_copy_bytes = 0;  // 0 for frame pointers only
    bool wakers = true;             // also the stacks of what woke each wait
  };

  static Result<std::unique_ptr<OffCpuProbe>> open(const Options& options,
                                                   const ProcessProbe& process);
  ~OffCpuProbe();
  OffCpuProbe(const OffCpuProbe&) = delete;
  OffCpuProbe& operator=(const OffCpuProbe&) = delete;

  // Once the targets are in the target map: their threads already off-CPU count from now.
  Result<void> mark_blocked_threads();
  // When collection stops: detaches, then hands the threads still off-CPU to `handler` as
  // records (like the ring buffer's), weighted by the time they waited so far.
  void flush_blocked_threads(const RingBufferReader::Handler& handler);
  std::vector<ShortWait> short_waits() const;
  std::chrono::nanoseconds min_block() const;

 private:
  OffCpuProbe() = default;
  Result<void> fill_free_slots(uint32_t slots);
  Result<void> attach(bool wakers);
  void detach();

  ember_offcpu* skeleton_ = nullptr;
  std::vector<bpf_link*> links_;
};

}  // namespace ember::daemon
