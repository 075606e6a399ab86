#include "woken_threads.h"

#include <gtest/gtest.h>

#include <cstring>

#include "ember/profile/builder.h"
#include "stack_record.h"

namespace ember::daemon {
namespace {

TEST(WokenThreads, WakerSamplesCarryTheWokenThreadsId) {
  ember_stack_record record{};
  record.kind = EMBER_RECORD_STACK;
  record.source = EMBER_SOURCE_WAKER;
  record.pid = 7;
  record.tid = 8;
  record.value = 5'000'000;
  record.detail = (uint64_t{7} << 32) | 9;
  const auto sample = to_stack_sample(record, MonotonicClock());
  ASSERT_EQ(sample.labels.size(), 1u);
  EXPECT_EQ(sample.labels[0].key, "woken_tid");
  EXPECT_EQ(sample.labels[0].num, 9);
  EXPECT_EQ(sample.values, (std::vector<int64_t>{1, 5'000'000}));
}

TEST(WokenThreads, NamesAreTheLastCommSeenAndUnknownOnesTheirTid) {
  ThreadNames names;
  char comm[16] = "reader";
  names.remember(9, comm, sizeof(comm));
  std::memcpy(comm, "exactly-16-char!", 16);  // a comm that fills its buffer has no NUL
  names.remember(10, comm, sizeof(comm));
  names.remember(11, "old", 16);
  names.remember(11, "renamed", 16);
  EXPECT_EQ(names.name(9), "reader");
  EXPECT_EQ(names.name(10), "exactly-16-char!");
  EXPECT_EQ(names.name(11), "renamed");
  EXPECT_EQ(names.name(12), "tid 12");
}

TEST(WokenThreads, NamesAreBounded) {
  ThreadNames names;
  for (uint32_t tid = 1; tid <= ThreadNames::kMaxThreads + 10; ++tid) names.remember(tid, "t", 16);
  EXPECT_EQ(names.name(1), "t");
  EXPECT_EQ(names.name(ThreadNames::kMaxThreads + 5),
            "tid " + std::to_string(ThreadNames::kMaxThreads + 5));
}

TEST(WokenThreads, LabelsEverySampleWithAWokenTid) {
  profile::ProfileBuilder builder({{"wakeups", "count"}, {"wakers", "nanoseconds"}});
  const uint64_t function = builder.add_function("try_to_wake_up", "try_to_wake_up");
  const uint64_t location = builder.add_location(0, 0xffffffff81000000, {{function, 0}});
  builder.add_sample({location}, {1, 100}, {{"woken_tid", {}, 9, {}}}, 1);
  builder.add_sample({location}, {1, 200}, {{"woken_tid", {}, 12, {}}}, 1);
  builder.add_sample({location}, {1, 300}, {}, 1);
  profile::Profile profile = std::move(builder).build();
  ThreadNames names;
  names.remember(9, "reader", 16);
  label_woken_threads(profile, names);
  ASSERT_EQ(profile.samples.size(), 3u);
  std::vector<std::string> woken;
  for (const auto& sample : profile.samples) {
    const profile::Label* label = sample.label("woken_thread");
    woken.push_back(label ? label->str : "(none)");
  }
  EXPECT_EQ(woken, (std::vector<std::string>{"reader", "tid 12", "(none)"}));
}

}  // namespace
}  // namespace ember::daemon
