// What emberd answers about a running session without symbolizing it: /metrics and the session
// list read counters, so they cost the same early and late in a long session with every mode.
#include <gmock/gmock.h>

#include <algorithm>
#include <thread>

#include "emberd_process.h"
#include "root_test.h"

namespace ember::test {
namespace {

using Clock = std::chrono::steady_clock;

class EmberdStats : public RootTest {};

// The value of the sample line starting with `series` (name and labels), or -1.
int64_t metric(const std::string& text, const std::string& series) {
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(text.substr(at + series.size() + 2));
}

// The median time of `count` GETs of `target`, in milliseconds.
double median_millis(EmberdProcess& emberd, const std::string& target, int count) {
  std::vector<double> times;
  for (int i = 0; i < count; ++i) {
    const auto start = Clock::now();
    EXPECT_EQ(emberd.get(target).status, 200) << target;
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

TEST_F(EmberdStats, MetricsAndSessionListAnswerWithoutSymbolizing) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "2"});
  EmberdProcess emberd;
  const std::string id = emberd.start_session({{"pids", {target.pid()}},
                                               {"duration_seconds", 60},
                                               {"modes", {"all"}},
                                               {"frequency_hz", 999}});
  ASSERT_FALSE(id.empty());
  const std::string builds = "ember_profile_builds_total{session=\"" + id + "\"}";
  const std::string samples = "ember_samples_total{session=\"" + id + "\"}";

  std::this_thread::sleep_for(std::chrono::seconds(2));
  const double early_metrics = median_millis(emberd, "/metrics", 15);
  const double early_list = median_millis(emberd, "/api/sessions", 15);
  const int64_t early_samples = metric(emberd.get("/metrics").body, samples);
  std::this_thread::sleep_for(std::chrono::seconds(4));
  const double late_metrics = median_millis(emberd, "/metrics", 15);
  const double late_list = median_millis(emberd, "/api/sessions", 15);
  const std::string text = emberd.get("/metrics").body;

  // Counters move while nothing was symbolized.
  EXPECT_EQ(metric(text, builds), 0) << text;
  EXPECT_GT(metric(text, samples), early_samples) << text;
  EXPECT_GT(early_samples, 500) << text;
  EXPECT_LT(early_metrics, 10.0);
  EXPECT_LT(early_list, 10.0);
  EXPECT_LT(late_metrics, 10.0);
  EXPECT_LT(late_list, 10.0);
  const auto session = emberd.get("/api/sessions/" + id);
  ASSERT_EQ(session.status, 200);
  const auto json = nlohmann::json::parse(session.body);
  EXPECT_GT(json["stats"]["samples"].get<int64_t>(), 0) << session.body;
  EXPECT_EQ(json["options"]["unwind"], "auto") << session.body;

  // A view symbolizes, once.
  EXPECT_EQ(emberd.get("/api/sessions/" + id + "/profile").status, 200);
  EXPECT_EQ(metric(emberd.get("/metrics").body, builds), 1);
  EXPECT_EQ(emberd.post("/api/sessions/" + id + "/stop", "{}").status, 200);
}

// emberd takes every option ember record has (one table translates both) and applies it.
TEST_F(EmberdStats, RecordingOptionsOfEmberRecordApply) {
  BackgroundProcess target({target_path("cpu_split_nofp"), "0", "1"});
  EmberdProcess emberd;
  auto stats_of = [&](const nlohmann::json& body) {
    const std::string id = emberd.start_session(body);
    EXPECT_FALSE(id.empty()) << body.dump();
    return emberd.wait_until_ended(id, std::chrono::seconds(20));
  };
  const nlohmann::json pid = {target.pid()};

  // Frame pointers only: nothing is unwound with CFI.
  auto fp = stats_of({{"pids", pid}, {"duration_seconds", 1}, {"unwind", "fp"}});
  EXPECT_EQ(fp["options"]["unwind"], "fp");
  EXPECT_GT(fp["stats"]["samples"].get<int64_t>(), 0) << fp.dump();
  EXPECT_FALSE(fp["stats"].contains("unwind_complete")) << fp.dump();
  auto dwarf = stats_of({{"pids", pid}, {"duration_seconds", 1}, {"unwind", "dwarf"}});
  EXPECT_GT(dwarf["stats"].value("unwind_complete", 0), 0) << dwarf.dump();

  // 512 bytes of stack cannot hold the frames of a sort's callback up to main: unwinding runs
  // out of copy.
  auto small = stats_of({{"command", {target_path("callback_split_nofp"), "1", dir.file("cb")}},
                         {"stack_copy", 512},
                         {"frequency_hz", 499}});
  EXPECT_EQ(small["options"]["stack_copy"], "512");
  EXPECT_EQ(small["options"]["frequency_hz"], "499");
  EXPECT_GT(small["stats"].value("unwind_stop_stack_copy_exhausted", 0), 0) << small.dump();

  auto offcpu = stats_of({{"pids", pid},
                          {"duration_seconds", 1},
                          {"modes", {"offcpu"}},
                          {"offcpu_min", "3ms"},
                          {"wakers", false}});
  EXPECT_EQ(offcpu["stats"]["offcpu_min_block_nanos"], 3'000'000) << offcpu.dump();
  EXPECT_EQ(offcpu["modes"], nlohmann::json({"offcpu"})) << offcpu.dump();

  // The allocation sampler's interval, for a launched command.
  auto alloc = stats_of({{"command", {target_path("alloc_split_fp"), "64"}},
                         {"modes", {"alloc"}},
                         {"alloc_sample", 65536},
                         {"alloc_max_overhead", 5}});
  EXPECT_EQ(alloc["options"]["alloc_sample"], "65536");
  EXPECT_EQ(alloc["options"]["alloc_max_overhead"], "5");
  EXPECT_EQ(alloc["stats"]["alloc_sample_bytes"], 65536) << alloc.dump();

  // Bad values get the table's one line.
  for (const char* body :
       {R"({"pids": [1], "unwind": "sideways"})", R"({"pids": [1], "stack_copy": 100})",
        R"({"pids": [1], "offcpu_min": "soon"})", R"({"pids": [1], "wakers": "yes"})",
        R"({"pids": [1], "alloc_max_overhead": 90})"}) {
    auto reply = emberd.post("/api/sessions", body);
    EXPECT_EQ(reply.status, 400) << body;
    EXPECT_THAT(reply.body, ::testing::Not(::testing::HasSubstr("\n"))) << reply.body;
  }
}

}  // namespace
}  // namespace ember::test
