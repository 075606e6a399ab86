// The Go HTTP service (tests/targets/go_service), with and without its symbol table and DWARF,
// under real load (hey), profiled by `ember record --pid` while Go's own CPU profiler
// (net/http/pprof) records the same window; `go tool pprof` reads both files.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <regex>
#include <thread>

#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

// Go's profiler samples at 100 Hz: 40 s of a service that gets about 0.9 CPU here gives some
// 3600 samples, enough for a 3-point bound on shares near one half to be 3 sigma (checked).
constexpr char kSeconds[] = "40";

// Go's profiler folds the kernel's side of a sample into the user frame that entered it; the
// same view of ember's file hides its kernel frames (pprof matches -hide on mapping files too).
constexpr char kHideKernel[] = "-hide=^\\[kernel\\.kallsyms\\]$";
// Go's signal-driven profiler puts about a tenth of a busy service's samples at the first
// instruction of runtime.asyncPreempt: a goroutine its preemption signal has just pointed there
// and that has not run an instruction of it yet (seen here without ember too). That time
// belongs to the interrupted function, the frame below, as ember's samples show it.
constexpr char kHidePreemptEntry[] = "-hide=^runtime\\.asyncPreempt$";

struct Shares {
  std::map<std::string, PprofRow> rows;
  double samples = 0;
  std::string listing;
};

Shares shares_of(const std::string& file, std::vector<std::string> args) {
  args.insert(args.end(), {"-top", "-nodecount=100000", "-sample_index=samples"});
  Shares shares;
  shares.listing = pprof_output(args, file);
  shares.rows = pprof_rows(shares.listing);
  std::smatch match;
  if (std::regex_search(shares.listing, match, std::regex(R"(of ([0-9.]+) total)")))
    shares.samples = std::stod(match[1]);
  return shares;
}

// "host:port" the service wrote to `file`, once it listens; empty after 10 s.
std::string wait_for_address(const std::string& file) {
  for (int i = 0; i < 100; ++i) {
    std::string address;
    std::ifstream(file) >> address;
    if (!address.empty()) return address;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return {};
}

class GoService : public RootTest, public ::testing::WithParamInterface<const char*> {
 protected:
  void SetUp() override {
    RootTest::SetUp();
    if (IsSkipped()) return;
    if (!go_available()) GTEST_SKIP() << "go tool pprof is not installed";
    if (run({"sh", "-c", "command -v hey && command -v curl"}).exit_code != 0)
      GTEST_SKIP() << "hey or curl is missing (scripts/setup installs them)";
  }
};

TEST_P(GoService, EmberAndGosOwnProfilerSeeTheSameFunctions) {
  BackgroundProcess service({target_path(GetParam()), dir.file("address")});
  const std::string address = wait_for_address(dir.file("address"));
  ASSERT_FALSE(address.empty()) << GetParam() << " did not start";
  const std::string url = "http://" + address;
  // Steady load over both windows: ember's attach (loading its programs) and the end of both.
  BackgroundProcess load(
      {"sh", "-c", "echo $$; exec hey -z 48s -c 4 " + url + "/work >/dev/null 2>&1"});
  std::this_thread::sleep_for(std::chrono::seconds(2));

  const std::string go_file = dir.file("go.pb.gz"), ember_file = dir.file("ember.pb.gz");
  BackgroundProcess go_profile({"sh", "-c",
                                "echo $$; exec curl -sf -o " + go_file + " '" + url +
                                    "/debug/pprof/profile?seconds=" + kSeconds + "'"});
  auto recorded = run_ember({"record", "--pid", std::to_string(service.pid()), "-d",
                             std::string(kSeconds) + "s", "-F", "499", "-o", ember_file});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  ASSERT_EQ(go_profile.wait(), 0) << "Go's profiler answered nothing";

  const Shares go = shares_of(go_file, {kHidePreemptEntry});
  const Shares ember = shares_of(ember_file, {kHideKernel});
  ASSERT_GT(go.samples, 0) << go.listing;
  ASSERT_GT(ember.samples, 0) << ember.listing;

  // Flat overlap: the share of samples both put in the same function.
  double overlap = 0;
  for (const auto& [name, row] : go.rows) {
    auto it = ember.rows.find(name);
    if (it != ember.rows.end()) overlap += std::min(row.flat_percent, it->second.flat_percent);
  }
  std::printf("%s: %.0f Go samples, %.0f ember samples, flat overlap %.3f\n", GetParam(),
              go.samples, ember.samples, overlap / 100);
  EXPECT_GE(overlap / 100, 0.80) << "Go:\n" << go.listing << "\nember:\n" << ember.listing;

  // Inclusive shares of Go's top functions (by cumulative share, after the handler's callers
  // that every request shares), each within 3 points of Go's.
  std::vector<std::pair<std::string, PprofRow>> top(go.rows.begin(), go.rows.end());
  std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
    return a.second.cum_percent > b.second.cum_percent;
  });
  top.resize(std::min<size_t>(top.size(), 12));
  for (const auto& [name, row] : top) {
    const double p = row.cum_percent / 100;
    // Both are samples of one process's time: the difference's error has both counts in it.
    const double sigma = 100 * std::sqrt(p * (1 - p) * (1 / go.samples + 1 / ember.samples));
    const double measured = ember.rows.count(name) ? ember.rows.at(name).cum_percent : 0;
    std::printf("  %-50s Go %5.1f%%  ember %5.1f%%  (sigma %.2f points)\n", name.c_str(),
                row.cum_percent, measured, sigma);
    ASSERT_LE(3 * sigma, 3.0) << "too few samples for a 3-point check";
    EXPECT_NEAR(measured, row.cum_percent, 3.0) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Builds, GoService, ::testing::Values("go_service", "go_service_stripped"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace ember::test
