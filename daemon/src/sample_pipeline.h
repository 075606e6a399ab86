// The one ordered path of every record after the ring buffer. The collector hands over each
// stack record (frame-pointer or stack copy, of any source) and each process event (a new
// image, a process to track, an exit) and returns at once; one worker thread takes them in record
// order: native unwinding where the record carries a stack copy, then the sink (pinning to mappings
// and aggregation). So an exec applies to exactly the samples recorded after it, whatever path
// they took. When the queue is full a sample is dropped and counted, so a slow unwind never
// stalls the ring buffer.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "dwarf_unwinder.h"
#include "ember/daemon/recording.h"
#include "ember/symbolizer/process_table.h"
#include "ember/symbolizer/stack_sample.h"
#include "ember_abi.h"
#include "go_leaf_caller.h"

namespace ember::daemon {

// A sample as it leaves the pipeline: its source and the record's fields that later stages
// read (lock address, state), and the stack with its native frames unwound.
struct PipelineSample {
  uint32_t source = 0;  // enum ember_source
  uint32_t state = 0;   // the record's state (off-CPU thread state, lock wait, alloc event)
  uint64_t detail = 0;  // the record's detail (lock address...)
  symbolizer::StackSample sample;
};

class SamplePipeline {
 public:
  using Sink = std::function<void(PipelineSample&)>;

  // Unwinds copies as `mode` says (frame-pointer records pass through), with maps read through
  // `processes`, whose exec() it calls in record order.
  SamplePipeline(UnwindMode mode, std::shared_ptr<symbolizer::ProcessTable> processes, Sink sink);
  ~SamplePipeline();  // finishes what is queued

  // Collector thread (or whoever holds the ring buffer). A sample as the record gave it, with
  // its frame-pointer stack; with a stack copy, the copy to unwind. False when it was dropped.
  bool push(PipelineSample sample);
  bool push(PipelineSample sample, const ember_stack_copy_record& copy);
  // The process exec'd, or is new (forked, found) and may have the PID of one that exited:
  // samples after this record belong to its new image.
  void push_new_image(uint32_t pid);
  // The process's dynamic loader mapped or unmapped objects: samples after this record see
  // them.
  void push_loader_change(uint32_t pid);
  // The process exited: samples after this record (none, or a new process's) are not its.
  void push_exit(uint32_t pid);
  // Re-read the process's maps after the samples queued before (a process about to exit).
  void push_track(uint32_t pid);
  // Waits until everything pushed so far has gone through, at most `timeout`.
  void wait_until_idle(std::chrono::milliseconds timeout);

  // Counters of one source's samples for its profile's stats: "unwind_complete",
  // "unwind_stop_<reason>", "unwind_queue_drops", "unwind_used_frame_pointers",
  // "unwind_go_leaf_callers".
  std::map<std::string, int64_t> stats(uint32_t source) const;

 private:
  enum class JobKind { sample, maps_seen, track, exit };
  struct Job {
    JobKind kind = JobKind::sample;
    PipelineSample sample;  // with the frame-pointer user stack
    bool unwind = false;    // the record came with a stack copy
    UserStackCopy copy;     // the copy; for a process event, its pid
    size_t bytes = 0;       // what the job holds, for the queue's bound
  };
  void push_process_event(JobKind kind, uint32_t pid);
  bool enqueue(Job job);
  void run();
  void unwind(Job& job);

  const UnwindMode mode_;
  const std::shared_ptr<symbolizer::ProcessTable> processes_;
  Sink sink_;
  DwarfUnwinder unwinder_;
  GoLeafCaller go_leaf_caller_;

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
