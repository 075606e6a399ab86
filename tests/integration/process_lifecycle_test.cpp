// Processes that come and go under a recording of a cgroup or of the host: a PID reused by a
// new process (forced with the kernel's ns_last_pid, as checkpoint/restore tools do), and
// hundreds of short-lived processes (a build running).
#include <fcntl.h>
#include <gmock/gmock.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "pprof_tool.h"
#include "root_test.h"
#include "test_cgroup.h"

namespace ember::test {
namespace {

// Starts `argv` in a child and returns its PID; with `want_pid`, only if the child gets that
// PID (the caller makes it likely through ns_last_pid), else the child exits at once and -1 is
// returned. The child enters `cgroup_procs` (a cgroup.procs file) when one is given, and runs
// without address-space randomization, so two runs of position-independent programs built
// alike have the same code at the same addresses. The child calls only async-signal-safe
// functions: the test has other threads.
pid_t start_child(const std::vector<std::string>& argv, const std::string& cgroup_procs,
                  pid_t want_pid = 0) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const pid_t child = fork();
  if (child == 0) {
    if (want_pid != 0 && getpid() != want_pid) _exit(0);
    if (!cgroup_procs.empty()) {
      const int procs = open(cgroup_procs.c_str(), O_WRONLY);
      if (procs < 0 || write(procs, "0", 1) != 1) _exit(126);
      close(procs);
    }
    personality(ADDR_NO_RANDOMIZE);
    execv(args[0], args.data());
    _exit(127);
  }
  if (want_pid != 0 && child != want_pid) {
    waitpid(child, nullptr, 0);
    return -1;
  }
  return child;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs `argv` in a child that gets PID `pid` again, now that the process that had it exited:
// the kernel gives the PID after ns_last_pid to the next process. Other processes may take it
// first; retried. Returns the child's exit status, or -1 when the PID could not be had.
int run_with_pid(pid_t pid, const std::vector<std::string>& argv, const std::string& procs) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    std::ofstream("/proc/sys/kernel/ns_last_pid") << pid - 1;
    const pid_t child = start_child(argv, procs, pid);
    if (child == pid) return wait_for(child);
  }
  return -1;
}

double millis(const std::string& pprof, const std::vector<std::string>& filters) {
  std::vector<std::string> args = {"-sample_index=cpu"};
  args.insert(args.end(), filters.begin(), filters.end());
  return pprof_total_millis(pprof, args);
}

// `ember ARGS` running while the test starts processes, until stop(): through a shell that
// writes its PID and becomes ember, so ember can be watched and told to stop (SIGINT ends a
// recording early, writing what it has). A loaded machine then cannot end it too soon.
class BackgroundRecording {
 public:
  BackgroundRecording(const TempDir& dir, std::vector<std::string> args) {
    const std::string pid_file = dir.file("ember.pid");
    std::vector<std::string> argv = {"sh", "-c", "echo $$ > \"$0\"; exec \"$@\"", pid_file,
                                     EMBER_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    thread_ = std::thread([this, argv] { result_ = run(argv); });
    // ember attaches in well under a second.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    std::ifstream(pid_file) >> pid_;
  }
  ~BackgroundRecording() {
    if (thread_.joinable()) stop();
  }
  pid_t pid() const { return pid_; }
  const CommandResult& stop() {
    if (pid_ > 0) kill(pid_, SIGINT);
    thread_.join();
    return result_;
  }

 private:
  std::thread thread_;
  CommandResult result_;
  pid_t pid_ = 0;
};

struct Scope {
  const char* name;
  bool cgroup;
};

class PidReuse : public RootTest, public ::testing::WithParamInterface<Scope> {};

// exec_image_one and exec_image_two have the same code at the same addresses, their work
// functions named apart; the second runs with the PID of the first, which exited. Each
// process's samples are named from its own image and labelled with its own name. In a cgroup,
// the second runs outside it: a PID that was a target's names no target once it exited.
TEST_P(PidReuse, ANewProcessWithAnExitedOnesPidIsNamedFromItsOwnImage) {
  if (access("/proc/sys/kernel/ns_last_pid", W_OK) != 0) GTEST_SKIP() << "no ns_last_pid";
  const std::string root = cgroup2_root();
  if (GetParam().cgroup && root.empty()) GTEST_SKIP() << "no cgroup v2 hierarchy mounted";
  const std::string name = "ember-reuse-" + std::to_string(getpid());
  const std::string pprof = dir.file("reuse.pb.gz");
  std::optional<TestCgroup> cgroup;
  if (GetParam().cgroup) cgroup.emplace(root, name);
  const std::string procs = GetParam().cgroup ? root + "/" + name + "/cgroup.procs" : "";

  std::vector<std::string> args = {"record", "-d", "120s", "-F", "499", "-o", pprof};
  if (GetParam().cgroup)
    args.insert(args.end(), {"--cgroup", "/" + name});
  else
    args.push_back("--all");
  BackgroundRecording recording(dir, args);
  ASSERT_GT(recording.pid(), 0);
  const pid_t first = start_child({target_path("exec_image_one_fp"), "1", dir.file("one")}, procs);
  ASSERT_EQ(wait_for(first), 0);
  const int second =
      run_with_pid(first, {target_path("exec_image_two_fp"), "1", dir.file("two")}, "");
  const CommandResult& result = recording.stop();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(second, 0) << "could not start a process with PID " << first;

  const std::string pid = "-tagfocus=pid=" + std::to_string(first);
  // 1 s of CPU at 499 Hz: about 500 samples each.
  EXPECT_GT(millis(pprof, {pid, "-focus=first_image_work"}), 700);
  EXPECT_EQ(millis(pprof, {pid, "-tagfocus=process=^exec_image_two_$", "-focus=first_image_work"}),
            0);
  if (GetParam().cgroup) {
    EXPECT_EQ(millis(pprof, {pid, "-focus=second_image_work"}), 0);
  } else {
    EXPECT_GT(millis(pprof, {pid, "-focus=second_image_work"}), 700);
    EXPECT_EQ(
        millis(pprof, {pid, "-tagfocus=process=^exec_image_one_$", "-focus=second_image_work"}), 0);
    EXPECT_GT(
        millis(pprof, {pid, "-tagfocus=process=^exec_image_two_$", "-focus=second_image_work"}),
        700);
  }
}

INSTANTIATE_TEST_SUITE_P(Scopes, PidReuse,
                         ::testing::Values(Scope{"cgroup", true}, Scope{"all", false}),
                         [](const auto& info) { return std::string(info.param.name); });

// What /proc says of a process: its open descriptors and its peak resident memory (kB).
struct ProcessUse {
  size_t fds = 0;
  long peak_rss_kb = 0;
};

ProcessUse use_of(pid_t pid) {
  ProcessUse use;
  std::error_code error;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error))
    ++use.fds;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.starts_with("VmHWM:")) use.peak_rss_kb = std::stol(line.substr(6));
  return use;
}

