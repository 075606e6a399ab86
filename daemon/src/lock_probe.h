#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ember/result.h"
#include "process_probe.h"

struct ember_lock;
struct bpf_link;

namespace ember::daemon {

// The lock probe: lock.bpf.c loaded with the process probe's shared maps, attached to the raw
// syscall tracepoints (futex waits and wakes of target threads) and, where the kernel has
// them, to lock:contention_begin/end. Waits become EMBER_SOURCE_LOCK samples, wakes that woke
// waiters EMBER_SOURCE_LOCK_HOLDER samples, in the shared ring buffer.
class LockProbe {
 public:
  struct Options {
    uint32_t stack_copy_bytes = 0;  // 0 for frame pointers only
  };

  static Result<std::unique_ptr<LockProbe>> open(const Options& options,
                                                 const ProcessProbe& process);
  ~LockProbe();
  LockProbe(const LockProbe&) = delete;
  LockProbe& operator=(const LockProbe&) = delete;

  // Whether kernel lock contention (lock:contention_begin/end) is collected on this kernel.
  bool kernel_locks() const { return kernel_locks_; }

 private:
  LockProbe() = default;

  ember_lock* skeleton_ = nullptr;
  std::vector<bpf_link*> links_;
  bool kernel_locks_ = false;
};

}  // namespace ember::daemon
