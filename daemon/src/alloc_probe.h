#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "ember/result.h"
#include "ember_abi.h"
#include "process_probe.h"

struct ember_alloc;
struct bpf_link;

namespace ember::daemon {

// Bytes of memory growth summed in the kernel by enum ember_alloc_total, stack or not.
using AllocTotals = std::array<uint64_t, EMBER_ALLOC_TOTAL_COUNT>;

// The allocation probe: alloc.bpf.c loaded with the process probe's shared maps, on the
// sys_enter tracepoint (the preloaded sampler's markers; brk and mmap) and, for memory growth,
// on page_fault_user. Samples go to the shared ring buffer as EMBER_SOURCE_ALLOC records.
class AllocProbe {
 public:
  struct Options {
    uint32_t stack_copy_bytes = 0;  // 0 for frame pointers only
    bool sampler_markers = false;   // stacks at the preloaded sampler's markers
    bool memory_growth = false;     // stacks at brk growth, mmap and 1 in N write page faults
    uint32_t fault_sample_every = 64;
  };

  static Result<std::unique_ptr<AllocProbe>> open(const Options& options,
                                                  const ProcessProbe& process);
  ~AllocProbe();
  AllocProbe(const AllocProbe&) = delete;
  AllocProbe& operator=(const AllocProbe&) = delete;

  AllocTotals totals() const;

 private:
  AllocProbe() = default;

  ember_alloc* skeleton_ = nullptr;
  std::vector<bpf_link*> links_;
};

}  // namespace ember::daemon
