// What emberd lets a local user other than root do, tried as such a user would: an account made
// for the test, curl and `go tool pprof` run under its uid against an emberd started by root.
// Nobody gets more than the kernel would give them with ptrace and perf.
#include <gmock/gmock.h>
#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>

#include "emberd_process.h"
#include "emberd_test_user.h"
#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

int perf_event_paranoid() {
  std::ifstream file("/proc/sys/kernel/perf_event_paranoid");
  int level = 3;
  file >> level;
  return level;
}

// A refusal: 403 with one line of text/plain, flagged for `go tool pprof`.
void expect_refused(const CurlReply& reply, const std::string& what) {
  EXPECT_EQ(reply.status, 403) << what << ": " << reply.body;
  EXPECT_THAT(reply.content_type, StartsWith("text/plain")) << what;
  EXPECT_TRUE(reply.go_pprof) << what;
  EXPECT_EQ(std::count(reply.body.begin(), reply.body.end(), '\n'), 1)
      << what << ": " << reply.body;
}

class EmberdUsers : public RootTest {
 protected:
  void SetUp() override {
    RootTest::SetUp();
    if (IsSkipped()) return;
    user.emplace();
    ASSERT_TRUE(user->ok());
  }

  // METHOD TARGET as the test user (or as root when `as_root`), with what ember's clients send.
  CurlReply ask(const std::string& base, const std::string& method, const std::string& target,
                const std::string& body = "", bool as_root = false,
                std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"-X", method, "-H", "X-Ember: 1"};
    if (!body.empty())
      args.insert(args.end(), {"-H", "Content-Type: application/json", "--data-binary", body});
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(base + target);
    return curl_as(as_root ? nullptr : &*user, args);
  }

  // `go tool pprof` as the test user (or root), saving what it fetched from emberd's `path` as
  // `file`. pprof's own deadline, a few seconds past the recording, is too short on a busy
  // machine.
  CommandResult fetch_pprof(EmberdProcess& emberd, const std::string& path, const std::string& file,
                            bool as_root = false) {
    const std::vector<std::string> argv = {"go",     "tool",    "pprof", "-timeout=120",
                                           "-proto", "-output", file,    emberd.url() + path};
    if (!as_root) return user->run(argv);
    setenv("PPROF_TMPDIR", dir.path().c_str(), 1);
    return run(argv);
  }

  std::optional<TestUser> user;
};

std::string profile_path(int pid, int seconds) {
  return "/debug/pprof/profile?pid=" + std::to_string(pid) + "&seconds=" + std::to_string(seconds);
}

TEST_F(EmberdUsers, LaunchingACommandIsRefusedAndNothingRuns) {
  EmberdProcess emberd;
  // A file the command would write whether it ran as root or as the user.
  ASSERT_EQ(chmod(user->home().c_str(), 0777), 0);
  const std::string witness = user->home() + "/uid";
  const json launch = {{"command", {"/bin/sh", "-c", "id -u > " + witness}}};
  const CurlReply reply = ask(emberd.url(), "POST", "/api/sessions", launch.dump());
  expect_refused(reply, "a command launched for the user");
  EXPECT_THAT(reply.body, HasSubstr("launches commands for root only"));
  EXPECT_EQ(json::parse(emberd.get("/api/sessions").body).size(), 0u) << "a session was made";
  EXPECT_FALSE(std::filesystem::exists(witness)) << "the command ran";

  // Root launches as before, and the command runs as root.
  const std::string id = emberd.start_session(launch);
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(emberd.wait_until_ended(id, std::chrono::seconds(30))["state"], "finished");
  std::ifstream written(witness);
  std::string uid;
  written >> uid;
  EXPECT_EQ(uid, "0");
}

