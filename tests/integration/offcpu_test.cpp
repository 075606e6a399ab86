// Off-CPU and wall-clock profiles of a target whose threads wait in known ways
// (tests/targets/offcpu_threads.c), checked through `go tool pprof`.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "folded_stacks.h"
#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Variant {
  const char* target;
  const char* unwind;
};

class OffCpu : public RootTest, public ::testing::WithParamInterface<Variant> {};

// What woke the threads (wakers.pb.gz): the pipe reader is woken by the writer's write, under
// writer_loop; the sleeper by the timer interrupt. Each for about the whole recording (less its
// last wait, not yet over when the recording stopped).
void expect_wakers(const std::string& wakers, double duration_ms, bool complete_stacks) {
  EXPECT_THAT(pprof_output({"-raw"}, wakers), HasSubstr("wakeups/count wakers/nanoseconds"));
  const double reader_ms = pprof_total_millis(wakers, {"-tagfocus=woken_thread=pipe_reader"});
  EXPECT_GT(reader_ms, duration_ms * 0.85);
  EXPECT_LT(reader_ms, duration_ms * 1.02);
  const std::string reader =
      pprof_output({"-traces", "-tagfocus=woken_thread=pipe_reader"}, wakers);
  EXPECT_THAT(reader, HasSubstr("thread_name:  pipe_writer"));
  EXPECT_THAT(reader, HasSubstr("pipe_write"));
  EXPECT_THAT(reader, ::testing::Not(HasSubstr("[interrupt]")));
  if (complete_stacks) {
    EXPECT_THAT(reader, HasSubstr("writer_loop"));
  }
  const double sleeper_ms = pprof_total_millis(wakers, {"-tagfocus=woken_thread=sleeper"});
  EXPECT_GT(sleeper_ms, duration_ms * 0.85);
  EXPECT_LT(sleeper_ms, duration_ms * 1.02);
  const std::string sleeper = pprof_output({"-traces", "-tagfocus=woken_thread=sleeper"}, wakers);
  EXPECT_THAT(sleeper, HasSubstr("thread_name:  [interrupt]"));
  EXPECT_THAT(sleeper, HasSubstr("hrtimer_wakeup"));
  EXPECT_THAT(sleeper, ::testing::Not(HasSubstr("sleeper_loop")));  // not the woken's stack
  // The busy thread never sleeps (but for the odd kernel wait, as in the off-CPU profile).
  const double busy_ms = pprof_total_millis(wakers, {"-tagfocus=woken_thread=busy"});
  EXPECT_GE(busy_ms, 0);
  EXPECT_LT(busy_ms, duration_ms * 0.02);
}

TEST_P(OffCpu, WaitsAndWallTimeAddUpPerThread) {
  BackgroundProcess target({target_path(GetParam().target), "60"});
  const std::string out = dir.file("out");
  // With the kernel's side of each wait, which some checks below read (ksys_read).
  auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "4s", "-F", "199",
                           "--mode", "all", "--unwind", GetParam().unwind, "--kernel-frames",
                           "--output-dir", out, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto summary = nlohmann::json::parse(result.out);
  const double duration_ms = summary["duration_nanos"].get<double>() / 1e6;
  const std::string offcpu = out + "/offcpu.pb.gz", wall = out + "/wall.pb.gz";

  // The sleeper waits all the time, in nanosleep; so does the main thread, which was already
  // asleep when the recording started and still is when it stops.
  for (const char* thread : {"sleeper", GetParam().target})
    EXPECT_NEAR(
        pprof_total_millis(offcpu, {"-tagfocus=thread_name=" + std::string(thread).substr(0, 15)}),
        duration_ms, duration_ms * 0.05)
        << thread;
  // Frame-pointer unwinding skips the caller of a libc leaf without frame pointers
  // (sleep_a_while calling nanosleep); CFI does not.
  const bool complete_stacks = std::string(GetParam().unwind) != "fp";
  const std::string sleeper = pprof_output({"-traces", "-tagfocus=thread_name=sleeper"}, offcpu);
  if (complete_stacks) {
    EXPECT_THAT(sleeper, HasSubstr("sleep_a_while"));
  }
  EXPECT_THAT(sleeper, HasSubstr("sleeper_loop"));
  EXPECT_THAT(sleeper, HasSubstr("thread_state:  sleeping"));

  // The pipe reader waits in read(), under the function that reads.
  const std::string reader = pprof_output({"-traces", "-tagfocus=thread_name=pipe_reader"}, offcpu);
  EXPECT_THAT(reader, HasSubstr("ksys_read"));
  if (complete_stacks) {
    EXPECT_THAT(reader, HasSubstr("read_one_message"));
  }
  EXPECT_THAT(reader, HasSubstr("reader_loop"));

  // The busy thread never blocks: at most it waits for a CPU (runnable), which the machine's
  // other load decides, and which is reported apart.
  const double busy_blocked = pprof_total_millis(
      offcpu, {"-tagfocus=thread_name=busy", "-tagignore=thread_state=runnable"});
  EXPECT_GE(busy_blocked, 0);
  EXPECT_LT(busy_blocked, duration_ms * 0.02);

  // Wall clock: on-CPU plus off-CPU is the whole recording for every thread.
  for (const char* thread : {"sleeper", "pipe_reader", "pipe_writer", "busy"})
    EXPECT_NEAR(pprof_total_millis(wall, {"-tagfocus=thread_name=" + std::string(thread)}),
                duration_ms, duration_ms * 0.05)
        << thread << "; the recording's counters: " << summary["profiles"]["wall"]["stats"].dump();
  EXPECT_THAT(pprof_output({"-raw"}, wall), HasSubstr("samples/count wall/nanoseconds"));
  // flame.html holds the three profiles, one sample type each, for the UI's sample type menu.
  std::ifstream html(out + "/flame.html");
  const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
  for (const char* type : {R"("type":"cpu")", R"("type":"offcpu")", R"("type":"wall")"})
    EXPECT_THAT(page, HasSubstr(type));
  EXPECT_THAT(pprof_output({"-raw"}, offcpu), HasSubstr("samples/count offcpu/nanoseconds"));
  expect_wakers(out + "/wakers.pb.gz", duration_ms, complete_stacks);

  // The printed thread table says the same.
  bool found_sleeper = false;
  for (const auto& row : summary["profiles"]["wall"]["threads"])
    if (row["thread_name"] == "sleeper") {
      found_sleeper = true;
      EXPECT_NEAR(row["total"].get<double>() / 1e6, duration_ms, duration_ms * 0.05);
    }
  EXPECT_TRUE(found_sleeper) << summary["profiles"]["wall"].dump();
  // And the waker table: who woke whom.
  const auto& wakers = summary["profiles"]["wakers"]["wakers"];
  EXPECT_TRUE(std::any_of(wakers.begin(), wakers.end(), [](const auto& row) {
    return row["woken_thread"] == "pipe_reader" && row["waker_thread"] == "pipe_writer";
  })) << wakers.dump();
}

