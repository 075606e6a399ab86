#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "dwarf_unwinder.h"
#include "ember/daemon/recording.h"
#include "ember_abi.h"
#include "stack_record.h"

namespace ember::daemon {

// Unwinds copied user stacks with DWARF CFI on its own thread, off the collection path: the
// collector hands records over and returns at once; when the queue is full the record is
// dropped and counted, so a slow unwind never stalls the ring buffer. Samples of every source
// (on-CPU, off-CPU...) share the worker; stats and results are kept per source.
class UnwindWorker {
 public:
  using SampleHandler = std::function<void(uint32_t source, symbolizer::StackSample)>;

  UnwindWorker(UnwindMode mode, const MonotonicClock& clock, SampleHandler on_sample);
  ~UnwindWorker();  // finishes what is queued

  // Collector thread. Copies what the record holds; false when it was dropped.
  bool push(const ember_stack_copy_record& record);
  // The process exec'd or exited: cached unwind state about it is stale.
  void forget_process(uint32_t pid);
  // Waits until everything pushed so far is unwound, at most `timeout`.
  void wait_until_idle(std::chrono::milliseconds timeout);

  // Counters of one source's samples for its profile's stats: "unwind_complete",
  // "unwind_stop_<reason>", "unwind_queue_drops", "unwind_used_frame_pointers".
  std::map<std::string, int64_t> stats(uint32_t source) const;

 private:
  struct Job {
    uint32_t source = 0;             // enum ember_source
    symbolizer::StackSample sample;  // with the frame-pointer user stack
    UserStackCopy copy;
    bool forget_only = false;
  };
  void run();
  void unwind(Job& job);

  const UnwindMode mode_;
  const MonotonicClock& clock_;
  SampleHandler on_sample_;
  DwarfUnwinder unwinder_;

  mutable std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<Job> queue_;
  size_t queued_bytes_ = 0;
  bool busy_ = false;
  bool stopping_ = false;
  std::map<uint32_t, std::map<std::string, int64_t>> stats_;  // by source
  std::thread thread_;
};

}  // namespace ember::daemon
