// A target that execs while its samples are still on their way through ember: every sample is
// resolved against the maps of the image it was taken in, not the image that follows.
#include <gmock/gmock.h>

#include <fstream>

#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

double read_seconds(const std::string& path) {
  std::ifstream in(path);
  double seconds = -1;
  in >> seconds;
  return seconds;
}

struct ExecCase {
  std::string unwind;
  std::string variant;  // which build of the images: "fp" or "nofp"
};

class Exec : public RootTest, public ::testing::WithParamInterface<ExecCase> {};

// The two images have the same code at the same addresses (`setarch -R` turns off address
// randomization, which exec inherits), so a sample of the first image resolved against the
// second's maps would be named second_image_work, and the shares would not match the CPU time
// each image measured.
TEST_P(Exec, EachSampleIsNamedFromTheImageItWasTakenIn) {
  const ExecCase& param = GetParam();
  const std::string pprof = dir.file("exec.pb.gz");
  const std::string one = dir.file("one"), two = dir.file("two");
  auto result =
      run_ember({"record", "-F", "999", "--unwind", param.unwind, "-o", pprof, "--", "setarch",
                 "x86_64", "-R", target_path("exec_image_one_" + param.variant), "1", one,
                 target_path("exec_image_two_" + param.variant), "1", two});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const double cpu_one = read_seconds(one), cpu_two = read_seconds(two);
  ASSERT_GT(cpu_one, 0.9);
  ASSERT_GT(cpu_two, 0.9);

  std::string output;
  auto rows = pprof_top(pprof, "samples", &output);
  ASSERT_FALSE(rows.empty()) << output;
  // Cumulative: spin() is inlined into each, and pprof gives the inlined frame the flat time.
  const double first = rows["first_image_work"].cum_percent;
  const double second = rows["second_image_work"].cum_percent;
  // ~2000 samples: a share's sampling error is about 1.1 points; 4 is over three of them.
  const double expected_first = 100 * cpu_one / (cpu_one + cpu_two);
  EXPECT_NEAR(first / (first + second) * 100, expected_first, 4.0) << output;
  EXPECT_GT(first + second, 90.0) << output;
  EXPECT_GT(rows["main"].cum_percent, 90.0) << output;
}

INSTANTIATE_TEST_SUITE_P(Unwinding, Exec,
                         ::testing::Values(ExecCase{"fp", "fp"}, ExecCase{"dwarf", "nofp"}),
                         [](const auto& info) { return info.param.unwind; });

}  // namespace
}  // namespace ember::test
