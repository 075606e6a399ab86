#include "stack_record.h"

#include <gtest/gtest.h>

#include <cstring>

namespace ember::daemon {
namespace {

TEST(StackRecord, BecomesASampleInItsSecond) {
  ember_stack_record record{};
  record.kind = EMBER_RECORD_STACK;
  record.pid = 10;
  record.tid = 11;
  record.time_ns = 5'000'000'123;
  record.value = 10'101'010;
  std::memcpy(record.comm, "worker-1", 9);
  record.kernel_stack_bytes = 2 * 8;
  record.kernel_ips[0] = 0xffffffff81000010;
  record.kernel_ips[1] = 0xffffffff81000020;
  record.user_stack_bytes = -14;  // -EFAULT: capture failed, the sample still counts

  MonotonicClock clock;
  auto sample = to_stack_sample(record, clock);
  EXPECT_EQ(sample.pid, 10u);
  EXPECT_EQ(sample.tid, 11u);
  EXPECT_EQ(sample.thread_name, "worker-1");
  EXPECT_EQ(sample.kernel_ips, (std::vector<uint64_t>{0xffffffff81000010, 0xffffffff81000020}));
  EXPECT_TRUE(sample.user_ips.empty());
  EXPECT_EQ(sample.values, (std::vector<int64_t>{1, 10'101'010}));
  EXPECT_EQ(sample.time_nanos % 1'000'000'000, 0);
  EXPECT_LE(sample.time_nanos, clock.to_unix_nanos(record.time_ns));
  EXPECT_GT(sample.time_nanos + 1'000'000'000, clock.to_unix_nanos(record.time_ns));
}

TEST(StackRecord, OffCpuSamplesSayHowTheThreadWaited) {
  ember_stack_record record{};
  record.kind = EMBER_RECORD_STACK;
  record.source = EMBER_SOURCE_OFFCPU;
  record.state = EMBER_STATE_UNINTERRUPTIBLE;
  record.value = 123'456;
  auto sample = to_stack_sample(record, MonotonicClock());
  EXPECT_EQ(sample.values, (std::vector<int64_t>{1, 123'456}));
  ASSERT_EQ(sample.labels.size(), 1u);
  EXPECT_EQ(sample.labels[0].key, "thread_state");
  EXPECT_EQ(sample.labels[0].str, "uninterruptible");

  record.source = EMBER_SOURCE_CPU;
  EXPECT_TRUE(to_stack_sample(record, MonotonicClock()).labels.empty());
}

TEST(StackRecord, SampledAllocationsAreWeighedAndLeaveTheMarkerCallsKernelPathOut) {
  ember_stack_record record{};
  record.source = EMBER_SOURCE_ALLOC;
  record.state = EMBER_ALLOC_SAMPLED;
  record.value = 64 << 20;  // far above the mean: always picked, stands for itself
  record.detail = 512 * 1024;
  record.kernel_stack_bytes = 8;
  record.kernel_ips[0] = 0xffffffff81000010;
  auto sample = to_stack_sample(record, MonotonicClock());
  EXPECT_EQ(sample.values, (std::vector<int64_t>{1, 64 << 20}));
  EXPECT_TRUE(sample.kernel_ips.empty());

  record.state = EMBER_ALLOC_MMAP;  // memory growth: the kernel path is the caller's
  EXPECT_EQ(to_stack_sample(record, MonotonicClock()).kernel_ips.size(), 1u);
}

TEST(StackRecord, FullCommWithoutTerminatorIsBounded) {
  ember_stack_record record{};
  std::memset(record.comm, 'x', sizeof(record.comm));
  record.user_stack_bytes = 100000;  // larger than the array: clamped
  auto sample = to_stack_sample(record, MonotonicClock());
  EXPECT_EQ(sample.thread_name, std::string(16, 'x'));
  EXPECT_EQ(sample.user_ips.size(), static_cast<size_t>(EMBER_MAX_STACK_DEPTH));
}

}  // namespace
}  // namespace ember::daemon
