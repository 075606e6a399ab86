#include "unwind_worker.h"

#include <algorithm>

namespace ember::daemon {

namespace {

// Queued stack copies are bounded by bytes: a few seconds of samples at 99 Hz on many CPUs.
constexpr size_t kMaxQueuedBytes = 64u << 20;

}  // namespace

UnwindWorker::UnwindWorker(UnwindMode mode, const MonotonicClock& clock, SampleHandler on_sample)
    : mode_(mode), clock_(clock), on_sample_(std::move(on_sample)), thread_([this] { run(); }) {}

UnwindWorker::~UnwindWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool UnwindWorker::push(const ember_stack_copy_record& record) {
  Job job;
  job.source = record.sample.source;
  job.sample = to_stack_sample(record.sample, clock_);
  job.copy.pid = record.sample.pid;
  std::copy(std::begin(record.regs), std::end(record.regs), job.copy.regs.dwarf.begin());
  const size_t bytes = std::min<size_t>(record.stack_bytes, EMBER_STACK_COPY_MAX);
  job.copy.stack.assign(record.stack, record.stack + bytes);
  {
    std::lock_guard lock(mutex_);
    if (queued_bytes_ + bytes > kMaxQueuedBytes) {
      ++stats_[job.source]["unwind_queue_drops"];
      return false;
    }
    queued_bytes_ += bytes;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void UnwindWorker::forget_process(uint32_t pid) {
  Job job;
  job.copy.pid = pid;
  job.forget_only = true;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void UnwindWorker::wait_until_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  idle_.wait_for(lock, timeout, [this] { return queue_.empty() && !busy_; });
}

std::map<std::string, int64_t> UnwindWorker::stats(uint32_t source) const {
  std::lock_guard lock(mutex_);
  auto found = stats_.find(source);
  return found == stats_.end() ? std::map<std::string, int64_t>{} : found->second;
}

void UnwindWorker::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything queued is done
    Job job = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= job.copy.stack.size();
    busy_ = true;
    lock.unlock();
    if (job.forget_only) {
      unwinder_.forget_process(job.copy.pid);
    } else {
      unwind(job);
      on_sample_(job.source, std::move(job.sample));
    }
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

// Runs on the worker thread; stats_ is only touched under the lock.
void UnwindWorker::unwind(Job& job) {
  UnwindResult result = unwinder_.unwind(job.copy);
  const bool complete = result.stop == UnwindStop::complete;
  // In automatic mode the frame-pointer chain wins where CFI stopped short of it, as in code
  // without unwind tables; a complete CFI unwind always wins.
  const bool use_frame_pointers =
      mode_ == UnwindMode::automatic && !complete && job.sample.user_ips.size() > result.ips.size();
  if (!use_frame_pointers) job.sample.user_ips = std::move(result.ips);
  std::lock_guard lock(mutex_);
  auto& stats = stats_[job.source];
  ++stats[complete ? "unwind_complete" : "unwind_stop_" + std::string(to_string(result.stop))];
  if (use_frame_pointers) ++stats["unwind_used_frame_pointers"];
}

}  // namespace ember::daemon
