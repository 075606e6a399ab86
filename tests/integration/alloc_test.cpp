// Allocation profiles (--mode alloc): a launched command's allocations sampled by the preloaded
// sampler, against the totals the target prints (tests/targets/alloc_split.c); and a live
// process's memory growth (tests/targets/memory_growth.c). Read through `go tool pprof`.
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

// What `go tool pprof` counts for the samples whose stacks pass through `function`, in the
// sample type `index` (alloc_space in bytes, alloc_objects in count).
double focused_total(const std::string& file, const std::string& index,
                     const std::string& function) {
  const std::string listing =
      pprof_output({"-top", "-sample_index=" + index, "-focus=^" + function + "$", "-unit=B",
                    "-nodecount=100000"},
                   file);
  // With every node shown, their flat values add up to what the focus kept.
  std::smatch match;
  if (!std::regex_search(listing, match, std::regex(R"(accounting for ([0-9.]+)(B|kB|MB|GB)?,)")))
    return -1;
  static const std::map<std::string, double> scale = {
      {"", 1}, {"B", 1}, {"kB", 1e3}, {"MB", 1e6}, {"GB", 1e9}};
  return std::stod(match[1]) * scale.at(match[2]);
}

// "NAME bytes=N objects=M" as the target prints it.
double printed(const std::string& out, const std::string& name, const std::string& what) {
  std::smatch match;
  if (!std::regex_search(out, match, std::regex(name + " bytes=([0-9]+) objects=([0-9]+)")))
    return -1;
  return std::stod(match[what == "bytes" ? 1 : 2]);
}

// alloc_split's true totals, and the estimates go tool pprof reads from ember's profile.
struct AllocEstimates {
  double one = -1, three = -1, objects = -1;  // what allocate_one and allocate_three allocated
  double estimated_one = -1, estimated_three = -1, estimated_objects = -1;
  nlohmann::json stats;
};

AllocEstimates record_alloc_split(const TempDir& dir, const std::vector<std::string>& options,
                                  const std::string& mib) {
  const std::string profile = dir.file("alloc.pb.gz");
  std::vector<std::string> argv = {"record", "--mode", "alloc", "-o", profile, "--json"};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.insert(argv.end(), {"--", target_path("alloc_split_nofp"), mib});
  auto result = run_ember(argv);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(pprof_output({"-raw"}, profile), HasSubstr("alloc_objects/count alloc_space/bytes"));
  AllocEstimates e;
  e.one = printed(result.out, "allocate_one", "bytes");
  e.three = printed(result.out, "allocate_three", "bytes");
  e.objects = printed(result.out, "allocate_one", "objects") +
              printed(result.out, "allocate_three", "objects");
  e.estimated_one = focused_total(profile, "alloc_space", "allocate_one");
  e.estimated_three = focused_total(profile, "alloc_space", "allocate_three");
  e.estimated_objects = focused_total(profile, "alloc_objects", "(allocate_one|allocate_three)");
  const size_t json = result.out.find('{');
  if (json != std::string::npos) e.stats = nlohmann::json::parse(result.out.substr(json))["stats"];
  return e;
}

class AllocSampling : public RootTest, public ::testing::WithParamInterface<const char*> {};

// The estimator at a fixed mean (no overhead limit): each pick weighed by its chance.
TEST_P(AllocSampling, EstimatesMatchTheTrueTotals) {
  const AllocEstimates e =
      record_alloc_split(dir, {"--unwind", GetParam(), "--alloc-max-overhead", "0"}, "1024");
  ASSERT_GT(e.one, 0);
  ASSERT_GT(e.estimated_one, 0);
  EXPECT_NEAR(e.estimated_three / e.estimated_one, 3.0, 0.3);
  // pprof prints 4 significant digits: far inside the tolerance.
  EXPECT_NEAR(e.estimated_one + e.estimated_three, e.one + e.three, (e.one + e.three) * 0.15);
  EXPECT_NEAR(e.estimated_objects, e.objects, e.objects * 0.15);
  // Stacks start at the allocation function the program called, not inside the sampler or in
  // the kernel's path of its marker system call.
  const std::string top =
      pprof_output({"-top", "-sample_index=alloc_space"}, dir.file("alloc.pb.gz"));
  EXPECT_THAT(top, ::testing::ContainsRegex("100% +100%[^\n]* malloc\n")) << top;
  EXPECT_THAT(top, ::testing::Not(HasSubstr("sample_slow")));
  EXPECT_THAT(top, ::testing::Not(HasSubstr("do_syscall_64")));
}

