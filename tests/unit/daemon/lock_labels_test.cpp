#include "lock_labels.h"

#include <gtest/gtest.h>

#include "ember/profile/builder.h"

namespace ember::daemon {
namespace {

constexpr uint32_t kPid = 42;

profile::Mapping mapping(uint64_t start, const std::string& file) {
  profile::Mapping mapping;
  mapping.start = start;
  mapping.limit = start + 0x1000;
  mapping.file = file;
  return mapping;
}

// A lock profile built one wait at a time: each a stack of (function, file) leaf first.
class LockProfile {
 public:
  LockProfile() : builder_({{"contentions", "count"}, {"delay", "nanoseconds"}}) {
    libc_ = builder_.add_mapping(mapping(0x1000, "/lib/libc.so.6"));
    program_ = builder_.add_mapping(mapping(0x3000, "/srv/app"));
  }

  // `frames`: function names leaf first; those starting with "pthread_" or "std::" are libc's.
  void wait(uint64_t address, const std::string& by_op, std::vector<std::string> frames,
            int64_t time_nanos = 1) {
    std::vector<uint64_t> locations;
    for (const std::string& name : frames) {
      const bool runtime = name.starts_with("pthread_") || name.starts_with("std::");
      const uint64_t function = builder_.add_function(name, name);
      locations.push_back(builder_.add_location(runtime ? libc_ : program_,
                                                0x1000 + 0x10 * next_address_++, {{function, 0}}));
    }
    std::vector<profile::Label> labels = {{"pid", {}, kPid, {}},
                                          {"lock_addr", {}, static_cast<int64_t>(address), {}}};
    labels.push_back({"lock_class", by_op, 0, {}});
    builder_.add_sample(locations, {1, 100}, labels, time_nanos);
  }

  profile::Profile build() && { return std::move(builder_).build(); }

 private:
  profile::ProfileBuilder builder_;
  uint64_t libc_ = 0, program_ = 0;
  uint64_t next_address_ = 0;
};

std::string label(const profile::Sample& sample, const std::string& key) {
  for (const auto& found : sample.labels)
    if (found.key == key) return found.str;
  return "(none)";
}

TEST(LockLabels, ClassesByTheNearestFrameThatSays) {
  LockProfile waits;
  waits.wait(0x10, "other", {"pthread_cond_wait", "wait_for_work", "main"});
  waits.wait(0x20, "mutex", {"pthread_mutex_lock", "pthread_cond_wait", "main"});
  waits.wait(0x30, "other", {"pthread_rwlock_wrlock", "write_config", "main"});
  waits.wait(0x40, "other", {"std::shared_mutex::lock", "write_config", "main"});
  waits.wait(0x50, "other", {"sem_wait", "main"});
  waits.wait(0x60, "kernel", {"pthread_cond_wait", "main"});
  profile::Profile profile = std::move(waits).build();
  label_lock_samples(profile, {});
  ASSERT_EQ(profile.samples.size(), 6u);
  EXPECT_EQ(label(profile.samples[0], "lock_class"), "condition variable");
  // Re-locking the mutex after a condition variable wait is contention.
  EXPECT_EQ(label(profile.samples[1], "lock_class"), "mutex");
  EXPECT_EQ(label(profile.samples[2], "lock_class"), "rwlock");
  EXPECT_EQ(label(profile.samples[3], "lock_class"), "rwlock");
  EXPECT_EQ(label(profile.samples[4], "lock_class"), "other");
  EXPECT_EQ(label(profile.samples[5], "lock_class"), "kernel");
}

TEST(LockLabels, NamesVariablesKernelLocksAndHeapLocksByTheirFirstWaiter) {
  LockProfile waits;
  waits.wait(0x10, "mutex", {"pthread_mutex_lock", "update_ledger", "main"});
  waits.wait(0x20, "mutex", {"pthread_mutex_lock", "later_waiter", "main"}, 20);
  waits.wait(0x20, "mutex", {"pthread_mutex_lock", "first_waiter", "main"}, 10);
  waits.wait(0x30, "kernel", {"mutex_lock", "do_sys_open"});
  profile::Profile profile = std::move(waits).build();
  label_lock_samples(profile, {{{kPid, 0x10}, "ledger_mutex"}});
  ASSERT_EQ(profile.samples.size(), 4u);
  EXPECT_EQ(label(profile.samples[0], "lock"), "ledger_mutex");
  EXPECT_EQ(label(profile.samples[1], "lock"), "heap 0x20 (first waited in first_waiter)");
  EXPECT_EQ(label(profile.samples[2], "lock"), "heap 0x20 (first waited in first_waiter)");
  EXPECT_EQ(label(profile.samples[3], "lock"), "kernel 0x30");
}

}  // namespace
}  // namespace ember::daemon
