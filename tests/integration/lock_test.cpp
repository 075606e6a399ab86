// Lock contention profiles of a target with a known contended mutex and a condition variable
// (tests/targets/lock_contention.cpp), checked through `go tool pprof`.
#include <gmock/gmock.h>

#include <fstream>
#include <regex>

#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The target's own measure of its waits around lock(), in milliseconds.
double measured_wait_millis(const std::string& result_file) {
  std::ifstream in(result_file);
  std::string line;
  std::getline(in, line);
  std::smatch match;
  if (!std::regex_search(line, match, std::regex(R"(wait_ns=([0-9]+))"))) return -1;
  return std::stod(match[1]) / 1e6;
}

class Lock : public RootTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(Lock, NamesTheMutexAndMatchesTheTargetsOwnWaits) {
  const std::string out = dir.file("out"), result = dir.file("result");
  auto recorded = run_ember({"record", "--mode", "lock", "--unwind", GetParam(), "--output-dir",
                             out, "--", target_path("lock_contention_nofp"), "3", result});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  const std::string lock = out + "/lock.pb.gz", holders = out + "/lock_holders.pb.gz";
  EXPECT_THAT(pprof_output({"-raw"}, lock), HasSubstr("contentions/count delay/nanoseconds"));

  // The contended waits: on ledger_mutex, classed as a mutex, under update_ledger, adding up
  // to what the contenders measured around lock().
  const double measured = measured_wait_millis(result);
  ASSERT_GT(measured, 100) << "the target saw no contention";
  EXPECT_NEAR(
      pprof_total_millis(lock, {"-tagfocus=lock=^ledger_mutex$", "-tagfocus=lock_class=^mutex$"}),
      measured, measured * 0.2);
  const std::string waiters = pprof_output({"-traces", "-tagfocus=lock=^ledger_mutex$"}, lock);
  EXPECT_THAT(waiters, HasSubstr("update_ledger"));
  EXPECT_THAT(waiters, HasSubstr("thread_name:  contender"));
  EXPECT_THAT(waiters, HasSubstr("lock_addr:"));

  // The condition variable's waits are waits for an event, named and apart from contention.
  const std::string condvar =
      pprof_output({"-traces", "-tagfocus=lock_class=condition variable"}, lock);
  EXPECT_THAT(condvar, HasSubstr("wait_for_work"));
  EXPECT_THAT(condvar, HasSubstr("queue_ready"));
  EXPECT_THAT(condvar, Not(HasSubstr("ledger_mutex")));
  EXPECT_GT(pprof_total_millis(lock, {"-tagfocus=lock_class=condition variable"}), 100);

  // The holder view: who released ledger_mutex to its waiters, inside update_ledger.
  const std::string released = pprof_output({"-traces", "-tagfocus=lock=^ledger_mutex$"}, holders);
  EXPECT_THAT(released, HasSubstr("update_ledger"));
  EXPECT_THAT(released, Not(HasSubstr("wait_for_work")));

  // The printed lock table leads with the mutex.
  EXPECT_THAT(recorded.out, HasSubstr("Locks by total wait"));
  EXPECT_THAT(recorded.out, HasSubstr("mutex               ledger_mutex"));
  auto report = run_ember({"report", lock});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_THAT(report.out, HasSubstr("ledger_mutex"));
  // ember report prints the lock table from the file's labels, as ember record did.
  EXPECT_THAT(report.out, HasSubstr("mutex               ledger_mutex"));

  // Waits end at the user-space call that waited, not at the kernel's syscall exit path that
  // every futex wait shares; pprof names the profile after the launched executable.
  EXPECT_THAT(pprof_output({"-top"}, lock), HasSubstr("File: lock_contention_nofp\n"));
  const PprofLeaf leaf = top_flat_location(lock, "delay");
  EXPECT_TRUE(leaf.in_user_space()) << leaf.line;
}

INSTANTIATE_TEST_SUITE_P(Unwind, Lock, ::testing::Values("dwarf", "auto"));

class LockRecord : public RootTest {};

TEST_F(LockRecord, NoContentionGivesAnEmptyLockProfile) {
  const std::string out = dir.file("out"), result = dir.file("result");
  auto recorded = run_ember({"record", "--mode", "lock", "--output-dir", out, "--",
                             target_path("lock_contention_nofp"), "2", result, "--no-contention"});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  // No lock contention at all. Other waits can still occur and are classed apart: a thread
  // join (a futex wait on the thread's id), or the kernel making two threads meet on one of its
  // own locks (page tables, the allocator's): real, rare and tiny.
  const std::string lock = out + "/lock.pb.gz";
  EXPECT_EQ(pprof_total_millis(lock, {"-tagfocus=lock_class=^(mutex|rwlock)$"}), 0);
  EXPECT_LT(pprof_total_millis(lock, {}), 5.0);
  EXPECT_THAT(recorded.out, Not(HasSubstr("ledger_mutex")));
}

}  // namespace
}  // namespace ember::test
