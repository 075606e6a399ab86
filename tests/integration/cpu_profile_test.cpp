// On-CPU profiles of running processes (--pid), checked through `go tool pprof` and the
// folded output.
#include <gmock/gmock.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "folded_stacks.h"
#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

class CpuProfile : public RootTest {};

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

TEST_F(CpuProfile, CpuTimeIsSamplesTimesPeriod) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "2"});
  const std::string pprof = dir.file("cpu.pb.gz");
  auto result = run_ember({"record", "-p", std::to_string(target.pid()), "-d", "3s", "-F", "199",
                           "-o", pprof, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto summary = nlohmann::json::parse(result.out);
  const int64_t samples = summary["stats"]["samples"];
  const int64_t cpu_nanos = summary["top"]["total"];
  EXPECT_EQ(summary["top"]["sample_type"], "cpu");
  EXPECT_EQ(cpu_nanos, samples * (1'000'000'000 / 199));
  // Two busy threads can use at most both CPUs for the recording; nothing is counted twice.
  // (Other load on the machine takes its share, so the lower bound is loose.)
  const double both_cpus = 2.0 * summary["duration_nanos"].get<double>();
  EXPECT_LE(cpu_nanos, both_cpus * 1.05);
  EXPECT_GT(cpu_nanos, both_cpus * 0.4);
  EXPECT_THAT(pprof_output({"-raw"}, pprof), HasSubstr("samples/count cpu/nanoseconds"));
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
  // 499 Hz: the target lives about a second, so this is ~500 samples, not ~100.
  auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "20s", "-F",
                           "499", "-o", pprof, "-o", folded});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_LT(elapsed, std::chrono::seconds(5)) << "the recording did not end with its target";
  auto rows = pprof_top(pprof, "samples");
  EXPECT_NEAR(rows["work_three"].cum_percent, 50.0, 6.0);
  EXPECT_GT(stack_percent(read_folded(folded), "work_three"), 40.0);
}

}  // namespace
}  // namespace ember::test
