// Python frames through the target kinds besides `ember record --pid`: an emberd session on a
// CPython process by PID, and `ember record --cgroup` on one placed in a cgroup. Each checks the
// Python functions' shares against the thread time the target measured itself.
#include <gmock/gmock.h>
#include <unistd.h>

#include <fstream>

#include "emberd_process.h"
#include "pprof_tool.h"
#include "python_shares.h"
#include "python_test.h"
#include "test_cgroup.h"

namespace ember::test {
namespace {

class PythonTargetKinds : public PythonTest {};

// The target runs 10 s and is recorded for 6 s of it at 1999 Hz: thousands of samples, so the
// 3-point bound is at least 3 sigma (as `ember record --pid` is checked).
constexpr int kTargetSeconds = 10, kRecordSeconds = 6, kFrequency = 1999;

TEST_F(PythonTargetKinds, EmberdSessionByPidShowsPythonFunctionsWithTheirShares) {
  const std::string truth_file = dir.file("truth.txt"), pprof = dir.file("session.pb.gz");
  BackgroundProcess target(
      {kPython, python_target("cpu_split.py"), std::to_string(kTargetSeconds), truth_file});
  EmberdProcess emberd;
  ASSERT_TRUE(emberd.started());
  const std::string id = emberd.start_session({{"pids", {target.pid()}},
                                               {"frequency_hz", kFrequency},
                                               {"duration_seconds", kRecordSeconds}});
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(emberd.wait_until_ended(id, std::chrono::seconds(30))["state"], "finished");
  const auto reply = emberd.get("/api/sessions/" + id + "/profile?format=pprof");
  ASSERT_EQ(reply.status, 200) << reply.body;
  std::ofstream(pprof, std::ios::binary) << reply.body;
  ASSERT_EQ(target.wait(), 0);
  expect_python_shares(pprof, truth_file);
  expect_spin_lines(pprof, python_target("cpu_split.py"));
}

TEST_F(PythonTargetKinds, CgroupRecordingShowsPythonFunctionsWithTheirShares) {
  const std::string root = cgroup2_root();
  if (root.empty()) GTEST_SKIP() << "no cgroup v2 hierarchy mounted";
  const std::string truth_file = dir.file("truth.txt"), pprof = dir.file("cgroup.pb.gz");
  const std::string name = "ember-python-test-" + std::to_string(getpid());
  TestCgroup cgroup(root, name);
  BackgroundProcess target(
      {kPython, python_target("cpu_split.py"), std::to_string(kTargetSeconds), truth_file});
  cgroup.move_in(target.pid());
  const CommandResult result =
      run_ember({"record", "--cgroup", "/" + name, "-d", std::to_string(kRecordSeconds) + "s", "-F",
                 std::to_string(kFrequency), "-o", pprof});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(target.wait(), 0);
  expect_python_shares(pprof, truth_file);
  expect_spin_lines(pprof, python_target("cpu_split.py"));
}

}  // namespace
}  // namespace ember::test
