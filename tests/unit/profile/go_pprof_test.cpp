// Interoperability with the reference implementation: profiles written by Go's runtime/pprof
// are read, and `go tool pprof` reads what we write. Skipped where Go is not installed.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <sstream>

#include "command.h"
#include "ember/profile/operations.h"
#include "ember/profile/pprof.h"
#include "ember/profile/top_table.h"
#include "profile_printer.h"
#include "sample_profile.h"

namespace ember::profile {
namespace {

using testing::go_environment;
using testing::go_executable;
using testing::run_command;
using testing::TempDir;

// Must match gen_go_profile.go.
constexpr int64_t kGoBlockBytes = 100 * 4096;

class GoPprof : public ::testing::Test {
 protected:
  void SetUp() override {
    if (go_executable().empty()) GTEST_SKIP() << "go is not installed";
  }

  // `go ARGS` with a usable environment, output and exit code.
  testing::CommandResult go(const std::string& args) {
    return run_command(go_environment(dir_.path()) + "'" + go_executable() + "' " + args);
  }

  // `go tool pprof FLAGS` on `profile`, written to a file first.
  std::string pprof_output(const Profile& profile, const std::string& flags) {
    std::filesystem::path file = dir_.path() / "ours.pb.gz";
    Result<std::string> bytes = write_pprof(profile);
    EXPECT_TRUE(bytes.ok()) << bytes.error().message;
    testing::write_file(file, *bytes);
    testing::CommandResult r =
        go("tool pprof -symbolize=none " + flags + " '" + file.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return r.output;
  }

  // Runs testdata/gen_go_profile.go once per test; returns the directory holding its output.
  std::filesystem::path go_profiles() {
    testing::CommandResult r =
        go("run '" EMBER_PROFILE_TESTDATA "/gen_go_profile.go' '" + dir_.path().string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return dir_.path();
  }

  TempDir dir_;
};

const FunctionTotal* find_row(const TopTable& t, const std::string& name) {
  for (const FunctionTotal& e : t.entries)
    if (e.name == name) return &e;
  return nullptr;
}

// The rows of `pprof -top` output: name → {flat, cum}.
std::map<std::string, std::pair<int64_t, int64_t>> parse_top(const std::string& output) {
  std::map<std::string, std::pair<int64_t, int64_t>> rows;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string flat, flat_pct, sum_pct, cum, cum_pct, name;
    if (!(fields >> flat >> flat_pct >> sum_pct >> cum >> cum_pct)) continue;
    bool numeric = flat.find_first_not_of("0123456789") == std::string::npos &&
                   cum.find_first_not_of("0123456789") == std::string::npos;
    if (!numeric || flat_pct.back() != '%' || cum_pct.back() != '%') continue;
    std::getline(fields >> std::ws, name);
    // pprof marks functions it only saw inlined; the name is the same function.
    if (name.ends_with(" (inline)")) name.resize(name.size() - std::strlen(" (inline)"));
    rows[name] = {std::stoll(flat), std::stoll(cum)};
  }
  return rows;
}

TEST_F(GoPprof, ReadsGoAllocationProfile) {
  Result<Profile> p = read_pprof_file((go_profiles() / "allocs.pb.gz").string());
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_TRUE(validate(*p).ok());
  EXPECT_EQ(p->sample_types, (std::vector<ValueType>{{"alloc_objects", "count"},
                                                     {"alloc_space", "bytes"},
                                                     {"inuse_objects", "count"},
                                                     {"inuse_space", "bytes"}}));
  EXPECT_EQ(p->default_sample_type, "alloc_space");
  EXPECT_EQ(p->period_type, (ValueType{"space", "bytes"}));

  // Every allocation was sampled, so main.allocateBlocks holds at least what it allocated.
  TopTable top = top_table(*p, p->sample_type_index("alloc_space"));
  const FunctionTotal* blocks = find_row(top, "main.allocateBlocks");
  ASSERT_NE(blocks, nullptr);
  EXPECT_GE(blocks->flat, kGoBlockBytes);
  const FunctionTotal* main_fn = find_row(top, "main.main");
  ASSERT_NE(main_fn, nullptr);
  EXPECT_GE(main_fn->cum, blocks->cum);

  // Go labels heap samples with their object size.
  bool has_bytes_label = false;
  for (const Sample& s : p->samples)
    for (const Label& l : s.labels) has_bytes_label |= l.key == "bytes" && l.num > 0;
  EXPECT_TRUE(has_bytes_label);
}

TEST_F(GoPprof, ReadsGoCpuProfileAndWritesItBackIdentically) {
  Result<Profile> p = read_pprof_file((go_profiles() / "cpu.pb.gz").string());
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->sample_types,
            (std::vector<ValueType>{{"samples", "count"}, {"cpu", "nanoseconds"}}));
  EXPECT_EQ(p->period_type, (ValueType{"cpu", "nanoseconds"}));
  EXPECT_GT(p->period, 0);
  EXPECT_GT(p->time_nanos, 0);

  Result<std::string> bytes = write_pprof(*p);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  Result<Profile> again = read_pprof(*bytes);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, *p);
}

TEST_F(GoPprof, GoToolPprofTopAgreesWithOurTopTable) {
  Profile ours = testing::sample_profile();
  auto rows = parse_top(pprof_output(ours, "-top -nodefraction=0 -sample_index=samples"));
  TopTable expected = top_table(ours, 0);
  ASSERT_EQ(rows.size(), expected.entries.size());
  for (const FunctionTotal& e : expected.entries) {
    ASSERT_TRUE(rows.count(e.name)) << e.name << " missing from pprof -top";
    EXPECT_EQ(rows[e.name], std::make_pair(e.flat, e.cum)) << e.name;
  }
}

TEST_F(GoPprof, GoToolPprofRawShowsEverythingWeWrote) {
  std::string raw = pprof_output(testing::sample_profile(), "-raw");
  for (const char* expected :
       {"PeriodType: cpu nanoseconds", "Period: 10101010", "samples/count cpu/nanoseconds[dflt]",
        "handle(Request const&)", "/usr/bin/app", "0123abcd", "thread_name:[worker]", "tid:[101]",
        "recorded by a test", "ember.stat lost_samples=2"})
    EXPECT_NE(raw.find(expected), std::string::npos) << "missing \"" << expected << "\" in\n"
                                                     << raw;
}

}  // namespace
}  // namespace ember::profile
