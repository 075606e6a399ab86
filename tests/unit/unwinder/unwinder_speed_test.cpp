// How many warm unwinds per second: printed, not asserted (timing depends on the machine;
// the sampling rate the collector can sustain follows from it).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "dwarf_unwinder.h"
#include "frames.h"
#include "test_support.h"

namespace ember::unwinder_testing {
namespace {

using daemon::DwarfUnwinder;
using daemon::UnwindStop;

double unwinds_per_second(DwarfUnwinder& unwinder, const daemon::UserStackCopy& copy,
                          size_t* frames) {
  *frames = unwinder.unwind(copy).ips.size();  // warms the cache: maps, modules, CFI
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  int64_t count = 0;
  while (Clock::now() - start < std::chrono::milliseconds(500)) {
    for (int i = 0; i < 100; ++i) EXPECT_EQ(unwinder.unwind(copy).stop, UnwindStop::complete);
    count += 100;
  }
  return static_cast<double>(count) / std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(UnwinderSpeed, WarmUnwindsOfAnotherProcess) {
  FixtureProcess fixture(UNWIND_FIXTURE);
  ASSERT_TRUE(fixture.capture().has_value());
  DwarfUnwinder unwinder;
  size_t frames = 0;
  const double rate = unwinds_per_second(
      unwinder, to_stack_copy(static_cast<uint32_t>(fixture.pid()), *fixture.capture()), &frames);
  std::printf("warm unwinds of a %zu-frame stack: %.0f per second\n", frames, rate);
  EXPECT_GT(rate, 0);
}

TEST(UnwinderSpeed, WarmUnwindsOfThisProcess) {
  CapturedStack captured;
  frame_a(&captured);
  DwarfUnwinder unwinder;
  size_t frames = 0;
  const double rate = unwinds_per_second(
      unwinder, to_stack_copy(static_cast<uint32_t>(::getpid()), captured), &frames);
  std::printf("warm unwinds of a %zu-frame stack: %.0f per second\n", frames, rate);
  EXPECT_GT(rate, 0);
}

}  // namespace
}  // namespace ember::unwinder_testing
