#include "sample_pipeline.h"

#include <algorithm>

namespace ember::daemon {

namespace {

// Queued samples are bounded by bytes: a few seconds of samples at 99 Hz on many CPUs.
constexpr size_t kMaxQueuedBytes = 64u << 20;

// What a queued sample holds besides its stack copy: its frames and bookkeeping.
size_t sample_bytes(const symbolizer::StackSample& sample) {
  constexpr size_t kBookkeepingBytes = 512;
  return kBookkeepingBytes + 8 * (sample.kernel_ips.size() + sample.user_ips.size());
}

}  // namespace

SamplePipeline::SamplePipeline(UnwindMode mode, std::shared_ptr<symbolizer::ProcessTable> processes,
                               Sink sink)
    : mode_(mode),
      processes_(std::move(processes)),
      sink_(std::move(sink)),
      unwinder_(processes_->proc_root(), 127, processes_.get()),
      go_leaf_caller_(processes_),
      thread_([this] { run(); }) {}

SamplePipeline::~SamplePipeline() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool SamplePipeline::push(PipelineSample sample) {
  Job job;
  job.sample = std::move(sample);
  job.bytes = sample_bytes(job.sample.sample);
  return enqueue(std::move(job));
}

bool SamplePipeline::push(PipelineSample sample, const ember_stack_copy_record& copy) {
  Job job;
  job.sample = std::move(sample);
  job.unwind = true;
  job.copy.pid = copy.sample.pid;
  std::copy(std::begin(copy.regs), std::end(copy.regs), job.copy.regs.dwarf.begin());
  const size_t bytes = std::min<size_t>(copy.stack_bytes, EMBER_STACK_COPY_MAX);
  job.copy.stack.assign(copy.stack, copy.stack + bytes);
  job.bytes = bytes + sample_bytes(job.sample.sample);
  return enqueue(std::move(job));
}

void SamplePipeline::push_new_image(uint32_t pid) {
  processes_->new_image_seen(pid);
  push_process_event(JobKind::maps_seen, pid);
}

void SamplePipeline::push_loader_change(uint32_t pid) {
  if (processes_->loader_changed_seen(pid)) push_process_event(JobKind::maps_seen, pid);
}

void SamplePipeline::push_exit(uint32_t pid) {
  push_process_event(JobKind::exit, pid);
}

void SamplePipeline::push_track(uint32_t pid) {
  push_process_event(JobKind::track, pid);
}

void SamplePipeline::push_process_event(JobKind kind, uint32_t pid) {
  Job job;
  job.kind = kind;
  job.copy.pid = pid;
  enqueue(std::move(job));
}

// Process events are never dropped: what follows them depends on them.
bool SamplePipeline::enqueue(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (job.kind == JobKind::sample && queued_bytes_ + job.bytes > kMaxQueuedBytes) {
      ++stats_[job.sample.source]["unwind_queue_drops"];
      return false;
    }
    queued_bytes_ += job.bytes;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void SamplePipeline::wait_until_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  idle_.wait_for(lock, timeout, [this] { return queue_.empty() && !busy_; });
}

std::map<std::string, int64_t> SamplePipeline::stats(uint32_t source) const {
  std::lock_guard lock(mutex_);
  auto found = stats_.find(source);
  return found == stats_.end() ? std::map<std::string, int64_t>{} : found->second;
}

void SamplePipeline::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything queued is done
    Job job = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= job.bytes;
    busy_ = true;
    lock.unlock();
    switch (job.kind) {
      case JobKind::maps_seen:
        unwinder_.forget_process(job.copy.pid);
        processes_->apply_seen(job.copy.pid);
        break;
      case JobKind::exit:
        unwinder_.forget_process(job.copy.pid);
        processes_->exited(job.copy.pid);
        break;
      case JobKind::track:
        (void)processes_->track(job.copy.pid);  // a process that has exited since is no error
        break;
      case JobKind::sample:
        if (job.unwind) unwind(job);
        sink_(job.sample);
        break;
    }
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

// Runs on the worker thread; stats_ is only touched under the lock.
void SamplePipeline::unwind(Job& job) {
  std::vector<uint64_t>& frame_pointer_ips = job.sample.sample.user_ips;
  UnwindResult result = unwinder_.unwind(job.copy);
  const bool complete = result.stop == UnwindStop::complete;
  // In automatic mode the frame-pointer chain wins where CFI stopped short of it, as in code
  // without unwind tables; a complete CFI unwind always wins.
  const bool use_frame_pointers =
      mode_ == UnwindMode::automatic && !complete && frame_pointer_ips.size() > result.ips.size();
  if (!use_frame_pointers) frame_pointer_ips = std::move(result.ips);
  const bool go_leaf = go_leaf_caller_.restore(job.copy, frame_pointer_ips);
  std::lock_guard lock(mutex_);
  auto& stats = stats_[job.sample.source];
  if (go_leaf) ++stats["unwind_go_leaf_callers"];
  ++stats[complete ? "unwind_complete" : "unwind_stop_" + std::string(to_string(result.stop))];
  if (use_frame_pointers) ++stats["unwind_used_frame_pointers"];
}

}  // namespace ember::daemon
