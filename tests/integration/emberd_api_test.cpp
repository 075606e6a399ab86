// emberd's session API against a real daemon and real targets: start, markers, windows,
// formats, sessions that end by themselves, delete.
#include <gmock/gmock.h>

#include <fstream>
#include <thread>

#include "emberd_process.h"
#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class EmberdApi : public RootTest {};

void sleep_seconds(double seconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(seconds * 1000)));
}

json profile_json(EmberdProcess& emberd, const std::string& id, const std::string& query = "") {
  auto reply = emberd.get("/api/sessions/" + id + "/profile" + query);
  EXPECT_EQ(reply.status, 200) << reply.body;
  return json::parse(reply.body);
}

TEST_F(EmberdApi, SessionWithMarkersServesWindowsAndFormats) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "2"});
  EmberdProcess emberd;
  const std::string id =
      emberd.start_session({{"pids", {target.pid()}}, {"frequency_hz", 199}, {"name", "api"}});
  ASSERT_FALSE(id.empty());

  sleep_seconds(1.5);
  auto ramp = emberd.post("/api/sessions/" + id + "/markers", R"({"label": "ramp-up"})");
  ASSERT_EQ(ramp.status, 201) << ramp.body;
  sleep_seconds(2.5);
  const int64_t steady_time = unix_nanos_now();
  auto steady = emberd.post("/api/sessions/" + id + "/markers",
                            json{{"label", "steady"}, {"time_nanos", steady_time}}.dump());
  ASSERT_EQ(steady.status, 201) << steady.body;
  EXPECT_EQ(json::parse(steady.body)["time_nanos"], steady_time);

  // A live profile, while it records.
  EXPECT_GT(cumulative_percent(profile_json(emberd, id), "work_three"), 40.0);
  sleep_seconds(2);

  auto stopped = emberd.post("/api/sessions/" + id + "/stop", "");
  ASSERT_EQ(stopped.status, 200) << stopped.body;
  const json session = json::parse(stopped.body);
  EXPECT_EQ(session["state"], "finished");
  EXPECT_EQ(session["name"], "api");
  ASSERT_EQ(session["markers"].size(), 2u);
  EXPECT_EQ(session["markers"][0]["label"], "ramp-up");
  EXPECT_EQ(session["markers"][1]["label"], "steady");
  EXPECT_GT(session["stats"]["samples"].get<int64_t>(), 0);
  const int64_t started = session["started_nanos"], ended = session["ended_nanos"];
  EXPECT_GT(ended, started);

  const json whole = profile_json(emberd, id);
  EXPECT_NEAR(cumulative_percent(whole, "work_three"), 50.0, 8.0);
  EXPECT_NEAR(cumulative_percent(whole, "work_one"), 16.7, 8.0);

  // Two windows split at the marker hold every sample between them, each inside its window.
  const std::string split = std::to_string(steady_time);
  const json before = profile_json(emberd, id, "?from=0&to=" + split);
  const json after = profile_json(emberd, id, "?from=" + split);
  EXPECT_GT(sample_count(before), 0);
  EXPECT_GT(sample_count(after), 0);
  EXPECT_EQ(sample_count(before) + sample_count(after), sample_count(whole));
  for (const auto& sample : after["samples"]) EXPECT_GE(sample["time"].get<int64_t>(), steady_time);
  for (const auto& sample : before["samples"])
    EXPECT_LT(sample["time"].get<int64_t>(), steady_time);
  EXPECT_NEAR(cumulative_percent(after, "work_three"), 50.0, 10.0);

  // The pprof download, read by go tool pprof.
  auto pprof = emberd.get("/api/sessions/" + id + "/profile?format=pprof&from=" + split);
  ASSERT_EQ(pprof.status, 200);
  EXPECT_THAT(pprof.header("content-disposition"), HasSubstr("attachment"));
  EXPECT_THAT(pprof.header("content-disposition"), HasSubstr(".pb.gz"));
  if (go_available()) {
    const std::string file = dir.file("window.pb.gz");
    std::ofstream(file, std::ios::binary) << pprof.body;
    std::string listing;
    auto rows = pprof_top(file, "samples", &listing);
    EXPECT_NEAR(rows["work_three"].cum_percent, 50.0, 10.0) << listing;
  }
  EXPECT_THAT(emberd.get("/api/sessions/" + id + "/profile?format=folded").body,
              HasSubstr("work_three"));
  EXPECT_TRUE(json::accept(emberd.get("/api/sessions/" + id + "/profile?format=speedscope").body));
  EXPECT_THAT(emberd.get("/api/sessions/" + id + "/profile?format=svg").body, HasSubstr("<svg"));
  EXPECT_THAT(emberd.get("/api/sessions/" + id + "/profile?format=html").body, HasSubstr("<html"));
}

