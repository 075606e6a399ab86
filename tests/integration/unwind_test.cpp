// Stacks through code without frame pointers: DWARF CFI unwinding of copied user stacks,
// checked against the target's own measurement of its CPU split and against perf.
#include <gmock/gmock.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "folded_stacks.h"
#include "perf_tool.h"
#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

const char* const kPaths[] = {"run_direct", "run_qsort", "run_std_sort"};

class Unwind : public RootTest {
 protected:
  // Records callback_split_nofp for `seconds` at 999 Hz (4 s: ~4000 samples, so sampling noise,
  // about 0.75 points, stays well inside a 3-point bound); returns ember's --json summary.
  nlohmann::json record(const std::string& unwind, const std::string& seconds) {
    auto result =
        run_ember({"record", "--unwind", unwind, "-F", "999", "-o", pprof(), "-o", folded(),
                   "--json", "--", target_path("callback_split_nofp"), seconds, measured()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out.substr(result.out.find('{')));
  }
  // The target's own CPU time per path, as shares (0..100) of their sum.
  std::map<std::string, double> measured_shares() {
    auto times = nlohmann::json::parse(std::ifstream(measured()));
    double total = 0;
    for (const char* path : kPaths) total += times[path].get<double>();
    std::map<std::string, double> shares;
    for (const char* path : kPaths) shares[path] = 100.0 * times[path].get<double>() / total;
    return shares;
  }
  std::string pprof() const { return dir.file("cb.pb.gz"); }
  std::string folded() const { return dir.file("cb.folded"); }
  std::string measured() const { return dir.file("measured.json"); }
};

double root_percent(const nlohmann::json& summary) {
  const double stacks = summary["stats"]["stacks"];
  return stacks ? 100.0 * summary["stats"]["stacks_reaching_root"].get<double>() / stacks : 0;
}

TEST_F(Unwind, DwarfSharesMatchTheTargetsOwnMeasurementWithinThreePoints) {
  auto summary = record("dwarf", "4");
  auto expected = measured_shares();
  std::string listing;
  auto rows = pprof_top(pprof(), "samples", &listing);
  for (const char* path : kPaths)
    EXPECT_NEAR(rows[path].cum_percent, expected[path], 3.0) << path << "\n" << listing;

  // The callbacks sit under the library code that calls them, under their real callers.
  auto stacks = read_folded(folded());
  EXPECT_TRUE(has_call_path(stacks, "run_qsort", "compare_in_qsort"));
  EXPECT_TRUE(has_call_path(stacks, "main", "run_qsort"));
  EXPECT_TRUE(has_call_path(stacks, "run_std_sort", "compare_in_std_sort"));
  EXPECT_TRUE(has_call_path(stacks, "_start", "spin_direct"));

  const double roots = root_percent(summary);
  std::cout << "ember --unwind dwarf: " << roots << "% of stacks reach a thread root\n";
  EXPECT_GE(roots, 99.0) << summary.dump(2);
}

TEST_F(Unwind, FramePointersAloneCannotWalkThroughThisTarget) {
  // The control: the same target with frame-pointer unwinding loses its callers, so the test
  // above is not passing by accident.
  auto summary = record("fp", "2");
  EXPECT_LT(root_percent(summary), 50.0);
}

TEST_F(Unwind, AutoModeIsAsGoodAsDwarfHere) {
  auto summary = record("auto", "2");
  EXPECT_GE(root_percent(summary), 99.0) << summary.dump(2);
  EXPECT_TRUE(has_call_path(read_folded(folded()), "run_qsort", "compare_in_qsort"));
}

TEST_F(Unwind, RootReachIsAtLeastPerfDwarfOnTheSameTarget) {
  if (!perf_available()) GTEST_SKIP() << "perf is not installed";
  const std::string perf_data = dir.file("perf.data");
  std::string perf_log;
  ASSERT_TRUE(perf_record({"-F", "199", "--call-graph", "dwarf"},
                          {target_path("callback_split_nofp"), "3", dir.file("perf-measured.json")},
                          perf_data, &perf_log))
      << perf_log;
  const double perf_roots = root_reaching_percent(perf_stacks(perf_data));
  const double ember_roots = root_percent(record("dwarf", "3"));
  std::cout << "stacks reaching a thread root: ember " << ember_roots
            << "%, perf --call-graph dwarf " << perf_roots << "%\n";
  // One sample is ~0.2 points here; startup (the dynamic loader mapping libraries) is where
  // either unwinder may lose one.
  EXPECT_GE(ember_roots, perf_roots - 0.5);
}

}  // namespace
}  // namespace ember::test
