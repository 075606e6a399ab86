#include "stack_record.h"

#include <time.h>

#include <cstring>

#include "runtime/runtime_record_frames.h"
#include "sampled_allocation.h"

namespace ember::daemon {

namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kTimeBucketNanos = kNanosPerSecond;
constexpr uint64_t kPageBytes = 4096;  // x86-64 pages, as alloc.bpf.c counts faults

int64_t nanos(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return now.tv_sec * kNanosPerSecond + now.tv_nsec;
}

std::vector<uint64_t> ips(const __u64* frames, int32_t bytes) {
  if (bytes <= 0) return {};
  size_t count = static_cast<size_t>(bytes) / sizeof(uint64_t);
  if (count > EMBER_MAX_STACK_DEPTH) count = EMBER_MAX_STACK_DEPTH;
  return std::vector<uint64_t>(frames, frames + count);
}

// A number in [0, 1) that depends only on the record (splitmix64 of its time, thread and size):
// the coin for rounding a pick's object estimate, reproducible and independent of the size's
// fraction.
double uniform_of(const ember_stack_record& record) {
  uint64_t x = record.time_ns ^ (static_cast<uint64_t>(record.tid) << 32) ^ record.value;
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return static_cast<double>(x >> 11) * 0x1.0p-53;
}

}  // namespace

const char* lock_wait_class(uint32_t wait) {
  switch (wait) {
    case EMBER_LOCK_FUTEX_WAIT:
      return "mutex";
    case EMBER_LOCK_KERNEL:
      return "kernel";
    default:
      return "other";
  }
}

const char* alloc_event_name(uint32_t event) {
  switch (event) {
    case EMBER_ALLOC_SAMPLED:
      return "sampled";
    case EMBER_ALLOC_BRK:
      return "brk";
    case EMBER_ALLOC_MMAP:
      return "mmap";
    case EMBER_ALLOC_PAGE_FAULT:
      return "page_fault";
    default:
      return "other";
  }
}

const char* thread_state_name(uint32_t state) {
  switch (state) {
    case EMBER_STATE_RUNNABLE:
      return "runnable";
    case EMBER_STATE_SLEEPING:
      return "sleeping";
    case EMBER_STATE_UNINTERRUPTIBLE:
      return "uninterruptible";
    case EMBER_STATE_STOPPED:
      return "stopped";
    default:
      return "other";
  }
}

MonotonicClock::MonotonicClock() : offset_nanos_(nanos(CLOCK_REALTIME) - nanos(CLOCK_MONOTONIC)) {}

symbolizer::StackSample to_stack_sample(const ember_stack_record& record,
                                        const MonotonicClock& clock) {
  symbolizer::StackSample sample;
  sample.pid = record.pid;
  sample.tid = record.tid;
  sample.thread_name.assign(record.comm, strnlen(record.comm, sizeof(record.comm)));
  sample.kernel_ips = ips(record.kernel_ips, record.kernel_stack_bytes);
  sample.user_ips = ips(record.user_ips, record.user_stack_bytes);
  sample.runtime_frames = record_runtime_frames(record);
  const int64_t time = clock.to_unix_nanos(record.time_ns);
  sample.time_nanos = time - time % kTimeBucketNanos;
  sample.values = {1, static_cast<int64_t>(record.value)};
  if (record.source == EMBER_SOURCE_OFFCPU)
    sample.labels.push_back({"thread_state", thread_state_name(record.state), 0, {}});
  if (record.source == EMBER_SOURCE_ALLOC) {
    sample.labels.push_back({"alloc_event", alloc_event_name(record.state), 0, {}});
    // A page-fault sample stands for all the faults since the last one: its bytes in pages.
    if (record.state == EMBER_ALLOC_PAGE_FAULT) sample.values[0] = record.value / kPageBytes;
    if (record.state == EMBER_ALLOC_SAMPLED) {
      sample.values = sampled_allocation_estimate(record.value, record.detail, uniform_of(record));
      // Taken inside the sampler's marker system call: the kernel part is that call's path.
      sample.kernel_ips.clear();
    }
  }
  if (record.source == EMBER_SOURCE_LOCK || record.source == EMBER_SOURCE_LOCK_HOLDER)
    sample.labels.push_back({"lock_addr", {}, static_cast<int64_t>(record.detail), {}});
  if (record.source == EMBER_SOURCE_LOCK)
    sample.labels.push_back({"lock_class", lock_wait_class(record.state), 0, {}});
  if (record.source == EMBER_SOURCE_WAKER)
    sample.labels.push_back(
        {"woken_tid", {}, static_cast<int64_t>(record.detail & 0xffffffffu), {}});
  return sample;
}

}  // namespace ember::daemon