INSTANTIATE_TEST_SUITE_P(Unwind, AllocSampling, ::testing::Values("fp", "auto"));

// alloc_split allocates tens of GB/s: at the default mean, reporting every pick would take
// most of its time. Under an overhead limit its threads pick less often, and each pick carries
// the mean it was picked with, so the estimates stay unbiased, only noisier. The picks a run
// gets are set by the budget and the run's length: 128 GiB gives four to six thousand here (the
// ratio's standard deviation about 0.11 over repeated runs), so the tolerances below are more
// than four standard deviations; with 32 GiB (about 600 picks) the ratio strayed by 1.0.
TEST_F(AllocSampling, OverheadLimitRaisesTheMeanAndKeepsEstimatesUnbiased) {
  const AllocEstimates e = record_alloc_split(dir, {"--alloc-max-overhead", "10"}, "131072");
  ASSERT_GT(e.one, 0);
  ASSERT_GT(e.estimated_one, 0);
  EXPECT_GT(e.stats["alloc_sample_bytes_max"].get<int64_t>(),
            8 * e.stats["alloc_sample_bytes"].get<int64_t>())
      << e.stats;
  EXPECT_GT(e.stats["samples"].get<int64_t>(), 2000) << e.stats;
  EXPECT_NEAR(e.estimated_three / e.estimated_one, 3.0, 0.5);
  EXPECT_NEAR(e.estimated_one + e.estimated_three, e.one + e.three, (e.one + e.three) * 0.1);
}

class MemoryGrowth : public RootTest {};

TEST_F(MemoryGrowth, AttributesBytesToTheGrowingCallSites) {
  BackgroundProcess target({target_path("memory_growth_nofp"), "60", "2"});
  const std::string profile = dir.file("alloc.pb.gz");
  auto result = run_ember({"record", "--pid", std::to_string(target.pid()), "--mode", "alloc", "-d",
                           "3s", "-o", profile, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto stats = nlohmann::json::parse(result.out)["stats"];
  // 2 MiB per function every 100 ms: about 60 MiB each in 3 s.
  EXPECT_GT(stats["mapped_bytes"].get<double>(), 30e6);
  EXPECT_GT(stats["page_fault_bytes"].get<double>(), 60e6);

  const double all = focused_total(profile, "alloc_space", ".*");
  const double heap = focused_total(profile, "alloc_space", "grow_heap");
  const double mapped = focused_total(profile, "alloc_space", "map_memory");
  ASSERT_GT(all, 0);
  // The growth is theirs: brk and faults under grow_heap, mmap and faults under map_memory.
  EXPECT_GT((heap + mapped) / all, 0.9) << pprof_output({"-top"}, profile);
  EXPECT_GT(heap / all, 0.25);
  EXPECT_GT(mapped / all, 0.25);
  EXPECT_LT(focused_total(profile, "alloc_space", "idle_loop"), all * 0.01);
  const std::string traces = pprof_output({"-traces"}, profile);
  EXPECT_THAT(traces, HasSubstr("alloc_event:  mmap"));
  EXPECT_THAT(traces, HasSubstr("alloc_event:  page_fault"));
  EXPECT_THAT(traces, HasSubstr("alloc_event:  brk"));
}

}  // namespace
}  // namespace ember::test