// 300 processes of 50 ms of CPU each, a few at a time, in a cgroup under recording (unwound
// with CFI: no frame pointers): each one's samples named, and ember's descriptors and memory
// stay bounded.
TEST(ShortLivedProcesses, HundredsInARowAreEachNamedAndMemoryStaysBounded) {
  if (!running_as_root()) GTEST_SKIP() << "needs root to load eBPF programs";
  const std::string root = cgroup2_root();
  if (root.empty()) GTEST_SKIP() << "no cgroup v2 hierarchy mounted";
  TempDir dir;
  const std::string name = "ember-many-" + std::to_string(getpid());
  TestCgroup cgroup(root, name);
  const std::string procs = root + "/" + name + "/cgroup.procs";
  const std::string pprof = dir.file("many.pb.gz");
  BackgroundRecording recording(dir, {"record", "--cgroup", "/" + name, "-d", "120s", "-F", "199",
                                      "--unwind", "dwarf", "-o", pprof, "--json"});
  const pid_t ember = recording.pid();
  ASSERT_GT(ember, 0);
  constexpr int kProcesses = 300, kAtOnce = 4;
  ProcessUse after_first{};
  for (int started = 0; started < kProcesses; started += kAtOnce) {
    std::vector<pid_t> children;
    for (int i = 0; i < kAtOnce; ++i)
      children.push_back(
          start_child({target_path("exec_image_one_nofp"), "0.05", dir.file("out")}, procs));
    for (pid_t child : children) ASSERT_EQ(wait_for(child), 0);
    if (started == 20) after_first = use_of(ember);
  }
  const ProcessUse at_end = use_of(ember);
  const CommandResult& result = recording.stop();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::cout << "ember after 20 processes: " << after_first.fds << " fds, peak RSS "
            << after_first.peak_rss_kb << " kB; after " << kProcesses << ": " << at_end.fds
            << " fds, peak RSS " << at_end.peak_rss_kb << " kB\n";
  // Descriptors grow with distinct files, not with processes.
  EXPECT_LT(at_end.fds, after_first.fds + 20);
  EXPECT_LT(at_end.peak_rss_kb, after_first.peak_rss_kb + 32 * 1024);

  // 300 x 50 ms of CPU at 199 Hz: about 3,000 samples, nearly all in the work function (the
  // rest is the loader's and libc's start-up).
  const std::string process = "-tagfocus=process=^exec_image_one_$";
  const double all = millis(pprof, {process});
  EXPECT_GT(all, 0.8 * kProcesses * 50);
  EXPECT_GT(millis(pprof, {process, "-focus=^first_image_work$"}), 0.9 * all);
  const nlohmann::json summary = nlohmann::json::parse(result.out);
  EXPECT_GT(summary["stats"]["stacks_reaching_root"].get<double>(),
            0.95 * summary["stats"]["stacks"].get<double>())
      << summary.dump(1);
}

}  // namespace
}  // namespace ember::test
