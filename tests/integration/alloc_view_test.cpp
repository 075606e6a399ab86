// The allocator & GC view on real programs: a C program with a known malloc/free load (with
// and without frame pointers, unwound with DWARF CFI since Debian's libc has no frame
// pointers), a Go program that allocates heavily (frame pointers) and a Python program whose
// functions allocate in a known ratio (Python frames).
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "python_shares.h"
#include "python_test.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

constexpr char kNoCaller[] = "(no caller outside)";

// One category of the view: its share of all samples and its callers' shares.
struct Category {
  double share = 0;
  std::map<std::string, double> callers;
  double callers_starting(const std::string& prefix) const {
    double sum = 0;
    for (const auto& [name, share] : callers)
      if (name.starts_with(prefix)) sum += share;
    return sum;
  }
};

std::map<std::string, Category> categories(const nlohmann::json& view) {
  std::map<std::string, Category> out;
  const double total = view["total"].get<double>();
  for (const auto& row : view["categories"]) {
    Category& category = out[row["category"].get<std::string>()];
    category.share = row["value"].get<double>() / total;
    for (const auto& caller : row["callers"])
      category.callers[caller["function"].get<std::string>()] =
          caller["value"].get<double>() / total;
  }
  return out;
}

double memory_management_share(const std::map<std::string, Category>& view) {
  double sum = 0;
  for (const auto& [name, category] : view) sum += category.share;
  return sum;
}

std::string describe(const nlohmann::json& view) {
  return view.dump(1);
}

// Records `target` (running) for a few seconds and returns the --json summary's view.
nlohmann::json record_view(const TempDir& dir, const BackgroundProcess& target,
                           const std::string& unwind, const std::string& frequency = "499") {
  auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "-d", "3s", "-F", frequency,
                           "--unwind", unwind, "-o", dir.file("cpu.pb.gz"), "-o",
                           dir.file("cpu.html"), "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out)["top"]["alloc_gc"];
}

class AllocChurn : public RootTest, public ::testing::WithParamInterface<const char*> {};

// alloc_churn spends 75% of its CPU in churn_two and churn_one (2:1), which do little but
// malloc and free, and 25% in malloc_pool_take, which only computes.
TEST_P(AllocChurn, MallocTimeIsChargedToTheFunctionsThatCallMalloc) {
  BackgroundProcess target({target_path(GetParam()), "0"});
  const nlohmann::json json_view = record_view(dir, target, "dwarf");
  const auto view = categories(json_view);
  ASSERT_TRUE(view.contains("glibc malloc")) << describe(json_view);

  const double in_memory = memory_management_share(view);
  EXPECT_GT(view.at("glibc malloc").share, 0.45) << describe(json_view);
  EXPECT_GT(in_memory, 0.6) << describe(json_view);
  EXPECT_LT(in_memory, 0.8) << describe(json_view);
  double churn_two = 0, churn_one = 0;
  for (const auto& [name, category] : view) {
    churn_two += category.callers_starting("churn_two");
    churn_one += category.callers_starting("churn_one");
    EXPECT_EQ(category.callers.count("malloc_pool_take"), 0u) << name;
  }
  // Nearly all of it is charged to the two churning functions, 2:1.
  EXPECT_GT(churn_two + churn_one, 0.9 * in_memory) << describe(json_view);
  EXPECT_NEAR(churn_two / churn_one, 2.0, 0.5) << describe(json_view);

  // `ember report` shows the same view from the file; the HTML carries it per sample.
  auto report = run_ember({"report", dir.file("cpu.pb.gz"), "--json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_EQ(nlohmann::json::parse(report.out)["alloc_gc"], json_view);
  auto text = run_ember({"report", dir.file("cpu.pb.gz")});
  EXPECT_THAT(text.out, HasSubstr("Allocator & GC"));
  EXPECT_THAT(text.out, HasSubstr("  churn_two\n"));
  std::ifstream html(dir.file("cpu.html"));
  std::stringstream page;
  page << html.rdbuf();
  EXPECT_THAT(page.str(), HasSubstr("\"alloc_categories\":[\"glibc malloc\""));
  EXPECT_THAT(page.str(), HasSubstr("\"alloc\":["));
}

INSTANTIATE_TEST_SUITE_P(Targets, AllocChurn,
                         ::testing::Values("alloc_churn_fp", "alloc_churn_nofp"));

class GoAlloc : public RootTest {};

// go_alloc allocates from main.buildTree and main.fillBuffers: mallocgc time is charged to
// them; GC time to them (assists) or to no caller (the background mark workers).
TEST_F(GoAlloc, GcAndMallocgcTimeIsChargedToTheGoCallSites) {
  const std::string go_alloc = target_path("go_alloc");
  if (!std::filesystem::exists(go_alloc)) GTEST_SKIP() << "no Go toolchain: go_alloc not built";
  BackgroundProcess target({go_alloc, "0"});
  const nlohmann::json json_view = record_view(dir, target, "fp");
  const auto view = categories(json_view);
  ASSERT_TRUE(view.contains("Go GC") && view.contains("Go allocation (mallocgc)"))
      << describe(json_view);

  const Category& alloc = view.at("Go allocation (mallocgc)");
  EXPECT_GT(alloc.share, 0.1) << describe(json_view);
  EXPECT_GT(alloc.callers_starting("main.fillBuffers"), 0.0);
  EXPECT_GT(alloc.callers_starting("main.buildTree"), 0.0);
  EXPECT_GT(alloc.callers_starting("main."), 0.85 * alloc.share) << describe(json_view);

  const Category& gc = view.at("Go GC");
  EXPECT_GT(gc.share, 0.1) << describe(json_view);
  EXPECT_GT(gc.callers_starting("main."), 0.0) << "no GC assist charged to a Go call site";
  EXPECT_GT(gc.callers_starting("main.") + gc.callers_starting(kNoCaller), 0.85 * gc.share)
      << describe(json_view);
}

class PythonAlloc : public PythonTest {};

// With Python frames, pymalloc's and the collector's time is charged to the Python functions
// that allocate (churn_two, churn_one: 2:1 by the target's own clock), not to CPython's object
// constructors; compute, which allocates nothing, gets none of it.
TEST_F(PythonAlloc, AllocatorAndGcTimeIsChargedToThePythonFunctions) {
  BackgroundProcess target({kPython, python_target("alloc_churn.py"), "0"});
  // 3 s at 1999 Hz: about 6,000 samples, a fifth of them in memory management; the 2:1 ratio
  // of about 800 and 400 samples has a standard deviation of about 0.12.
  const nlohmann::json json_view = record_view(dir, target, "auto", "1999");
  const auto view = categories(json_view);
  ASSERT_TRUE(view.contains("CPython allocator (pymalloc)")) << describe(json_view);
  const double in_memory = memory_management_share(view);
  EXPECT_GT(in_memory, 0.1) << describe(json_view);
  double churn_two = 0, churn_one = 0;
  for (const auto& [name, category] : view) {
    churn_two += category.callers_starting("churn_two");
    churn_one += category.callers_starting("churn_one");
    EXPECT_EQ(category.callers.count("compute"), 0u) << name << "\n" << describe(json_view);
    EXPECT_EQ(category.callers_starting("Py"), 0.0) << name << "\n" << describe(json_view);
  }
  EXPECT_GT(churn_two + churn_one, 0.9 * in_memory) << describe(json_view);
  EXPECT_NEAR(churn_two / churn_one, 2.0, 0.5) << describe(json_view);
}

}  // namespace
}  // namespace ember::test