TEST_F(EmberdApi, BadProfileParametersAre400) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "1"});
  EmberdProcess emberd;
  const std::string id = emberd.start_session({{"pids", {target.pid()}}});
  ASSERT_FALSE(id.empty());
  const std::string base = "/api/sessions/" + id + "/profile";
  for (const std::string query :
       {"?from=abc", "?from=-5", "?to=1e9", "?from=20&to=10", "?format=xml", "?mode=offcpu",
        "?from=%zz", "?to=99999999999999999999999"}) {
    auto reply = emberd.get(base + query);
    EXPECT_EQ(reply.status, 400) << query << ": " << reply.body;
    EXPECT_TRUE(json::parse(reply.body).contains("error")) << query;
  }
  EXPECT_EQ(emberd.get(base).status, 200);
}

TEST_F(EmberdApi, SessionEndsWhenItsTargetExits) {
  BackgroundProcess target({target_path("cpu_split_fp"), "2", "1"});
  EmberdProcess emberd;
  const std::string id = emberd.start_session({{"pids", {target.pid()}}});
  ASSERT_FALSE(id.empty());
  const json session = emberd.wait_until_ended(id, std::chrono::seconds(15));
  EXPECT_EQ(session["state"], "finished") << session.dump();
  EXPECT_GT(session["stats"]["samples"].get<int64_t>(), 0);
  // Kept with its data after it ended.
  EXPECT_GT(cumulative_percent(profile_json(emberd, id), "work_three"), 35.0);
}

TEST_F(EmberdApi, LaunchedCommandSessionEndsWithTheCommand) {
  EmberdProcess emberd;
  const std::string id = emberd.start_session(
      {{"command", {target_path("cpu_split_fp"), "2", "1"}}, {"duration_seconds", 30}});
  ASSERT_FALSE(id.empty());
  const json session = emberd.wait_until_ended(id, std::chrono::seconds(15));
  EXPECT_EQ(session["state"], "finished") << session.dump();
  EXPECT_GT(cumulative_percent(profile_json(emberd, id), "work_three"), 35.0);
}

TEST_F(EmberdApi, DurationEndsSessionAndSeveralRunAtOnce) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "1"});
  EmberdProcess emberd;
  const std::string first =
      emberd.start_session({{"pids", {target.pid()}}, {"duration_seconds", 2}});
  const std::string second = emberd.start_session({{"pids", {target.pid()}}});
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());
  const json list = json::parse(emberd.get("/api/sessions").body);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["id"], second);  // newest first
  EXPECT_EQ(emberd.wait_until_ended(first, std::chrono::seconds(10))["state"], "finished");
  EXPECT_EQ(json::parse(emberd.get("/api/sessions/" + second).body)["state"], "running");

  EXPECT_EQ(emberd.request("DELETE", "/api/sessions/" + second).status, 204);
  EXPECT_EQ(emberd.get("/api/sessions/" + second).status, 404);
  EXPECT_EQ(emberd.request("DELETE", "/api/sessions/" + second).status, 404);
  EXPECT_EQ(json::parse(emberd.get("/api/sessions").body).size(), 1u);
}

