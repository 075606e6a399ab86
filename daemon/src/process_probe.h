#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "ember/result.h"
#include "ember_abi.h"
#include "ring_buffer_reader.h"

struct ember_process;
struct bpf_link;
struct bpf_object;

namespace ember::daemon {

using BpfCounters = std::array<uint64_t, EMBER_COUNTER_COUNT>;

// Process tracking (process.bpf.c: fork and exec) and the maps every probe shares: the target
// set, the loss counters and the record ring buffer. Loaded first, whatever the recording's
// modes; the capability probes (cpu, off-CPU...) use its maps through share_maps().
class ProcessProbe {
 public:
  // Records (struct ember_stack_record, ember_stack_copy_record or ember_process_record) of
  // every probe go to `handler` from records().poll().
  static Result<std::unique_ptr<ProcessProbe>> open(uint32_t ring_buffer_bytes,
                                                    RingBufferReader::Handler handler);
  ~ProcessProbe();
  ProcessProbe(const ProcessProbe&) = delete;
  ProcessProbe& operator=(const ProcessProbe&) = delete;

  Result<void> add_target(uint32_t pid);
  // Widen the targets to every process of a cgroup (v2, an open directory fd) and its
  // descendants, found in the kernel as they run, also those that enter it later; or to every
  // process but ember.
  Result<void> follow_cgroup(int cgroup_fd);
  Result<void> follow_all_processes();
  // Gives the stack captures the CPython layout of process `pid`, or (null) takes it away.
  Result<void> set_python_process(uint32_t pid, const ember_python_process* walk);
  RingBufferReader& records() { return *records_; }
  // Whether changes of the host's dynamic loader are reported (EMBER_RECORD_LOADER_CHANGE).
  bool watches_loader() const { return watches_loader_; }
  // The kernel side's counters, summed over CPUs.
  BpfCounters counters() const;
  // Points another BPF object's targets, counters and records maps at these, before it loads.
  Result<void> share_maps(bpf_object* object) const;

 private:
  ProcessProbe() = default;
  Result<void> set_scope(uint32_t scope);
  void watch_loader();

  ember_process* skeleton_ = nullptr;
  std::vector<bpf_link*> links_;
  std::unique_ptr<RingBufferReader> records_;
  bool watches_loader_ = false;
};

}  // namespace ember::daemon
