// /debug/pprof/profile, mutex and allocs as Go's net/http/pprof serves them, and offcpu: `go tool
// pprof URL` works unchanged.
#include <gmock/gmock.h>
#include <stdlib.h>

#include <sstream>

#include "emberd_process.h"
#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using nlohmann::json;

class EmberdPprof : public RootTest {};

// The cum% of `function` in `go tool pprof -top` output ("flat flat% sum% cum cum% name"), or -1.
double cum_percent(const std::string& listing, const std::string& function) {
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string flat, flat_percent, sum_percent, cum, cum_percent, name;
    if (!(fields >> flat >> flat_percent >> sum_percent >> cum >> cum_percent >> name)) continue;
    if (name == function && cum_percent.ends_with('%')) return std::stod(cum_percent);
  }
  return -1;
}

// `go tool pprof -top -nodecount=1000 ARGS` on what emberd's `path` answers for `pid` after
// 2 seconds (go tool pprof keeps a copy of what it fetched: in `dir`, not $HOME). Only the
// table's rows are read: go tool pprof also reports on stderr what it fetched.
std::string pprof_top_of(EmberdProcess& emberd, const TempDir& dir, const std::string& path,
                         int pid, std::vector<std::string> args) {
  setenv("PPROF_TMPDIR", dir.path().c_str(), 1);
  args.insert(args.begin(), {"-top", "-nodecount=1000"});
  return pprof_output(args, emberd.url() + path + "?pid=" + std::to_string(pid) + "&seconds=2");
}

TEST_F(EmberdPprof, GoToolPprofReadsTheProfileEndpoint) {
  if (!go_available()) GTEST_SKIP() << "needs go";
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "2"});
  EmberdProcess emberd;
  const std::string listing =
      pprof_top_of(emberd, dir, "/debug/pprof/profile", target.pid(), {"-sample_index=samples"});
  EXPECT_NEAR(cum_percent(listing, "work_three"), 50.0, 8.0) << listing;
  EXPECT_GT(cum_percent(listing, "worker"), 90.0) << listing;
  // pprof names the profile after mapping 1: the target's executable (as Go's profiles have it).
  EXPECT_NE(listing.find("File: cpu_split_fp\n"), std::string::npos) << listing;
  // The recording is a session like any other, listed afterwards.
  const json sessions = json::parse(emberd.get("/api/sessions").body);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0]["state"], "finished");
}

TEST_F(EmberdPprof, GoToolPprofReadsTheMutexEndpoint) {
  if (!go_available()) GTEST_SKIP() << "needs go";
  // Long enough to outlive emberd's start and the recording on a busy machine; killed after.
  BackgroundProcess target({target_path("lock_contention_nofp"), "20", dir.file("result")});
  EmberdProcess emberd;
  // Go's mutex profile names; every wait on the global mutex comes from its contending function
  // (percentages are of the whole profile, condition variable waits included).
  const std::string listing =
      pprof_top_of(emberd, dir, "/debug/pprof/mutex", target.pid(),
                   {"-sample_index=delay", "-tagfocus=lock=^ledger_mutex$"});
  const double in_update = cum_percent(listing, "update_ledger()");
  EXPECT_GT(in_update, 30.0) << listing;
  EXPECT_NEAR(in_update, cum_percent(listing, "start_thread"), 0.5) << listing;
  EXPECT_NE(listing.find("File: lock_contention_nofp\n"), std::string::npos) << listing;
  const json sessions = json::parse(emberd.get("/api/sessions").body);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0]["modes"], json::array({"lock", "lock_holders"}));
}

TEST_F(EmberdPprof, GoToolPprofReadsTheOffCpuEndpoint) {
  if (!go_available()) GTEST_SKIP() << "needs go";
  BackgroundProcess target({target_path("offcpu_threads_nofp"), "60"});
  EmberdProcess emberd;
  // The sleeper thread waits all the time, under its loop (percentages are of the whole
  // profile: five threads wait, so about a fifth).
  const std::string listing =
      pprof_top_of(emberd, dir, "/debug/pprof/offcpu", target.pid(),
                   {"-sample_index=offcpu", "-tagfocus=thread_name=^sleeper$"});
  const double in_loop = cum_percent(listing, "sleeper_loop");
  EXPECT_GT(in_loop, 10.0) << listing;
  EXPECT_NEAR(in_loop, cum_percent(listing, "start_thread"), 0.5) << listing;
  const json sessions = json::parse(emberd.get("/api/sessions").body);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0]["modes"], json::array({"offcpu", "wakers"}));
}

TEST_F(EmberdPprof, GoToolPprofReadsTheAllocsEndpoint) {
  if (!go_available()) GTEST_SKIP() << "needs go";
  BackgroundProcess target({target_path("memory_growth_nofp"), "60", "2"});
  EmberdProcess emberd;
  // A live process: its memory growth, by the call sites that grow the heap and map memory.
  const std::string listing =
      pprof_top_of(emberd, dir, "/debug/pprof/allocs", target.pid(), {"-sample_index=alloc_space"});
  EXPECT_GT(cum_percent(listing, "grow_heap") + cum_percent(listing, "map_memory"), 90.0)
      << listing;
  const json sessions = json::parse(emberd.get("/api/sessions").body);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0]["modes"], json::array({"alloc"}));
}

TEST_F(EmberdPprof, BlocksForTheSecondsAsked) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "1"});
  EmberdProcess emberd;
  const auto begin = std::chrono::steady_clock::now();
  auto reply = emberd.get("/debug/pprof/profile?seconds=2&pid=" + std::to_string(target.pid()));
  const auto took = std::chrono::steady_clock::now() - begin;
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_GE(took, std::chrono::milliseconds(1900));
  EXPECT_LT(took, std::chrono::seconds(10));
  EXPECT_EQ(reply.header("content-type"), "application/octet-stream");
  ASSERT_GE(reply.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(reply.body[0]), 0x1f);  // gzip
  EXPECT_EQ(static_cast<unsigned char>(reply.body[1]), 0x8b);
}

TEST_F(EmberdPprof, BadParameters) {
  EmberdProcess emberd;
  for (const std::string query :
       {"", "?pid=abc", "?pid=0", "?pid=1&seconds=0", "?pid=1&seconds=3601", "?pid=1&seconds=1.5",
        "?pid=4000000&seconds=1"}) {
    for (const std::string path : {"/debug/pprof/profile", "/debug/pprof/offcpu",
                                   "/debug/pprof/mutex", "/debug/pprof/allocs"}) {
      auto reply = emberd.get(path + query);
      EXPECT_EQ(reply.status, 400) << path << query << ": " << reply.body;
      EXPECT_TRUE(json::parse(reply.body).contains("error")) << path << query;
    }
  }
}

}  // namespace
}  // namespace ember::test
