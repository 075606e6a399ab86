// /debug/pprof/profile as Go's net/http/pprof serves it: `go tool pprof URL` works unchanged.
#include <gmock/gmock.h>
#include <stdlib.h>

#include <sstream>

#include "emberd_process.h"
#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

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

TEST_F(EmberdPprof, GoToolPprofReadsTheProfileEndpoint) {
  if (!go_available()) GTEST_SKIP() << "needs go";
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "2"});
  EmberdProcess emberd;
  // go tool pprof keeps a copy of what it fetched: in the test's directory, not $HOME.
  setenv("PPROF_TMPDIR", dir.path().c_str(), 1);
  const std::string url =
      emberd.url() + "/debug/pprof/profile?pid=" + std::to_string(target.pid()) + "&seconds=2";
  // go tool pprof also reports on stderr what it fetched: only the table's rows are read.
  const std::string listing =
      pprof_output({"-top", "-nodecount=1000", "-sample_index=samples"}, url);
  EXPECT_NEAR(cum_percent(listing, "work_three"), 50.0, 8.0) << listing;
  EXPECT_GT(cum_percent(listing, "worker"), 90.0) << listing;
  // The recording is a session like any other, listed afterwards.
  const json sessions = json::parse(emberd.get("/api/sessions").body);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0]["state"], "finished");
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

TEST_F(EmberdPprof, BadParametersAndMissingModes) {
  EmberdProcess emberd;
  for (const std::string query :
       {"", "?pid=abc", "?pid=0", "?pid=1&seconds=0", "?pid=1&seconds=3601", "?pid=1&seconds=1.5",
        "?pid=4000000&seconds=1"}) {
    auto reply = emberd.get("/debug/pprof/profile" + query);
    EXPECT_EQ(reply.status, 400) << query << ": " << reply.body;
    EXPECT_TRUE(json::parse(reply.body).contains("error")) << query;
  }
  for (const std::string path :
       {"/debug/pprof/offcpu", "/debug/pprof/mutex", "/debug/pprof/allocs"}) {
    auto reply = emberd.get(path + "?pid=1&seconds=1");
    EXPECT_EQ(reply.status, 501) << path;
    EXPECT_THAT(reply.body, HasSubstr("not implemented yet"));
  }
}

}  // namespace
}  // namespace ember::test