TEST_F(EmberdUsers, RootsProcessesAndSessionsAreRefused) {
  BackgroundProcess roots({target_path("cpu_split_fp"), "0", "1"});
  EmberdProcess emberd;
  const json attach = {{"pids", {roots.pid()}}};
  const CurlReply attached = ask(emberd.url(), "POST", "/api/sessions", attach.dump());
  expect_refused(attached, "attaching to a root process");
  EXPECT_THAT(attached.body, HasSubstr("may not read process " + std::to_string(roots.pid())));
  expect_refused(ask(emberd.url(), "GET", profile_path(roots.pid(), 1)), "root's pprof profile");
  // go tool pprof shows why.
  const CommandResult pprof =
      fetch_pprof(emberd, profile_path(roots.pid(), 1), user->home() + "/p");
  EXPECT_NE(pprof.exit_code, 0);
  EXPECT_THAT(pprof.out + pprof.err, HasSubstr("may not read process")) << pprof.err;
  EXPECT_FALSE(std::filesystem::exists(user->home() + "/p"));

  // Root's own session: invisible to the user, and out of reach.
  const std::string id = emberd.start_session(attach);
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(json::parse(ask(emberd.url(), "GET", "/api/sessions").body), json::array());
  const std::string session = "/api/sessions/" + id;
  expect_refused(ask(emberd.url(), "GET", session), "reading root's session");
  expect_refused(ask(emberd.url(), "GET", session + "/profile?format=pprof"), "its profile");
  expect_refused(ask(emberd.url(), "POST", session + "/markers", R"({"label": "x"})"), "marking");
  expect_refused(ask(emberd.url(), "POST", session + "/stop"), "stopping root's session");
  expect_refused(ask(emberd.url(), "DELETE", session), "removing root's session");
  const json still = json::parse(emberd.get(session).body);
  EXPECT_EQ(still["state"], "running");
  EXPECT_EQ(still["markers"].size(), 0u);
  EXPECT_EQ(emberd.post(session + "/stop", "").status, 200);
}

TEST_F(EmberdUsers, OwnProcessProfilesAndReadsBackInGoToolPprofAsRootsDoToo) {
  if (!go_available()) GTEST_SKIP() << "needs go";
  BackgroundProcess mine(user->command({target_path("cpu_split_fp"), "0", "2"}));
  BackgroundProcess roots({target_path("cpu_split_fp"), "0", "2"});
  EmberdProcess emberd;
  const std::string user_file = user->home() + "/mine.pb.gz";
  const CommandResult fetched = fetch_pprof(emberd, profile_path(mine.pid(), 2), user_file);
  ASSERT_EQ(fetched.exit_code, 0) << fetched.out << fetched.err;
  // Root, on the same daemon with no token, reads a root process as before.
  const std::string root_file = dir.file("roots.pb.gz");
  const CommandResult root_fetched =
      fetch_pprof(emberd, profile_path(roots.pid(), 2), root_file, true);
  ASSERT_EQ(root_fetched.exit_code, 0) << root_fetched.out << root_fetched.err;
  for (const std::string& file : {user_file, root_file}) {
    std::string listing;
    auto rows = pprof_top(file, "samples", &listing);
    // cpu_split's threads spend half their CPU time under work_three: the share of N samples
    // there is within four standard deviations (200 / sqrt(N) points) of 50%. A busy machine
    // leaves the target fewer samples, and the bound follows.
    std::smatch total;
    ASSERT_TRUE(std::regex_search(listing, total, std::regex(R"(Total samples = (\d+))")))
        << listing;
    const double samples = std::stod(total[1]);
    ASSERT_GE(samples, 16) << "too few samples to judge: " << listing;
    std::cout << file << ": " << samples << " samples, work_three "
              << rows["work_three"].cum_percent << "% (50 +- " << 200 / std::sqrt(samples) << ")\n";
    EXPECT_NEAR(rows["work_three"].cum_percent, 50.0, 200 / std::sqrt(samples)) << file << "\n"
                                                                                << listing;
    EXPECT_GT(rows["worker"].cum_percent, 90.0) << file << "\n" << listing;
  }
  // Each sees their own sessions; root sees all.
  const json own = json::parse(ask(emberd.url(), "GET", "/api/sessions").body);
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0]["target"]["pids"], json::array({mine.pid()}));
  EXPECT_EQ(json::parse(emberd.get("/api/sessions").body).size(), 2u);

  // The owner marks (with ember mark) and stops a session of their own.
  const CurlReply started =
      ask(emberd.url(), "POST", "/api/sessions", json{{"pids", {mine.pid()}}}.dump());
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string id = json::parse(started.body)["id"];
  const CommandResult marked =
      user->run({EMBER_BINARY, "mark", id, "steady", "--server", emberd.url()});
  EXPECT_EQ(marked.exit_code, 0) << marked.err;
  const CurlReply stopped = ask(emberd.url(), "POST", "/api/sessions/" + id + "/stop");
  EXPECT_EQ(stopped.status, 200) << stopped.body;
  const json session = json::parse(stopped.body);
  EXPECT_EQ(session["state"], "finished");
  ASSERT_EQ(session["markers"].size(), 1u);
  EXPECT_EQ(session["markers"][0]["label"], "steady");
}

