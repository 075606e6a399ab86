// A load test's latencies posted to a real emberd session: stalling_service under real hey
// load, whose background task holds the lock every handler needs for 1 s every 4 s and writes
// down when. The session's latency series must show those seconds as the slow ones; other users
// may neither post nor read it; bad input is one line and a 4xx; the Locust snippet posts its
// requests when a run stops.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "emberd_process.h"
#include "emberd_test_user.h"
#include "stalling_service_test.h"

namespace ember::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kSecond = 1'000'000'000;

class EmberdLatency : public StallingServiceTest {
 protected:
  std::string latency_path(const std::string& id) const {
    return "/api/sessions/" + id + "/latency";
  }

  server::HttpReply post_latency(const std::string& target, const std::string& body,
                                 const std::string& type = "text/csv") {
    return emberd.request("POST", target, body, {{"Content-Type", type}});
  }

  // A 4xx whose JSON error is one line, saying `what`.
  void expect_bad(const server::HttpReply& reply, int status, const std::string& what) {
    EXPECT_EQ(reply.status, status) << reply.body;
    auto error = json::parse(reply.body, nullptr, false);
    ASSERT_TRUE(error.is_object() && error["error"].is_string()) << reply.body;
    const std::string message = error["error"];
    EXPECT_THAT(message, HasSubstr(what));
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }

  EmberdProcess emberd;
};

TEST_F(EmberdLatency, HeysLatenciesShowTheTasksSecondsAsSlow) {
  const std::string id = emberd.start_session({{"pids", {service->pid()}}});
  ASSERT_FALSE(id.empty());
  const int64_t load_start = unix_nanos_now();
  const CommandResult hey = run({"hey", "-z", "9s", "-c", "8", "-o", "csv", service->url()});
  ASSERT_EQ(hey.exit_code, 0) << hey.err;
  const int64_t load_end = unix_nanos_now();
  ASSERT_EQ(emberd.post("/api/sessions/" + id + "/stop", "").status, 200);

  auto posted =
      post_latency(latency_path(id) + "?load_start_nanos=" + std::to_string(load_start), hey.out);
  ASSERT_EQ(posted.status, 201) << posted.body;
  auto read = emberd.get(latency_path(id));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.body, posted.body);
  const json latency = json::parse(read.body);

  // Every second of the load, with its percentiles in order; each request waits 20 ms.
  const json& seconds = latency["seconds"];
  ASSERT_GE(seconds.size(), 9u) << read.body;
  EXPECT_LE(seconds.size(), 12u) << read.body;
  double max_p99 = 0;
  for (const json& second : seconds) {
    EXPECT_GE(second["unix_second"].get<int64_t>(), load_start / kSecond);
    EXPECT_LE(second["unix_second"].get<int64_t>(), load_end / kSecond + 2);
    EXPECT_GT(second["requests"].get<int64_t>(), 0);
    const double p50 = second["p50_ms"], p95 = second["p95_ms"], p99 = second["p99_ms"];
    EXPECT_GE(p50, 20) << second.dump();
    EXPECT_LE(p50, p95);
    EXPECT_LE(p95, p99);
    max_p99 = std::max(max_p99, p99);
  }
  EXPECT_GE(max_p99, 500) << "requests waited through a 1 s hold";
  EXPECT_EQ(json::parse(emberd.get("/api/sessions/" + id).body)["latency_seconds"], seconds.size());

  // The slow seconds, by `ember slow`'s default rule, are the task's.
  const json& slow = latency["slow"];
  ASSERT_TRUE(slow.contains("windows")) << slow.dump();
  EXPECT_EQ(slow["percentile"], 99);
  EXPECT_GT(slow["threshold_ms"].get<double>(), slow["typical_ms"].get<double>());
  std::set<int64_t> slow_seconds, other_seconds;
  for (const json& window : slow["windows"])
    for (int64_t s = window[0]; s < window[1].get<int64_t>(); ++s) slow_seconds.insert(s);
  for (const json& window : slow["other_windows"])
    for (int64_t s = window[0]; s < window[1].get<int64_t>(); ++s) other_seconds.insert(s);
  // The series too, so that a second slow for no hold can be told from the others.
  expect_slow_seconds_are_holds(slow_seconds, service->holds(), load_start, load_end,
                                slow.dump() + " of " + seconds.dump());
  EXPECT_GE(other_seconds.size(), 3u) << slow.dump();
  EXPECT_EQ(slow_seconds.size() + other_seconds.size(), seconds.size()) << slow.dump();
}

