#include "ember/profile/operations.h"

#include <gtest/gtest.h>

#include "ember/profile/builder.h"
#include "ember/profile/top_table.h"
#include "profile_printer.h"
#include "sample_profile.h"

namespace ember::profile {
namespace {

using testing::kSecond;
using testing::kStartNanos;
using testing::sample_profile;

void expect_invalid(const Profile& p, const std::string& expected) {
  Result<void> r = validate(p);
  ASSERT_FALSE(r.ok()) << "expected: " << expected;
  EXPECT_NE(r.error().message.find(expected), std::string::npos) << r.error().message;
}

int64_t total(const Profile& p, size_t index) {
  int64_t sum = 0;
  for (const Sample& s : p.samples) sum += s.values[index];
  return sum;
}

TEST(Validate, AcceptsTheSampleProfile) {
  EXPECT_TRUE(validate(sample_profile()).ok());
}

TEST(Validate, NamesTheFirstViolation) {
  Profile p = sample_profile();
  p.functions[1].id = 7;
  expect_invalid(p, "function #2 has id 7");

  p = sample_profile();
  p.locations[0].mapping_id = 9;
  expect_invalid(p, "location #1 refers to missing mapping 9");

  p = sample_profile();
  p.locations[2].lines[1].function_id = 0;
  expect_invalid(p, "location #3 refers to missing function 0");

  p = sample_profile();
  p.samples[3].location_ids.push_back(5);
  expect_invalid(p, "sample #4 refers to missing location 5");

  p = sample_profile();
  p.samples[1].values.push_back(1);
  expect_invalid(p, "sample #2 has 3 values for 2 sample types");

  p = sample_profile();
  p.samples[0].labels[1].num_unit = "bytes";
  expect_invalid(p, "label \"thread_name\" has both a string and a number");
}

TEST(Merge, SumsEqualSamplesAndStatsAndUnitesTimeRanges) {
  Profile a = sample_profile();
  Profile b = sample_profile();
  b.time_nanos = kStartNanos + 10 * kSecond;
  b.stats["unwind_failures"] = 4;
  b.comments.push_back("second run");
  ASSERT_TRUE(merge(a, b).ok());

  EXPECT_TRUE(validate(a).ok());
  EXPECT_EQ(a.samples.size(), sample_profile().samples.size());  // all equal, so summed
  EXPECT_EQ(total(a, 0), 2 * total(sample_profile(), 0));
  EXPECT_EQ(a.functions.size(), sample_profile().functions.size());
  EXPECT_EQ(a.stats, (std::map<std::string, int64_t>{
                         {"samples", 22}, {"lost_samples", 4}, {"unwind_failures", 4}}));
  EXPECT_EQ(a.time_nanos, kStartNanos);
  EXPECT_EQ(a.duration_nanos, 13 * kSecond);
  EXPECT_EQ(a.comments, (std::vector<std::string>{"recorded by a test", "second run"}));
  EXPECT_EQ(a.period, sample_profile().period);
}

TEST(Merge, ReinternsEntriesOfDifferentProfiles) {
  Profile a = sample_profile();
  // A profile of a different program: its ids collide with a's but name other things.
  Profile other;
  other.sample_types = a.sample_types;
  Mapping exe;
  exe.id = 1;
  exe.file = "/usr/bin/other";
  other.mappings.push_back(exe);
  Function fn;
  fn.id = 1;
  fn.name = "other_main";
  other.functions.push_back(fn);
  other.locations.push_back(Location{1, 1, 0x10, {{1, 3}}});
  Sample s;
  s.location_ids = {1};
  s.values = {7, 70};
  other.samples.push_back(s);
  ASSERT_TRUE(merge(a, other).ok());

  EXPECT_TRUE(validate(a).ok());
  EXPECT_EQ(a.mappings.size(), 2u);
  EXPECT_EQ(a.functions.size(), 6u);
  EXPECT_EQ(total(a, 0), total(sample_profile(), 0) + 7);
  const Sample& last = a.samples.back();
  EXPECT_EQ(a.function(a.location(last.location_ids[0]).lines[0].function_id).name, "other_main");
  EXPECT_EQ(a.mapping(a.location(last.location_ids[0]).mapping_id).file, "/usr/bin/other");
}

TEST(Merge, WithItselfDoublesEveryValue) {
  Profile a = sample_profile();
  ASSERT_TRUE(merge(a, a).ok());
  EXPECT_EQ(total(a, 1), 2 * total(sample_profile(), 1));
}

TEST(Merge, RefusesDifferentSampleTypesAndInvalidInput) {
  Profile a = sample_profile();
  Profile offcpu = sample_profile();
  offcpu.sample_types[1] = {"offcpu", "nanoseconds"};
  Result<void> r = merge(a, offcpu);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("(samples/count, cpu/nanoseconds and samples/count, "
                                   "offcpu/nanoseconds)"),
            std::string::npos)
      << r.error().message;
  EXPECT_EQ(a, sample_profile());  // untouched