// One session, several modes: each its own profile, as the UI's mode switch shows them.
TEST_F(EmberdApi, SessionRecordsSeveralModesEachItsOwnProfile) {
  BackgroundProcess target({target_path("offcpu_threads_nofp"), "60"});
  EmberdProcess emberd;
  const std::string id = emberd.start_session(
      {{"pids", {target.pid()}}, {"modes", {"cpu", "offcpu", "lock"}}, {"duration_seconds", 2}});
  ASSERT_FALSE(id.empty());
  const json session = emberd.wait_until_ended(id, std::chrono::seconds(20));
  EXPECT_EQ(session["state"], "finished") << session;
  EXPECT_EQ(session["modes"],
            json::array({"cpu", "offcpu", "wakers", "lock", "lock_holders", "wall"}));

  const json cpu = profile_json(emberd, id, "?mode=cpu");
  const json offcpu = profile_json(emberd, id, "?mode=offcpu");
  const json wall = profile_json(emberd, id, "?mode=wall");
  EXPECT_GT(cumulative_percent(cpu, "busy_loop"), 50.0);
  // The sleeper waits all the time; it never runs long enough to be seen on-CPU.
  EXPECT_GT(cumulative_percent(offcpu, "sleeper_loop"), 10.0);
  EXPECT_GT(cumulative_percent(wall, "sleeper_loop"), 10.0);
  EXPECT_GT(cumulative_percent(wall, "busy_loop"), 10.0);
  EXPECT_TRUE(profile_json(emberd, id, "?mode=lock").contains("samples"));
  EXPECT_TRUE(profile_json(emberd, id, "?mode=lock_holders").contains("samples"));
  EXPECT_EQ(emberd.get("/api/sessions/" + id + "/profile?mode=alloc").status, 400);
}

TEST_F(EmberdApi, StartRefusesWhatCannotBeProfiled) {
  EmberdProcess emberd;
  for (const std::string body :
       {R"({"pids": [4000000]})", R"({"pids": [2]})", R"({"command": ["/no/such/program"]})",
        R"({"pids": [1], "command": ["true"]})", R"({})", R"({"pids": [1], "modes": ["gpu"]})",
        R"({"pids": [1], "frequency_hz": 0})", R"({"pids": "1"})",
        R"({"pids": [1], "duration_seconds": -1})", R"({"cgroup": "/no/such/cgroup"})",
        R"({"cgroup": 5})", R"({"all": "yes"})", R"({"all": true, "pids": [1]})",
        R"({"all": false})"}) {
    auto reply = emberd.post("/api/sessions", body);
    EXPECT_EQ(reply.status, 400) << body << ": " << reply.body;
    EXPECT_TRUE(json::parse(reply.body).contains("error")) << body;
  }
  EXPECT_EQ(json::parse(emberd.get("/api/sessions").body).size(), 0u);
}

// A session of every process: it runs for its duration (no target of its own to exit) and
// sees a process nobody named.
TEST_F(EmberdApi, AllProcessSessionSeesUnnamedProcesses) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "1"});
  EmberdProcess emberd;
  const std::string id = emberd.start_session({{"all", true}, {"duration_seconds", 2}});
  ASSERT_FALSE(id.empty());
  const json session = emberd.wait_until_ended(id, std::chrono::seconds(20));
  EXPECT_EQ(session["state"], "finished") << session;
  EXPECT_EQ(session["name"], "all processes");
  EXPECT_EQ(session["target"]["all"], true);
  EXPECT_GT(cumulative_percent(profile_json(emberd, id), "work_three"), 10.0);
}

TEST_F(EmberdApi, TargetsListUserProcessesOnly) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "1"});
  EmberdProcess emberd;
  auto reply = emberd.get("/api/targets");
  ASSERT_EQ(reply.status, 200);
  bool found_target = false;
  for (const auto& process : json::parse(reply.body)) {
    EXPECT_NE(process["pid"], 2) << "kthreadd is a kernel thread";
    if (process["pid"] == target.pid()) {
      found_target = true;
      EXPECT_EQ(process["name"], "cpu_split_fp");
      EXPECT_THAT(process["command_line"].get<std::string>(), HasSubstr("cpu_split_fp 0 1"));
      EXPECT_EQ(process["user"], "root");
    }
  }
  EXPECT_TRUE(found_target);
}

}  // namespace
}  // namespace ember::test