TEST_F(EmberdLatency, LocustSnippetPostsEveryRequestWhenTheRunStops) {
  const std::string id = emberd.start_session({{"pids", {service->pid()}}});
  ASSERT_FALSE(id.empty());
  // A locustfile of the user's own that imports the snippet, as tools/loadtest says to.
  const std::string locustfile = dir.file("locustfile.py");
  std::ofstream(locustfile) << "import sys\n"
                               "sys.path.insert(0, '" EMBER_SOURCE_DIR
                               "/tools/loadtest')\n"
                               "import ember_locust  # noqa: F401\n"
                               "from locust import HttpUser, constant, task\n"
                               "class BackToBack(HttpUser):\n"
                               "    wait_time = constant(0)\n"
                               "    @task\n"
                               "    def lookup(self):\n"
                               "        self.client.get('/')\n";
  const CommandResult locust = run({"env", "EMBER_SESSION=" + id, "EMBER_SERVER=" + emberd.url(),
                                    "locust", "-f", locustfile, "--headless", "-u", "4", "-r", "4",
                                    "-t", "8s", "--host", service->url(), "--only-summary"});
  ASSERT_EQ(locust.exit_code, 0) << locust.err;
  EXPECT_THAT(locust.out + locust.err, Not(HasSubstr("ember latencies:"))) << "a refused post";

  auto read = emberd.get(latency_path(id));
  ASSERT_EQ(read.status, 200) << read.body << locust.err;
  const json latency = json::parse(read.body);
  ASSERT_GE(latency["seconds"].size(), 7u) << read.body;
  double max_p99 = 0;
  for (const json& second : latency["seconds"]) {
    EXPECT_GE(second["p50_ms"].get<double>(), 20) << second.dump();
    max_p99 = std::max(max_p99, second["p99_ms"].get<double>());
  }
  EXPECT_GE(max_p99, 500) << "requests waited through a 1 s hold: " << read.body;
  const json markers = json::parse(emberd.get("/api/sessions/" + id).body)["markers"];
  ASSERT_EQ(markers.size(), 2u) << markers.dump();
  EXPECT_EQ(markers[0]["label"], "locust start");
  EXPECT_EQ(markers[1]["label"], "locust end");
}

TEST_F(EmberdLatency, K6ScriptPostsTheRequestDurationsOnceK6Exits) {
  const std::string id = emberd.start_session({{"pids", {service->pid()}}});
  ASSERT_FALSE(id.empty());
  // k6 is not packaged here: a stand-in writes what k6's --out json writes (its documented
  // lines: metric definitions, and points of every metric), then fails as a run with failed
  // thresholds does.
  std::filesystem::create_directory(dir.file("bin"));
  const std::string k6 = dir.file("bin/k6");
  std::ofstream(k6) << R"(#!/bin/sh
for a; do case $a in json=*) out=${a#json=};; esac; done
now=$(date -u +%Y-%m-%dT%H:%M:%S)
point() { printf '{"type":"Point","data":{"time":"%s.%sZ","value":%s,"tags":{"status":"200"}},"metric":"%s"}
' "$now" "$1" "$2" "$3"; }
{
  echo '{"type":"Metric","data":{"type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"http_req_duration"}'
  point 100000000 21.5 http_req_duration
  point 200000000 1 http_reqs
  point 400000000 900 http_req_duration
} >"$out"
exit 99
)";
  std::filesystem::permissions(k6, std::filesystem::perms::owner_all);
  const CommandResult posted = run({"env", "PATH=" + dir.file("bin") + ":/usr/bin:/bin",
                                    "EMBER_SESSION=" + id, "EMBER_SERVER=" + emberd.url(), "sh",
                                    EMBER_SOURCE_DIR "/tools/loadtest/k6_latency.sh", "script.js"});
  EXPECT_EQ(posted.exit_code, 99) << "k6's status";
  EXPECT_THAT(posted.err, HasSubstr("posted the latencies of 2 requests"));

  auto read = emberd.get(latency_path(id));
  ASSERT_EQ(read.status, 200) << read.body << posted.err;
  const json latency = json::parse(read.body);
  double max_p99 = 0;
  for (const json& second : latency["seconds"])
    max_p99 = std::max(max_p99, second["p99_ms"].get<double>());
  EXPECT_EQ(max_p99, 900) << read.body;
}

