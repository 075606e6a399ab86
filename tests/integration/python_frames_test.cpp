// Python frames from live CPython processes (Debian's /usr/bin/python3, 3.11), read in BPF at
// each sample and resolved to functions, files and lines, checked through `go tool pprof` and the
// folded stacks against what the targets (tests/targets/python) measure of themselves.
#include <gmock/gmock.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "folded_stacks.h"
#include "pprof_tool.h"
#include "python_shares.h"
#include "python_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json summary_of(const CommandResult& result) {
  auto start = result.out.rfind("\n{\n");
  return nlohmann::json::parse(start == std::string::npos ? result.out : result.out.substr(start));
}

class PythonFrames : public PythonTest {};

TEST_F(PythonFrames, SharesOfPythonFunctionsMatchTheTargetsOwnThreadTime) {
  const std::string truth_file = dir.file("truth.txt"), pprof = dir.file("cpu.pb.gz"),
                    folded = dir.file("cpu.folded"), script = python_target("cpu_split.py");
  BackgroundProcess target({kPython, script, "10", truth_file});
  // 1999 Hz for 8 s: thousands of samples (two per ms of the target's CPU time), so a share's
  // sampling error, sqrt(p (1 - p) / n), is at most a third of the 3-point bound.
  auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "8s", "-F",
                           "1999", "-o", pprof, "-o", folded, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(target.wait(), 0);
  expect_python_shares(pprof, truth_file);

  // C code called from Python sits under its Python caller, which sits under the thread's run.
  auto stacks = read_folded(folded);
  int crc_stacks = 0;
  for (const FoldedStack& stack : stacks) {
    auto crc = std::find(stack.frames.begin(), stack.frames.end(), "crc32_z");
    if (crc == stack.frames.end()) continue;
    ++crc_stacks;
    EXPECT_NE(std::find(stack.frames.begin(), crc, "checksums"), crc)
        << "crc32_z not under checksums";
  }
  EXPECT_GT(crc_stacks, 0);
  EXPECT_TRUE(has_call_path(stacks, "Worker.run", "heavy"));
  EXPECT_TRUE(has_call_path(stacks, "heavy", "spin"));
  EXPECT_TRUE(has_call_path(stacks, "Thread._bootstrap", "Worker.run"));

  expect_spin_lines(pprof, script);
}

// A launched interpreter: its layout is found at exec, before its first Python frame runs.
TEST_F(PythonFrames, LaunchedScriptShowsModuleLevelCodeAndMain) {
  const std::string folded = dir.file("short.folded");
  auto result = run_ember({"record", "-F", "499", "-o", folded, "--json", "--", kPython,
                           python_target("short_lived.py")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(summary_of(result)["command_exit_status"], 0);
  auto stacks = read_folded(folded);
  EXPECT_TRUE(has_call_path(stacks, "<module>", "main"));
  EXPECT_TRUE(has_call_path(stacks, "main", "burn"));
  EXPECT_GT(stack_percent(stacks, "burn"), 60.0);
}

TEST_F(PythonFrames, BlockedThreadsShowTheirPythonStacksOffCpuAndInLockWaits) {
  BackgroundProcess target({kPython, python_target("blocked_threads.py")});
  const std::string out = dir.path();
  auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "2s", "--mode",
                           "offcpu,lock", "--output-dir", out});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string offcpu_out, lock_out;
  auto offcpu = pprof_top(out + "/offcpu.pb.gz", "offcpu", &offcpu_out);
  // Each waiter waits nearly the whole recording; with the main thread, four threads share it.
  for (const char* waiter : {"nap", "wait_for_lock", "receive"})
    EXPECT_GT(offcpu[waiter].cum_percent, 15.0) << waiter << "\n" << offcpu_out;
  auto lock = pprof_top(out + "/lock.pb.gz", "delay", &lock_out);
  EXPECT_GT(lock["wait_for_lock"].cum_percent, 0.0) << lock_out;
}

}  // namespace
}  // namespace ember::test

