// `ember record -- COMMAND`: profiling a program from its first instruction.
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include "folded_stacks.h"
#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

// The summary ember prints with --json; the command's own output may come before it.
nlohmann::json summary_of(const CommandResult& result) {
  auto start = result.out.rfind("\n{\n");
  return nlohmann::json::parse(start == std::string::npos ? result.out : result.out.substr(start));
}

class Launch : public RootTest {};

TEST_F(Launch, ShortLivedCommandIsCapturedIncludingMain) {
  const std::string pprof = dir.file("short.pb.gz"), folded = dir.file("short.folded");
  auto result = run_ember({"record", "-F", "499", "-o", pprof, "-o", folded, "--json", "--",
                           target_path("short_lived_fp")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto summary = summary_of(result);
  EXPECT_EQ(summary["command_exit_status"], 0);
  EXPECT_GT(summary["stats"]["samples"].get<int>(), 20) << result.out;

  auto stacks = read_folded(folded);
  EXPECT_TRUE(has_call_path(stacks, "main", "burn")) << "main -> burn not found";
  EXPECT_GT(stack_percent(stacks, "burn"), 80.0);
  auto rows = pprof_top(pprof, "samples");
  EXPECT_GT(rows["main"].cum_percent, 80.0);
}

TEST_F(Launch, CommandArgumentsAndExitStatusPassThrough) {
  const std::string folded = dir.file("split.folded");
  // 999 Hz: ~1000 samples in the second, so sampling noise (about 1.6 points) stays well
  // inside the bound.
  auto result = run_ember(
      {"record", "-F", "999", "-o", folded, "--json", "--", target_path("cpu_split_fp"), "1", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto summary = summary_of(result);
  EXPECT_EQ(summary["command_exit_status"], 0);
  EXPECT_NEAR(stack_percent(read_folded(folded), "work_three"), 50.0, 8.0);
}

TEST_F(Launch, DurationEndsALongCommand) {
  const std::string folded = dir.file("long.folded");
  auto result = run_ember({"record", "-d", "1s", "-o", folded, "--", target_path("cpu_split_fp")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_GT(stack_percent(read_folded(folded), "work_three"), 30.0);
}

}  // namespace
}  // namespace ember::test
