// On-CPU profiles of running processes (--pid), checked through `go tool pprof` and the
// folded output.
#include <gmock/gmock.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "folded_stacks.h"
#include "perf_tool.h"
#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

class CpuProfile : public RootTest {};

// phase_a's share (0..100) of the samples in either phase of periodic_phases.
double phase_a_percent(const std::vector<FoldedStack>& stacks) {
  const double a = stack_percent(stacks, "phase_a"), b = stack_percent(stacks, "phase_b");
  return a + b > 0 ? 100.0 * a / (a + b) : 0;
}

TEST_F(CpuProfile, KnownSplitByPidMatchesWithinThreePoints) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "2"});
  const std::string pprof = dir.file("cpu.pb.gz"), folded = dir.file("cpu.folded");
  // 499 Hz: ~4000 samples, so sampling noise (about 0.8 points) stays well inside the bound.
  auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "--duration", "4s",
                           "-F", "499", "-o", pprof, "-o", folded});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("work_three"));

  std::string listing;
  auto rows = pprof_top(pprof, "samples", &listing);
  ASSERT_FALSE(rows.empty()) << listing;
  EXPECT_NEAR(rows["work_three"].cum_percent, 50.0, 3.0) << listing;
  EXPECT_NEAR(rows["work_two"].cum_percent, 33.3, 3.0) << listing;
  EXPECT_NEAR(rows["work_one"].cum_percent, 16.7, 3.0) << listing;
  EXPECT_GT(rows["worker"].cum_percent, 95.0) << listing;

  auto stacks = read_folded(folded);
  EXPECT_NEAR(stack_percent(stacks, "work_three"), 50.0, 3.0);
  EXPECT_NEAR(stack_percent(stacks, "work_two"), 33.3, 3.0);
  EXPECT_NEAR(stack_percent(stacks, "work_one"), 16.7, 3.0);
  EXPECT_TRUE(has_call_path(stacks, "worker", "work_three"));

  // Labels travel with every sample: the thread name and the thread ids of both workers.
  const std::string tags = pprof_output({"-tags"}, pprof);
  EXPECT_THAT(tags, HasSubstr("thread_name"));
  EXPECT_THAT(tags, HasSubstr("cpu_split_fp"));
  EXPECT_THAT(tags, HasSubstr("tid"));
}

TEST_F(CpuProfile, CpuTimeMatchesTheTargetsOwnCpuClock) {
  // The target measures its own CPU time (per-thread CPU clock around all its work); ember's
  // estimate is the sum of the samples' weights: each its clock's period, which varies, plus
  // after a restart of the clock the part of the old period the restart cut short.
  const std::string pprof = dir.file("cpu.pb.gz"), measured = dir.file("measured.json");
  auto result = run_ember({"record", "-F", "199", "-o", pprof, "--json", "--",
                           target_path("callback_split_fp"), "3", measured});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto summary = nlohmann::json::parse(result.out);
  auto times = nlohmann::json::parse(std::ifstream(measured));
  const double target_nanos = times["run_direct"].get<double>() + times["run_qsort"].get<double>() +
                              times["run_std_sort"].get<double>();
  const double cpu_nanos = summary["top"]["total"];
  EXPECT_EQ(summary["top"]["sample_type"], "cpu");
  EXPECT_NEAR(cpu_nanos, target_nanos, 0.05 * target_nanos);
  EXPECT_THAT(pprof_output({"-raw"}, pprof), HasSubstr("samples/count cpu/nanoseconds"));
}

TEST_F(CpuProfile, WorkInStepWithTheSamplingClockIsNotMisread) {
  // Two phases of 1 ms each, on a fixed grid: at 500 Hz a clock with a fixed phase lands in the
  // same phase every time (perf on this target gives one phase 80-100% of the samples). The
  // truth is 50/50.
  const std::vector<std::string> target = {target_path("periodic_phases_fp"), "3", "1000"};
  for (const char* frequency : {"500", "250"}) {
    const std::string folded = dir.file(std::string("phases") + frequency + ".folded");
    std::vector<std::string> args = {"record", "-F", frequency, "-o", folded, "--"};
    args.insert(args.end(), target.begin(), target.end());
    auto result = run_ember(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NEAR(phase_a_percent(read_folded(folded)), 50.0, 6.0) << frequency << " Hz";
  }
  if (!perf_available()) return;
  const std::string perf_data = dir.file("perf.data");
  ASSERT_TRUE(perf_record({"-F", "500"}, target, perf_data));
  std::cout << "perf -F 500 on the same target: phase_a " << phase_a_percent(perf_stacks(perf_data))
            << "% of the two phases\n";
}

TEST_F(CpuProfile, SharedLibraryLoadedAfterAttachIsNamed) {
  const std::string library = target_path("libhot_library_fp.so");
  BackgroundProcess target({target_path("uses_library_fp"), library, "1"});
  const std::string pprof = dir.file("lib.pb.gz");
  auto result =
      run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "3s", "-o", pprof});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string listing;
  auto rows = pprof_top(pprof, "samples", &listing);
  EXPECT_GT(rows["hot_in_library"].cum_percent, 50.0) << listing;
  EXPECT_THAT(pprof_output({"-raw"}, pprof), HasSubstr("libhot_library_fp.so"));
}

TEST_F(CpuProfile, KernelFramesAppearForSyscallHeavyTarget) {
  BackgroundProcess target({target_path("syscall_heavy_fp")});
  const std::string folded = dir.file("sys.folded");
  auto result =
      run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "2s", "-o", folded});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto stacks = read_folded(folded);
  // Frame pointers stop at libc's write wrapper (Debian's libc has none), so the program's own
  // caller under it may be skipped; main and the kernel's write path are there.
  EXPECT_TRUE(has_call_path(stacks, "main", "ksys_write") ||
              has_call_path(stacks, "main", "vfs_write"))
      << "no kernel write path under main";
}

TEST_F(CpuProfile, TargetExitingMidRecordingKeepsWhatWasCollected) {
  BackgroundProcess target({target_path("cpu_split_fp"), "1", "1"});
  const std::string pprof = dir.file("exit.pb.gz"), folded = dir.file("exit.folded");
  const auto started = std::chrono::steady_clock::now();
  // 999 Hz: the target lives about a second, so this is ~1000 samples (noise about 1.6
  // points), not ~100.
  auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "20s", "-F",
                           "999", "-o", pprof, "-o", folded});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_LT(elapsed, std::chrono::seconds(5)) << "the recording did not end with its target";
  auto rows = pprof_top(pprof, "samples");
  EXPECT_NEAR(rows["work_three"].cum_percent, 50.0, 6.0);
  EXPECT_GT(stack_percent(read_folded(folded), "work_three"), 40.0);
}

}  // namespace
}  // namespace ember::test
