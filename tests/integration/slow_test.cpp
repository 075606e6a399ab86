// `ember record --load` and `ember slow` on a service whose latency rises for a known reason at
// known times: stalling_service's background task, rebuild_index, holds the lock every handler
// needs for 1 s every 6 s, and writes down when. The load is real (hey, Locust); its latencies
// must show those seconds, and the profile what ran in them.
#include <gmock/gmock.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pprof_tool.h"
#include "stalling_service_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kSecond = 1'000'000'000;

class Slow : public StallingServiceTest {
 protected:
  static nlohmann::json slow_json(const std::string& profile, const std::string& latency) {
    auto result = run_ember({"slow", profile, "--latency", latency, "--json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.exit_code == 0 ? nlohmann::json::parse(result.out) : nlohmann::json();
  }
};

TEST_F(Slow, HeysSlowSecondsAreTheTasksAndItsFunctionAndLockComeFirst) {
  const std::string out = dir.file("out");
  auto recorded =
      run_ember({"record", "--pid", std::to_string(service->pid()), "--mode", "cpu,lock", "--load",
                 "hey -z 9s -c 8 -o csv " + service->url(), "--output-dir", out});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  EXPECT_THAT(recorded.out, HasSubstr("Load latency per second"));
  const std::string latency = out + "/latency.csv";

  nlohmann::json cpu = slow_json(out + "/cpu.pb.gz", latency);
  ASSERT_TRUE(cpu.is_object());
  std::set<int64_t> slow;
  for (const auto& window : cpu["slow_windows"])
    for (int64_t s = window[0]; s < window[1].get<int64_t>(); ++s) slow.insert(s);

  // The load's span: latency.csv's first and last request.
  std::ifstream rows(latency);
  std::string line;
  std::getline(rows, line);
  double first = 0, last = 0;
  for (double time, ms; std::getline(rows, line);) {
    std::istringstream(line) >> time;
    std::sscanf(line.c_str(), "%lf,%lf", &time, &ms);
    if (first == 0) first = time;
    last = time;
  }
  expect_slow_seconds_are_holds(slow, service->holds(), std::llround(first * kSecond),
                                std::llround(last * kSecond), cpu.dump());

  ASSERT_FALSE(cpu["changes"].empty()) << cpu.dump();
  EXPECT_THAT(cpu["changes"][0]["function"].get<std::string>(), HasSubstr("rebuild_index"))
      << cpu["changes"].dump(1);
  EXPECT_GT(cpu["changes"][0]["change_pts"].get<double>(), 50) << cpu["changes"].dump(1);

  nlohmann::json lock = slow_json(out + "/lock.pb.gz", latency);
  ASSERT_TRUE(lock.is_object());
  ASSERT_FALSE(lock["locks"].empty()) << lock.dump();
  EXPECT_EQ(lock["locks"][0]["lock"], "index_mutex") << lock["locks"].dump(1);
  EXPECT_EQ(lock["slow_windows"], cpu["slow_windows"]);

  // pprof reads the files, sample times and all.
  EXPECT_THAT(pprof_output({"-top"}, out + "/cpu.pb.gz"), HasSubstr("rebuild_index"));
  EXPECT_THAT(pprof_output({"-tags"}, out + "/cpu.pb.gz"), HasSubstr("time_unix_nanos"));

  auto page =
      run_ember({"slow", out + "/cpu.pb.gz", "--latency", latency, "-o", dir.file("slow.html")});
  EXPECT_EQ(page.exit_code, 0) << page.err;
  EXPECT_THAT(page.out, HasSubstr("Slow seconds: p99 above"));
  EXPECT_TRUE(std::filesystem::file_size(dir.file("slow.html")) > 0);
}

TEST_F(Slow, LocustsHistoryIsTheSameSeries) {
  // Locust's percentiles are over its last 10 s: with 1 s holds every 2 s, over 1% of those
  // requests waited through one, so its p99 shows them.
  StallingService busier(dir, "busier", 1000, 2000);
  ASSERT_GT(busier.port(), 0);
  const std::string out = dir.file("out"), prefix = dir.file("locust");
  // Debian's Locust flushes its history every 10 s, and not at exit: 12 s keep about 10.
  auto recorded = run_ember(
      {"record", "--pid", std::to_string(busier.pid()), "--output-dir", out, "--load",
       "locust -f " EMBER_SOURCE_DIR "/tests/targets/locustfile.py --headless -u 4 -r 4 -t 12s "
       "--host " +
           busier.url() + " --csv " + prefix + " --only-summary"});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  // Locust's own per-second percentiles are in latency.csv as it wrote them.
  std::ifstream in(out + "/latency.csv");
  std::string header, line;
  std::getline(in, header);
  EXPECT_EQ(header, "unix_time_seconds,p50_ms,p95_ms,p99_ms");
  double max_p99 = 0;
  int seconds = 0;
  for (; std::getline(in, line); ++seconds) {
    long long second;
    double p50, p95, p99;
    ASSERT_EQ(std::sscanf(line.c_str(), "%lld,%lf,%lf,%lf", &second, &p50, &p95, &p99), 4) << line;
    EXPECT_GE(p50, 20) << line;  // each request waits 20 ms downstream
    max_p99 = std::max(max_p99, p99);
  }
  // One row per Aggregated row of Locust's history that has percentiles.
  std::ifstream history(prefix + "_stats_history.csv");
  int aggregated = 0;
  while (std::getline(history, line))
    aggregated +=
        line.find(",Aggregated,") != std::string::npos && line.find("N/A") == std::string::npos;
  EXPECT_EQ(seconds, aggregated);
  EXPECT_GE(seconds, 5);
  EXPECT_GE(max_p99, 900);  // the requests that waited through a 1 s hold
}

TEST_F(Slow, BadInputGetsOneLineAndExitTwo) {
  const std::string out = dir.file("out");
  // A load that fails at once: the profile is still written, the status reported.
  // 5 s: the task runs in them, so the profile has samples.
  auto recorded = run_ember({"record", "--pid", std::to_string(service->pid()), "-d", "5s",
                             "--load", "echo no requests; exit 3", "--output-dir", out});
  EXPECT_EQ(recorded.exit_code, 2) << recorded.err;  // and it gave no latencies
  EXPECT_THAT(recorded.err, HasSubstr("the --load command exited with status 3"));
  EXPECT_THAT(recorded.err, HasSubstr("unknown latency format"));
  EXPECT_TRUE(std::filesystem::exists(out + "/cpu.pb.gz"));
  const std::string profile = out + "/cpu.pb.gz";

  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir.file(name)) << text;
    return dir.file(name);
  };
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const struct {
    std::string file, message;
  } cases[] = {
      {write("unknown.txt", "GET / 200 OK\n"), "unknown latency format"},
      {write("empty.csv", ""), "no latencies"},
      {write("later.csv", std::to_string(now + 3600) + ",5\n" + std::to_string(now + 3601) +
                              ",900\n" + std::to_string(now + 3602) + ",5\n" +
                              std::to_string(now + 3603) + ",5\n"),
       "outside the profile"},
      {dir.file("missing.csv"), "cannot read"},
  };
  for (const auto& c : cases) {
    auto result = run_ember({"slow", profile, "--latency", c.file});
    EXPECT_EQ(result.exit_code, 2) << c.file;
    EXPECT_THAT(result.err, HasSubstr(c.message));
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

}  // namespace
}  // namespace ember::test