namespace ember::test {
namespace {

// A Python that prints its PID and loops for four seconds.
std::vector<std::string> busy_python(const std::string& interpreter) {
  return {interpreter, "-c",
          "import os, time\nprint(os.getpid(), flush=True)\nend = time.time() + 4\n"
          "while time.time() < end:\n    sum(range(100))\n"};
}

// Lines of `text` containing `part`.
int lines_with(const std::string& text, const std::string& part) {
  std::istringstream lines(text);
  int count = 0;
  for (std::string line; std::getline(lines, line);) count += line.find(part) != std::string::npos;
  return count;
}

// The interpreter of CPython `minor` ("3.12") where this machine has one (pyenv), else "".
// Debian has only 3.11.
std::string pyenv_python(const std::string& minor) {
  const char* home = std::getenv("HOME");
  const char* root = std::getenv("PYENV_ROOT");
  const std::string versions =
      (root ? std::string(root) : std::string(home ? home : "") + "/.pyenv") + "/versions";
  const CommandResult found =
      run({"sh", "-c",
           "ls -d " + versions + "/" + minor + ".*/bin/python" + minor + " 2>/dev/null | head -1"});
  return found.out.substr(0, found.out.find('\n'));
}

// An interpreter of a version ember has no layout for, where this machine has one.
std::string other_python_version() {
  for (const char* version : {"3.10", "3.9", "3.8"})
    if (std::string python = pyenv_python(version); !python.empty()) return python;
  return {};
}

// The 3:2:1 target under each newer version with a layout, by --pid (as with 3.11 above).
class PythonVersions : public PythonFrames, public ::testing::WithParamInterface<const char*> {};

TEST_P(PythonVersions, SharesOfPythonFunctionsMatchTheTargetsOwnThreadTime) {
  const std::string python = pyenv_python(GetParam());
  if (python.empty())
    GTEST_SKIP() << "no CPython " << GetParam() << " here (pyenv); a fresh Debian has only 3.11";
  const std::string truth_file = dir.file("truth.txt"), pprof = dir.file("cpu.pb.gz"),
                    folded = dir.file("cpu.folded");
  BackgroundProcess target({python, python_target("cpu_split.py"), "10", truth_file});
  auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "8s", "-F",
                           "1999", "-o", pprof, "-o", folded});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(target.wait(), 0);
  expect_python_shares(pprof, truth_file);
  expect_spin_lines(pprof, python_target("cpu_split.py"));
  auto stacks = read_folded(folded);
  EXPECT_TRUE(has_call_path(stacks, "Worker.run", "heavy"));
  EXPECT_TRUE(has_call_path(stacks, "heavy", "spin"));
  EXPECT_TRUE(has_call_path(stacks, "Thread._bootstrap", "Worker.run"));
}

INSTANTIATE_TEST_SUITE_P(Newer, PythonVersions, ::testing::Values("3.12", "3.13"),
                         [](const auto& info) {
                           std::string name = std::string("Python") + info.param;
                           name.erase(name.find('.'), 1);
                           return name;
                         });

TEST_F(PythonFrames, UnsupportedVersionGetsOneLineAndNativeStacks) {
  const std::string python = other_python_version();
  if (python.empty()) GTEST_SKIP() << "no CPython 3.8-3.10 here (pyenv); a fresh Debian has none";
  // By --pid: these builds load libpython, whose stacks a launched command's fast exit can cut.
  BackgroundProcess target(busy_python(python));
  const std::string folded = dir.file("native.folded");
  auto result = run_ember(
      {"record", "--pid", std::to_string(target.pid()), "-d", "2s", "-F", "499", "-o", folded});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(lines_with(result.err, "whose frames ember cannot read"), 1) << result.err;
  EXPECT_THAT(result.err, HasSubstr("runs Python 3."));
  auto stacks = read_folded(folded);
  EXPECT_GT(stack_percent(stacks, "_PyEval_EvalFrameDefault"), 50.0);
}

TEST_F(PythonFrames, PythonWithoutItsSymbolsGetsOneLineAndNativeStacks) {
  // Debian's interpreter with _PyRuntime renamed in its dynamic string table: the interpreter
  // runs as before (it does not look itself up), but ember cannot find its state.
  std::string binary = read_text("/usr/bin/python3.11");
  const std::string name("\0_PyRuntime\0", 12);
  const size_t at = binary.find(name);
  ASSERT_NE(at, std::string::npos);
  binary[at + 10] = 'X';
  const std::string copy = dir.file("python3.11");
  std::ofstream(copy, std::ios::binary) << binary;
  ASSERT_EQ(chmod(copy.c_str(), 0755), 0);
  BackgroundProcess target(busy_python(copy));
  const std::string folded = dir.file("native.folded");
  auto result = run_ember(
      {"record", "--pid", std::to_string(target.pid()), "-d", "2s", "-F", "499", "-o", folded});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(lines_with(result.err, "which lacks the symbols ember needs"), 1) << result.err;
  auto stacks = read_folded(folded);
  EXPECT_GT(stack_percent(stacks, "_PyEval_EvalFrameDefault"), 50.0);
}

}  // namespace
}  // namespace ember::test
