// Node.js targets (tests/targets/node): JavaScript functions named from V8's perf map, which
// ember asks for when it launches the command, with stacks through JIT code to _start; and the
// one line that tells the user what to add when attaching to a node started without it.
#include <gmock/gmock.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "folded_stacks.h"
#include "pprof_tool.h"
#include "root_test.h"
#include "source_lines.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

constexpr char kNode[] = "/usr/bin/node";

std::string node_target(const std::string& name) {
  return std::string(EMBER_SOURCE_DIR) + "/tests/targets/node/" + name;
}

class Node : public RootTest {
 protected:
  void SetUp() override {
    RootTest::SetUp();
    if (IsSkipped()) return;
    if (access(kNode, X_OK) != 0) GTEST_SKIP() << kNode << " is missing (scripts/setup)";
    if (!go_available()) GTEST_SKIP() << "go tool pprof is not installed";
  }
};

// A function's samples among V8's names for it: "JS:*heavy /path:14:15" (optimized), "JS:~..."
// (interpreted), "JS:^..." (baseline)...
bool is_js_function(const std::string& frame, const std::string& function) {
  return std::regex_search(frame, std::regex("^JS:[~^*+]?" + function + " "));
}

// Launched as `node SCRIPT`, by a command that starts node (a shell here, as npm start does), or
// in a PID namespace of its own (as in a container, where node names its perf map by the pid it
// sees, 1 here): in every case with no flag from the user.
enum class Launch { node, through_a_shell, in_a_pid_namespace };

class LaunchedNode : public Node, public ::testing::WithParamInterface<Launch> {};

TEST_P(LaunchedNode, ScriptsFunctionsHaveTheirMeasuredSharesAndStacksReachStart) {
  const std::string truth_file = dir.file("truth.json"), pprof = dir.file("cpu.pb.gz"),
                    folded = dir.file("cpu.folded"), script = node_target("js_split.js");
  std::vector<std::string> command = {kNode, script, "6", truth_file};
  if (GetParam() == Launch::through_a_shell)
    command = {"sh", "-c", std::string(kNode) + " '" + script + "' 6 '" + truth_file + "'; true"};
  if (GetParam() == Launch::in_a_pid_namespace)
    command.insert(command.begin(), {"unshare", "--pid", "--fork", "--mount-proc"});
  // 1999 Hz for 6 s of one busy thread: thousands of samples even on a busy machine, so a
  // share's sampling error is under a third of the 3-point bound (checked below).
  std::vector<std::string> args = {"record", "-F", "1999", "-o", pprof, "-o", folded, "--"};
  args.insert(args.end(), command.begin(), command.end());
  auto result = run_ember(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The target printed its PID first: V8 wrote /tmp/perf-PID.map, which outlives it.
  std::filesystem::remove("/tmp/perf-" + result.out.substr(0, result.out.find('\n')) + ".map");
  std::ifstream truth_in(truth_file);
  ASSERT_TRUE(truth_in) << "the target wrote no truth";
  const nlohmann::json truth = nlohmann::json::parse(truth_in);

  // The folded file holds CPU time; pprof says how many samples that was.
  const std::string listing =
      pprof_output({"-top", "-nodecount=1000", "-sample_index=samples"}, pprof);
  std::smatch total;
  ASSERT_TRUE(std::regex_search(listing, total, std::regex(R"(Total samples = ([0-9]+))")))
      << listing;
  const std::vector<FoldedStack> stacks = read_folded(folded);
  std::map<std::string, double> profiled;
  double samples = 0, rooted = 0, in_functions = 0;
  for (const FoldedStack& stack : stacks) {
    samples += static_cast<double>(stack.value);
    bool counted = false;
    for (const auto& [name, seconds] : truth.items()) {
      bool on_stack = false;
      for (const std::string& frame : stack.frames) on_stack |= is_js_function(frame, name);
      if (!on_stack) continue;
      profiled[name] += static_cast<double>(stack.value);
      counted = true;
    }
    if (!counted) continue;
    in_functions += static_cast<double>(stack.value);
    if (stack.frames.front() == "_start") rooted += static_cast<double>(stack.value);
  }
  ASSERT_GT(in_functions, 0.8 * samples) << "the three functions should take nearly all of it";
  std::printf("stacks through the three functions reaching _start: %.1f%%\n",
              100 * rooted / in_functions);
  EXPECT_GE(rooted, 0.9 * in_functions) << "stacks through JIT code should reach _start";

  double truth_total = 0;
  for (const auto& [name, seconds] : truth.items()) truth_total += seconds.get<double>();
  for (const auto& [name, seconds] : truth.items()) {
    const double expected = 100 * seconds.get<double>() / truth_total;
    const double measured = 100 * profiled[name] / in_functions;
    const double count = std::stod(total[1]) * in_functions / samples;
    const double sigma = 100 * std::sqrt(expected / 100 * (1 - expected / 100) / count);
    std::printf("%-7s target %5.1f%%  ember %5.1f%%  (%.0f samples, sigma %.2f points)\n",
                name.c_str(), expected, measured, count, sigma);
    ASSERT_LE(3 * sigma, 3.0) << "too few samples for a 3-point check";
    EXPECT_NEAR(measured, expected, 3.0) << name;
  }

  // The same names through pprof, with the function's own line and the event loop's native
  // frames under them.
  EXPECT_THAT(listing, HasSubstr("js_split.js:" + std::to_string(line_of(node_target("js_split.js"),
                                                                         "function heavy()"))))
      << listing;
  for (const char* native : {"uv_run", "node::Start", "_start"})
    EXPECT_THAT(listing, HasSubstr(native)) << listing;
}

std::string launch_name(const ::testing::TestParamInfo<Launch>& info) {
  switch (info.param) {
    case Launch::node:
      return "Node";
    case Launch::through_a_shell:
      return "ThroughAShell";
    case Launch::in_a_pid_namespace:
      return "InAPidNamespace";
  }
  return "Unknown";
}

INSTANTIATE_TEST_SUITE_P(Commands, LaunchedNode,
                         ::testing::Values(Launch::node, Launch::through_a_shell,
                                           Launch::in_a_pid_namespace),
                         launch_name);

TEST_F(Node, AttachingToANodeWithoutAPerfMapSaysWhatToAddAndStillWritesTheProfile) {
  const std::string truth_file = dir.file("truth.json"), pprof = dir.file("cpu.pb.gz");
  BackgroundProcess target({kNode, node_target("js_split.js"), "4", truth_file});
  auto result =
      run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "1s", "-o", pprof});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("process " + std::to_string(target.pid()) +
                                    " is node without V8's perf map"));
  EXPECT_THAT(result.err, HasSubstr("NODE_OPTIONS=--perf-basic-prof"));
  std::string output;
  EXPECT_FALSE(pprof_top(pprof, "samples", &output).empty()) << output;
}

}  // namespace
}  // namespace ember::test
