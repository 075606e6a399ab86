// `ember report` and `ember convert` on recorded profiles.
#include <gmock/gmock.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "folded_stacks.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

class Report : public RootTest {
 protected:
  void SetUp() override {
    RootTest::SetUp();
    if (IsSkipped()) return;
    BackgroundProcess target({target_path("cpu_split_fp"), "0", "1"});
    // 999 Hz: ~2000 samples, so sampling noise (about 1.1 points) stays well inside the bounds.
    auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "2s", "-F",
                             "999", "-o", profile_path()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  std::string profile_path() const { return dir.file("cpu.pb.gz"); }
};

TEST_F(Report, TopTablesRankTheHottestFunctionFirst) {
  auto result = run_ember({"report", profile_path(), "--top", "3"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Top functions by self (flat) value:"));
  EXPECT_THAT(result.out, HasSubstr("Top functions by cumulative value:"));

  auto json = nlohmann::json::parse(run_ember({"report", profile_path(), "--json"}).out);
  // The loop inlined into every work function is where the samples land (inline frames are
  // functions of their own); work_three holds half of them.
  EXPECT_EQ(json["flat"][0]["function"], "spin");
  double work_three_share = 0;
  for (const auto& row : json["cum"])
    if (row["function"] == "work_three")
      work_three_share = row["cum"].get<double>() / json["total"].get<double>();
  EXPECT_NEAR(work_three_share, 0.5, 0.05);
  EXPECT_EQ(json["sample_type"], "cpu");
  EXPECT_GT(json["stats"]["samples"].get<int>(), 0);

  auto by_samples = nlohmann::json::parse(
      run_ember({"report", profile_path(), "--json", "--sample-index", "samples"}).out);
  EXPECT_EQ(by_samples["unit"], "count");
}

TEST_F(Report, ConvertWritesEveryFormat) {
  for (const char* name : {"out.folded", "out.speedscope.json", "out.svg", "out.html"}) {
    auto result = run_ember({"convert", profile_path(), dir.file(name)});
    ASSERT_EQ(result.exit_code, 0) << name << ": " << result.err;
    EXPECT_GT(std::filesystem::file_size(dir.file(name)), 100u) << name;
  }
  EXPECT_NEAR(stack_percent(read_folded(dir.file("out.folded")), "work_three"), 50.0, 5.0);
}

}  // namespace
}  // namespace ember::test