  Profile broken = sample_profile();
  broken.samples[0].location_ids[0] = 42;
  EXPECT_FALSE(merge(a, broken).ok());
}

TEST(SliceByTime, KeepsSamplesInTheHalfOpenRangeAndDropsTheRest) {
  Profile p = sample_profile();
  Profile slice = slice_by_time(p, kStartNanos + kSecond, kStartNanos + 2 * kSecond);
  EXPECT_TRUE(validate(slice).ok());
  ASSERT_EQ(slice.samples.size(), 2u);  // the two samples at +1 s; +2 s is the excluded end
  EXPECT_EQ(total(slice, 0), 6);
  // Only main, handle, parse and leaf remain; recurse is gone and ids are dense again.
  EXPECT_EQ(slice.functions.size(), 4u);
  EXPECT_EQ(slice.locations.size(), 3u);
  for (const Function& f : slice.functions) EXPECT_NE(f.name, "recurse");
  EXPECT_EQ(slice.time_nanos, kStartNanos + kSecond);
  EXPECT_EQ(slice.duration_nanos, kSecond);
  EXPECT_EQ(slice.sample_types, p.sample_types);
  EXPECT_EQ(slice.period, p.period);

  TopTable top = top_table(slice, 0);
  ASSERT_FALSE(top.entries.empty());
  EXPECT_EQ(top.entries[0].name, "parse");
}

TEST(SliceByTime, ExcludesSamplesWithoutTimeAndEmptyRanges) {
  Profile p = sample_profile();
  p.samples[0].time_nanos = 0;
  Profile all = slice_by_time(p, 0, INT64_MAX);
  EXPECT_EQ(all.samples.size(), 3u);
  EXPECT_EQ(all.duration_nanos, 3 * kSecond);  // clipped to the collection

  Profile none = slice_by_time(p, kStartNanos + 5 * kSecond, kStartNanos + 6 * kSecond);
  EXPECT_TRUE(none.samples.empty());
  EXPECT_TRUE(none.locations.empty());
  EXPECT_TRUE(none.mappings.empty());
  EXPECT_TRUE(validate(none).ok());
}

TEST(WithoutKernelFrames, GivesKernelTimeToTheUserFrameThatEnteredTheKernel) {
  ProfileBuilder b(std::vector<ValueType>{{"cpu", "nanoseconds"}});
  Mapping kernel;
  kernel.file = kKernelMappingFile;
  Mapping app;
  app.file = "/usr/bin/app";
  const uint64_t k = b.add_mapping(kernel), m = b.add_mapping(app);
  const uint64_t irq =
      b.add_location(k, 0xffffffff81000000, {{b.add_function("irq_exit", "irq_exit", "", 0), 0}});
  const uint64_t spin = b.add_location(m, 0x401000, {{b.add_function("spin", "spin", "", 0), 0}});
  const uint64_t main_fn =
      b.add_location(m, 0x402000, {{b.add_function("main", "main", "", 0), 0}});
  b.add_sample({irq, spin, main_fn}, {7}, {}, 0);
  b.add_sample({spin, main_fn}, {3}, {}, 0);
  b.add_sample({irq}, {1}, {}, 0);  // a kernel thread's sample keeps its value, with no stack
  b.profile().stats = {{"samples", 11}};
  const Profile p = std::move(b).build();

  const Profile user = without_kernel_frames(p);
  EXPECT_TRUE(validate(user).ok());
  EXPECT_EQ(user.stats, p.stats);
  EXPECT_EQ(total(user, 0), 11);
  for (const Function& f : user.functions) EXPECT_NE(f.name, "irq_exit");
  TopTable top = top_table(user, 0);
  ASSERT_FALSE(top.entries.empty());
  EXPECT_EQ(top.entries[0].name, "spin");
  EXPECT_EQ(top.entries[0].flat, 10);
}

// A lock profile: waits on a user mutex and on a kernel lock, each entering the kernel from
// the same user call site, and a kernel thread's wait with no user frame.
TEST(WaitsAtUserCalls, FoldTheKernelSideOfWaitsButNotOfKernelLocksOrKernelThreads) {
  ProfileBuilder b({{"contentions", "count"}, {"delay", "nanoseconds"}});
  Mapping app, kernel;
  app.file = "/usr/bin/app";
  kernel.file = kKernelMappingFile;
  const uint64_t m = b.add_mapping(app), k = b.add_mapping(kernel);
  auto at = [&](uint64_t mapping, uint64_t address, const char* name) {
    return b.add_location(mapping, address, {{b.add_function(name, name, "", 0), 0}});
  };
  const uint64_t schedule = at(k, 0xffffffff81000010, "__schedule");
  const uint64_t exit_work = at(k, 0xffffffff81000020, "syscall_exit_work");
  const uint64_t wait = at(m, 0x401000, "futex_wait"), lock = at(m, 0x402000, "update_ledger");
  auto labels = [](const char* lock_class) {
    return std::vector<Label>{{"lock_class", lock_class, 0, ""}};
  };
  b.add_sample({exit_work, schedule, wait, lock}, {3, 300}, labels("mutex"), 0);
  b.add_sample({schedule, lock}, {1, 50}, labels("kernel"), 0);
  b.add_sample({schedule}, {1, 20}, labels("mutex"), 0);
  const Profile p = std::move(b).build();
  EXPECT_EQ(wait_kernel_frames(p, p.samples[0]), 2u);
  EXPECT_EQ(wait_kernel_frames(p, p.samples[1]), 0u);
  EXPECT_EQ(wait_kernel_frames(p, p.samples[2]), 0u);

  const Profile user = with_waits_at_user_calls(p);
  EXPECT_TRUE(validate(user).ok());
  EXPECT_EQ(total(user, 1), 370);
  TopTable top = top_table(user, 1);
  ASSERT_EQ(top.entries.size(), 3u);  // syscall_exit_work is gone
  EXPECT_EQ(top.entries[0].name, "futex_wait");
  EXPECT_EQ(top.entries[0].flat, 300);
  EXPECT_EQ(top.entries[1].name, "__schedule");  // the kernel lock's and the kernel thread's
  EXPECT_EQ(top.entries[1].flat, 70);
  // pprof reads the first mapping as the main binary: still the program's.
  EXPECT_EQ(user.mappings.front().file, "/usr/bin/app");
}

}  // namespace
}  // namespace ember::profile
