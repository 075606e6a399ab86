// `ember mark`: load-test phase markers posted from the command line.
#include <gmock/gmock.h>

#include <fstream>

#include "emberd_process.h"
#include "root_test.h"

namespace ember::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class EmberdMark : public RootTest {};

TEST_F(EmberdMark, PostsMarkersToASession) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "1"});
  EmberdProcess emberd;
  const std::string id = emberd.start_session({{"pids", {target.pid()}}});
  ASSERT_FALSE(id.empty());

  auto now = run_ember({"mark", id, "ramp-up", "--server", emberd.url()});
  EXPECT_EQ(now.exit_code, 0) << now.err;
  EXPECT_THAT(now.out, HasSubstr("ramp-up"));
  auto at = run_ember(
      {"mark", id, "spike", "--server", emberd.url() + "/", "--time", "1700000000000000000"});
  EXPECT_EQ(at.exit_code, 0) << at.err;

  const json markers = json::parse(emberd.get("/api/sessions/" + id).body)["markers"];
  ASSERT_EQ(markers.size(), 2u);
  EXPECT_EQ(markers[0]["label"], "spike");  // in time order
  EXPECT_EQ(markers[0]["time_nanos"], 1700000000000000000);
  EXPECT_EQ(markers[1]["label"], "ramp-up");
  EXPECT_GT(markers[1]["time_nanos"].get<int64_t>(), 1700000000000000000);

  auto unknown = run_ember({"mark", "999", "x", "--server", emberd.url()});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_THAT(unknown.err, HasSubstr("no session '999'"));
  auto empty = run_ember({"mark", id, "", "--server", emberd.url()});
  EXPECT_NE(empty.exit_code, 0);
  EXPECT_THAT(empty.err, HasSubstr("label"));
}

TEST_F(EmberdMark, UsesTheTokenFile) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "1"});
  const std::string token = dir.file("token");
  std::ofstream(token) << "mark-token-42\n";
  EmberdProcess emberd({"--listen", "127.0.0.1:0", "--token-file", token});
  auto reply = emberd.post("/api/sessions", json{{"pids", {target.pid()}}}.dump(),
                           {{"Authorization", "Bearer mark-token-42"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  const std::string id = json::parse(reply.body)["id"];

  auto refused = run_ember({"mark", id, "steady", "--server", emberd.url()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("token"));
  auto marked = run_ember({"mark", id, "steady", "--server", emberd.url(), "--token-file", token});
  EXPECT_EQ(marked.exit_code, 0) << marked.err;
}

TEST(EmberdMarkErrors, SaysWhenNoDaemonAnswers) {
  auto result = run_ember({"mark", "1", "x", "--server", "http://127.0.0.1:1"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("is emberd running"));
  auto bad_url = run_ember({"mark", "1", "x", "--server", "https://example.com"});
  EXPECT_NE(bad_url.exit_code, 0);
  EXPECT_THAT(bad_url.err, HasSubstr("http://"));
}

}  // namespace
}  // namespace ember::test