TEST_F(EmberdLatency, BadInputIsOneLineAndKeepsWhatWasPosted) {
  const std::string id = emberd.start_session({{"pids", {service->pid()}}});
  ASSERT_FALSE(id.empty());
  const std::string target = latency_path(id);
  expect_bad(emberd.get(target), 404, "has no latencies");

  const int64_t now = unix_nanos_now() / kSecond;
  const std::string good = "unix_time_seconds,latency_ms\n" + std::to_string(now) + ".25,21\n" +
                           std::to_string(now) + ".5,23\n";
  ASSERT_EQ(post_latency(target, good).status, 201);

  expect_bad(post_latency(target, "GET / 200 OK\n"), 400, "unknown latency format");
  expect_bad(post_latency(target, ""), 400, "no latencies");
  expect_bad(post_latency(target,
                          "response-time,DNS+dialup,DNS,Request-write,Response-delay,"
                          "Response-read,status-code,offset\n0.021,0,0,0,0.02,0,200,0.5\n"),
             400, "load_start_nanos");
  expect_bad(post_latency(target, "unix_time_seconds,latency_ms\n1000000000,5\n"), 400,
             "outside this session");
  expect_bad(post_latency(target + "?load_start_nanos=soon", good), 400, "load_start_nanos");
  expect_bad(post_latency(target, good, "text/plain"), 415, "text/csv");
  expect_bad(post_latency(target, std::string(33 << 20, '1')), 413, "request body too large");
  // Other routes keep the server's 1 MiB.
  expect_bad(emberd.post("/api/sessions/" + id + "/markers", std::string(2 << 20, ' ')), 413,
             "request body too large");

  const json kept = json::parse(emberd.get(target).body);
  ASSERT_EQ(kept["seconds"].size(), 1u) << kept.dump();
  EXPECT_EQ(kept["seconds"][0]["unix_second"], now);
  EXPECT_EQ(kept["seconds"][0]["p99_ms"], 23);
}

TEST_F(EmberdLatency, AnotherUserMayNeitherPostNorRead) {
  TestUser user;
  ASSERT_TRUE(user.ok());
  const std::string id = emberd.start_session({{"pids", {service->pid()}}});
  ASSERT_FALSE(id.empty());
  const std::string url = emberd.url() + latency_path(id);
  const std::string body =
      "unix_time_seconds,latency_ms\n" + std::to_string(unix_nanos_now() / kSecond) + ",5\n";

  const CurlReply posted = curl_as(&user, {"-X", "POST", "-H", "X-Ember: 1", "-H",
                                           "Content-Type: text/csv", "--data-binary", body, url});
  EXPECT_EQ(posted.status, 403) << posted.body;
  EXPECT_THAT(posted.body, HasSubstr("belongs to another user"));
  EXPECT_EQ(emberd.get(latency_path(id)).status, 404) << "the refused post was kept";

  ASSERT_EQ(post_latency(latency_path(id), body).status, 201);
  const CurlReply read = curl_as(&user, {url});
  EXPECT_EQ(read.status, 403) << read.body;
  EXPECT_THAT(read.body, HasSubstr("belongs to another user"));
  EXPECT_EQ(read.body.find("unix_second"), std::string::npos);
}

}  // namespace
}  // namespace ember::test
