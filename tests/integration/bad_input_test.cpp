// Bad input gets one clear line and a non-zero exit; never a crash.
#include <gmock/gmock.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

class BadInput : public RootTest {};

// One line on stderr, naming the problem.
void expect_one_line_error(const CommandResult& result, const std::string& words) {
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr(words));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

pid_t unused_pid() {
  // A PID that just exited and was reaped.
  BackgroundProcess process({"true"});
  const pid_t pid = process.pid();
  process.wait();
  return pid;
}

TEST_F(BadInput, PidThatDoesNotExist) {
  expect_one_line_error(run_ember({"record", "--pid", std::to_string(unused_pid()), "-d", "1s",
                                   "-o", dir.file("x.pb.gz")}),
                        "does not exist");
}

TEST_F(BadInput, KernelThread) {
  expect_one_line_error(run_ember({"record", "--pid", "2", "-d", "1s", "-o", dir.file("x.pb.gz")}),
                        "kernel thread");
}

TEST_F(BadInput, CommandThatDoesNotExist) {
  expect_one_line_error(run_ember({"record", "-o", dir.file("x.pb.gz"), "--", "no-such-command-x"}),
                        "command not found");
  expect_one_line_error(run_ember({"record", "-o", dir.file("x.pb.gz"), "--", "/no/such/program"}),
                        "no such file");
}

TEST_F(BadInput, UnknownOutputFormatAndBadDuration) {
  BackgroundProcess target({target_path("cpu_split_fp"), "5", "1"});
  const std::string pid = std::to_string(target.pid());
  expect_one_line_error(run_ember({"record", "--pid", pid, "-o", dir.file("x.txt")}),
                        "unknown output format");
  expect_one_line_error(run_ember({"record", "--pid", pid, "-d", "soon"}), "invalid duration");
  expect_one_line_error(run_ember({"record"}), "--pid");
}

TEST_F(BadInput, NoPermissionToLoadBpf) {
  // The binary must be reachable by an unprivileged user: copy it somewhere everyone can read.
  const std::string binary = dir.file("ember");
  std::filesystem::copy_file(EMBER_BINARY, binary);
  chmod(dir.path().c_str(), 0755);
  chmod(binary.c_str(), 0755);
  auto result = run({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                     "--inh-caps=-all", binary, "record", "-o", "/tmp/x.pb.gz", "--", "true"});
  expect_one_line_error(result, "permission denied");
  EXPECT_THAT(result.err, HasSubstr("run ember as root"));
}

TEST_F(BadInput, UnknownOptionsAreUsageErrors) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"diff", "--bogus", "a.pb.gz", "b.pb.gz"},
        std::vector<std::string>{"record", "--frequency"}, std::vector<std::string>{"report"}}) {
    auto result = run_ember(args);
    EXPECT_EQ(result.exit_code, 2) << args[0] << ": " << result.err;
    EXPECT_FALSE(result.err.empty());
  }
  EXPECT_EQ(run_ember({"diff", "--help"}).exit_code, 0);
}

TEST_F(BadInput, ReportOfAFileThatIsNotAProfile) {
  const std::string path = dir.file("not-a-profile.pb.gz");
  std::ofstream(path) << "this is not a profile";
  expect_one_line_error(run_ember({"report", path}), "ember report:");
  expect_one_line_error(run_ember({"report", dir.file("missing.pb.gz")}), "ember report:");
}

}  // namespace
}  // namespace ember::test
