#include "stack_record.h"

#include <time.h>

#include <cstring>

namespace ember::daemon {

namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kTimeBucketNanos = kNanosPerSecond;

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

}  // namespace

MonotonicClock::MonotonicClock() : offset_nanos_(nanos(CLOCK_REALTIME) - nanos(CLOCK_MONOTONIC)) {}

symbolizer::StackSample to_stack_sample(const ember_stack_record& record,
                                        const MonotonicClock& clock) {
  symbolizer::StackSample sample;
  sample.pid = record.pid;
  sample.tid = record.tid;
  sample.thread_name.assign(record.comm, strnlen(record.comm, sizeof(record.comm)));
  sample.kernel_ips = ips(record.kernel_ips, record.kernel_stack_bytes);
  sample.user_ips = ips(record.user_ips, record.user_stack_bytes);
  const int64_t time = clock.to_unix_nanos(record.time_ns);
  sample.time_nanos = time - time % kTimeBucketNanos;
  sample.values = {1, static_cast<int64_t>(record.value)};
  return sample;
}

}  // namespace ember::daemon
