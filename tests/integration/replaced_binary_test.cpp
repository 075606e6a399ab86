// A service whose binary is replaced on disk while it runs (a deploy renames the new build over
// the old path) or deleted: its samples are named from the file it has mapped, which
// /proc/PID/map_files still reaches, never from whatever the path names now.
#include <gmock/gmock.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

// Waits until the shell has become the service (its executable is `path`), at most 5 s.
bool wait_for_exec(pid_t pid, const std::string& path) {
  const std::string exe = "/proc/" + std::to_string(pid) + "/exe";
  for (int i = 0; i < 500; ++i) {
    std::error_code error;
    if (std::filesystem::read_symlink(exe, error) == path) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

enum class Change { replaced, deleted };

struct ReplacedCase {
  std::string unwind;
  std::string variant;  // which build of the images: "fp" or "nofp"
  Change change;
};

class ReplacedBinary : public RootTest, public ::testing::WithParamInterface<ReplacedCase> {};

// exec_image_one and exec_image_two differ only in the work function's name (first_image_work,
// second_image_work): a frame read from the new file would carry the other name.
TEST_P(ReplacedBinary, NamesComeFromTheMappedFileNotThePath) {
  const ReplacedCase& param = GetParam();
  const std::string service = dir.file("service");
  std::filesystem::copy_file(target_path("exec_image_one_" + param.variant), service);
  // A shell that prints its PID and becomes the service, so the PID is the service's.
  BackgroundProcess target(
      {"sh", "-c", "echo $$; exec \"$0\" \"$@\"", service, "30", dir.file("seconds")});
  ASSERT_TRUE(wait_for_exec(target.pid(), service));
  if (param.change == Change::replaced) {
    const std::string next = dir.file("service.new");
    std::filesystem::copy_file(target_path("exec_image_two_" + param.variant), next);
    ASSERT_EQ(std::rename(next.c_str(), service.c_str()), 0);
  } else {
    ASSERT_EQ(unlink(service.c_str()), 0);
  }

  const std::string pprof = dir.file("service.pb.gz");
  const CommandResult result =
      run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "2s", "-F", "499",
                 "--unwind", param.unwind, "-o", pprof});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string output;
  auto rows = pprof_top(pprof, "samples", &output);
  ASSERT_FALSE(rows.empty()) << output;
  // ~1000 samples of one busy thread: nearly all in the work function, called from main.
  EXPECT_GT(rows["first_image_work"].cum_percent, 95.0) << output;
  EXPECT_GT(rows["main"].cum_percent, 95.0) << output;
  EXPECT_EQ(rows.count("second_image_work"), 0u) << output;
}

INSTANTIATE_TEST_SUITE_P(Deploys, ReplacedBinary,
                         ::testing::Values(ReplacedCase{"fp", "fp", Change::replaced},
                                           ReplacedCase{"dwarf", "nofp", Change::replaced},
                                           ReplacedCase{"fp", "fp", Change::deleted},
                                           ReplacedCase{"dwarf", "nofp", Change::deleted}),
                         [](const auto& info) {
                           return info.param.unwind +
                                  (info.param.change == Change::replaced ? "Replaced" : "Deleted");
                         });

}  // namespace
}  // namespace ember::test