TEST_F(EmberdUsers, KernelFramesAndHostWideModesAsPerfEventParanoidAllows) {
  if (!go_available()) GTEST_SKIP() << "needs go";
  const int level = perf_event_paranoid();
  BackgroundProcess mine(user->command({target_path("syscall_heavy_fp")}));
  EmberdProcess emberd;
  const std::string user_file = user->home() + "/user.pb.gz";
  const CommandResult fetched = fetch_pprof(emberd, profile_path(mine.pid(), 2), user_file);
  ASSERT_EQ(fetched.exit_code, 0) << fetched.out << fetched.err;
  const std::string root_file = dir.file("root.pb.gz");
  const CommandResult root_fetched =
      fetch_pprof(emberd, profile_path(mine.pid(), 2), root_file, true);
  ASSERT_EQ(root_fetched.exit_code, 0) << root_fetched.out << root_fetched.err;
  // The target lives in write(2): its kernel path shows for root, and for the user only below
  // level 2 ("no kernel profiling").
  auto kernel_write = [](const std::map<std::string, PprofRow>& rows) {
    return rows.contains("vfs_write") || rows.contains("ksys_write");
  };
  std::string user_listing, root_listing;
  const auto user_rows = pprof_top(user_file, "samples", &user_listing);
  const auto root_rows = pprof_top(root_file, "samples", &root_listing);
  EXPECT_TRUE(kernel_write(root_rows)) << root_listing;
  EXPECT_EQ(kernel_write(user_rows), level < 2) << "level " << level << "\n" << user_listing;
  ASSERT_TRUE(user_rows.contains("main")) << user_listing;
  EXPECT_GT(user_rows.at("main").cum_percent, 90.0) << user_listing;

  // The whole host and cgroups need CPU-wide events: below level 1 only.
  for (const json& wide : {json{{"all", true}}, json{{"cgroup", "/sys/fs/cgroup"}}}) {
    json body = wide;
    body["duration_seconds"] = 1;
    const CurlReply reply = ask(emberd.url(), "POST", "/api/sessions", body.dump());
    if (level >= 1) {
      expect_refused(reply, wide.dump());
      EXPECT_THAT(reply.body, HasSubstr("perf_event_paranoid is " + std::to_string(level)));
    } else {
      EXPECT_EQ(reply.status, 201) << reply.body;
    }
  }
}

TEST_F(EmberdUsers, EachUserMayRecordALimitedNumberOfSessionsAtOnce) {
  BackgroundProcess mine(user->command({target_path("cpu_split_fp"), "0", "1"}));
  BackgroundProcess roots({target_path("cpu_split_fp"), "0", "1"});
  EmberdProcess emberd({"--listen", "127.0.0.1:0", "--max-sessions-per-user", "1"});
  const std::string attach = json{{"pids", {mine.pid()}}}.dump();
  const CurlReply first = ask(emberd.url(), "POST", "/api/sessions", attach);
  ASSERT_EQ(first.status, 201) << first.body;
  const CurlReply second = ask(emberd.url(), "POST", "/api/sessions", attach);
  EXPECT_EQ(second.status, 429) << second.body;
  EXPECT_THAT(second.body, HasSubstr("the most one user may"));
  // Root is not held to it.
  EXPECT_FALSE(emberd.start_session({{"pids", {roots.pid()}}}).empty());
  const std::string id = json::parse(first.body)["id"];
  EXPECT_EQ(ask(emberd.url(), "POST", "/api/sessions/" + id + "/stop").status, 200);
  EXPECT_EQ(ask(emberd.url(), "POST", "/api/sessions", attach).status, 201);
}

TEST_F(EmberdUsers, AUnixSocketKnowsItsClientsByTheirCredentials) {
  BackgroundProcess mine(user->command({target_path("cpu_split_fp"), "0", "1"}));
  BackgroundProcess roots({target_path("cpu_split_fp"), "0", "1"});
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);  // the user reaches the socket inside
  const std::string socket = dir.file("emberd.sock");
  EmberdProcess emberd({"--listen", "unix:" + socket});
  ASSERT_EQ(emberd.unix_path(), socket);
  const std::vector<std::string> over = {"--unix-socket", socket};
  const std::string base = "http://localhost";
  expect_refused(
      ask(base, "POST", "/api/sessions", json{{"pids", {roots.pid()}}}.dump(), false, over),
      "a root process over the Unix socket");
  EXPECT_EQ(ask(base, "GET", profile_path(mine.pid(), 1), "", false, over).status, 200);
  const CurlReply root_session =
      ask(base, "POST", "/api/sessions",
          json{{"pids", {roots.pid()}}, {"duration_seconds", 1}}.dump(), true, over);
  EXPECT_EQ(root_session.status, 201) << root_session.body;
  EXPECT_EQ(json::parse(ask(base, "GET", "/api/sessions", "", false, over).body).size(), 1u);
  EXPECT_EQ(json::parse(ask(base, "GET", "/api/sessions", "", true, over).body).size(), 2u);
}

}  // namespace
}  // namespace ember::test