INSTANTIATE_TEST_SUITE_P(Builds, OffCpu,
                         ::testing::Values(Variant{"offcpu_threads_fp", "fp"},
                                           Variant{"offcpu_threads_fp", "auto"},
                                           Variant{"offcpu_threads_nofp", "dwarf"}),
                         [](const auto& info) {
                           return std::string(info.param.target) + "_" + info.param.unwind;
                         });

class OffCpuRecord : public RootTest {};

TEST_F(OffCpuRecord, FoldedAndHtmlOutputs) {
  BackgroundProcess target({target_path("offcpu_threads_nofp"), "60"});
  const std::string folded = dir.file("offcpu.folded"), html = dir.file("offcpu.html");
  const std::string pprof = dir.file("offcpu.pb.gz");
  auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "2s", "--mode",
                           "offcpu", "--unwind", "dwarf", "-o", folded, "-o", html, "-o", pprof});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Threads by offcpu"));
  auto stacks = read_folded(folded);
  EXPECT_TRUE(has_call_path(stacks, "sleeper_loop", "sleep_a_while"));
  EXPECT_GT(stack_percent(stacks, "sleeper_loop"), 10.0);

  // The leaves are the blocking calls (nanosleep, read), not the scheduler path under every
  // wait; pprof names the profile after the attached process's executable.
  EXPECT_THAT(pprof_output({"-top"}, pprof), HasSubstr("File: offcpu_threads_nofp\n"));
  const PprofLeaf leaf = top_flat_location(pprof, "offcpu");
  EXPECT_TRUE(leaf.in_user_space()) << leaf.line;
  EXPECT_THAT(leaf.line, Not(HasSubstr("__schedule")));
  // ember report prints the thread table from the file's labels, as ember record did.
  EXPECT_THAT(run_ember({"report", pprof}).out, HasSubstr("Threads by offcpu"));
  EXPECT_THAT(pprof_output({"-traces", "-tagfocus=thread_name=pipe_reader"}, pprof),
              Not(HasSubstr("ksys_read")));
  // The page has the kernel frames too, marked, for its "Kernel frames" switch.
  std::ifstream page(html);
  const std::string text((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
  EXPECT_THAT(text, HasSubstr("\"wait_kernel\":"));
  EXPECT_THAT(text, HasSubstr("ksys_read"));
}

TEST_F(OffCpuRecord, NoWakersLeavesOutTheWakerProfile) {
  BackgroundProcess target({target_path("offcpu_threads_fp"), "60"});
  const std::string out = dir.file("out");
  auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "1s", "--mode",
                           "offcpu", "--no-wakers", "--output-dir", out});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::exists(out + "/offcpu.pb.gz"));
  EXPECT_FALSE(std::filesystem::exists(out + "/wakers.pb.gz"));
  EXPECT_THAT(result.out, ::testing::Not(HasSubstr("== wakers ==")));
}

TEST_F(OffCpuRecord, ModesNotAvailableOrUnknownFailWithOneLine) {
  for (const char* mode : {"bogus", "cpu,,"}) {
    auto result = run_ember({"record", "--pid", "1", "-d", "1s", "--mode", mode});
    EXPECT_EQ(result.exit_code, 1) << mode;
    EXPECT_THAT(result.err, HasSubstr("mode")) << mode;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

}  // namespace
}  // namespace ember::test
