// Targets beyond named processes: every process of a cgroup (--cgroup), and of the host (--all).
#include <gmock/gmock.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "pprof_tool.h"
#include "root_test.h"
#include "test_cgroup.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

double cpu_millis_of(const std::string& pprof, pid_t pid) {
  return pprof_total_millis(pprof, {"-sample_index=cpu", "-tagfocus=pid=" + std::to_string(pid)});
}

class TargetScope : public RootTest {};

TEST_F(TargetScope, CgroupFollowsItsProcessesAlsoOnesMovedInLaterAndNoOthers) {
  const std::string root = cgroup2_root();
  if (root.empty()) GTEST_SKIP() << "no cgroup v2 hierarchy mounted";
  const std::string name = "ember-test-" + std::to_string(getpid());
  const std::string pprof = dir.file("cgroup.pb.gz");
  CommandResult result;
  {
    TestCgroup cgroup(root, name);
    BackgroundProcess inside({target_path("cpu_split_fp"), "0", "1"});
    BackgroundProcess outside({target_path("cpu_split_fp"), "0", "1"});
    BackgroundProcess moved_later({target_path("cpu_split_fp"), "0", "1"});
    cgroup.move_in(inside.pid());
    // Named as /proc/PID/cgroup shows it, relative to the hierarchy's mount.
    std::thread recording([&] {
      result = run_ember(
          {"record", "--cgroup", "/" + name, "-d", "6s", "-F", "199", "-o", pprof, "--json"});
    });
    // Half-way through the recording (ember starts in well under a second).
    std::this_thread::sleep_for(std::chrono::seconds(3));
    cgroup.move_in(moved_later.pid());
    recording.join();
    ASSERT_EQ(result.exit_code, 0) << result.err;

    const double inside_ms = cpu_millis_of(pprof, inside.pid());
    const double later_ms = cpu_millis_of(pprof, moved_later.pid());
    // Three busy threads share two CPUs: each gets about 4 s of the 6.
    EXPECT_GT(inside_ms, 2500) << result.out;
    // Found in the kernel once it ran in the cgroup: about half of the other's time.
    EXPECT_GT(later_ms, 0.25 * inside_ms);
    EXPECT_LT(later_ms, 0.75 * inside_ms);
    EXPECT_EQ(cpu_millis_of(pprof, outside.pid()), 0);
  }
  const std::string top = pprof_output({"-top"}, pprof);
  EXPECT_THAT(top, HasSubstr("work_three"));
  // pprof names the profile after its first mapping: the executable of the cgroup's process.
  EXPECT_THAT(top, HasSubstr("File: cpu_split_fp\n"));
}

TEST_F(TargetScope, CgroupThatIsNoneIsOneClearLine) {
  for (const std::string& path : {std::string("/no/such/cgroup"), dir.path()}) {
    const CommandResult result =
        run_ember({"record", "--cgroup", path, "-d", "1s", "-o", dir.file("x.pb.gz")});
    EXPECT_NE(result.exit_code, 0);
    EXPECT_THAT(result.err, HasSubstr("cgroup"));
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

TEST_F(TargetScope, AllProcessesHasUnnamedProcessesAndNotEmberItself) {
  BackgroundProcess busy({target_path("cpu_split_fp"), "0", "1"});
  const std::string pprof = dir.file("all.pb.gz");
  // Through a shell that prints its PID and becomes ember, so ember's own PID is known.
  const CommandResult result = run({"sh", "-c", "echo $$; exec \"$0\" \"$@\"", EMBER_BINARY,
                                    "record", "--all", "-d", "3s", "-F", "199", "-o", pprof});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const pid_t ember_pid = std::stoi(result.out);
  // One busy thread on a machine of two CPUs: most of the 3 s.
  const double busy_ms = cpu_millis_of(pprof, busy.pid());
  EXPECT_GT(busy_ms, 1500);
  // Every sample names its process, so a host profile can be cut or grouped by process.
  EXPECT_GE(pprof_total_millis(pprof, {"-sample_index=cpu", "-tagfocus=process=^cpu_split_fp$"}),
            busy_ms);
  const std::string top = pprof_output({"-top"}, pprof);
  EXPECT_THAT(top, HasSubstr("work_three"));
  // The first mapping, which pprof names the profile after, is the first sampled process's
  // executable, not the kernel.
  EXPECT_THAT(top, HasSubstr("File: "));
  EXPECT_THAT(top, Not(HasSubstr("File: [kernel.kallsyms]")));
  // ember's threads (it unwinds and symbolizes while recording) are never its own target.
  EXPECT_EQ(cpu_millis_of(pprof, ember_pid), 0);
}

}  // namespace
}  // namespace ember::test
