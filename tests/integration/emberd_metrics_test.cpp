// /metrics in Prometheus text: per-session collection quality and the daemon's own counters.
#include <gmock/gmock.h>

#include <regex>

#include "emberd_process.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;

class EmberdMetrics : public RootTest {};

// The value of the sample line starting with `series` (name and labels), or -1.
int64_t metric(const std::string& text, const std::string& series) {
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(text.substr(at + series.size() + 2));
}

TEST_F(EmberdMetrics, CountsSamplesSessionsAndRequests) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "1"});
  EmberdProcess emberd;
  const std::string id = emberd.start_session({{"pids", {target.pid()}}, {"duration_seconds", 2}});
  ASSERT_FALSE(id.empty());
  const auto session = emberd.wait_until_ended(id, std::chrono::seconds(10));
  EXPECT_EQ(emberd.get("/api/sessions/999").status, 404);

  auto reply = emberd.get("/metrics");
  ASSERT_EQ(reply.status, 200);
  EXPECT_THAT(reply.header("content-type"), HasSubstr("text/plain; version=0.0.4"));
  const std::string& text = reply.body;
  EXPECT_THAT(text, HasSubstr("# TYPE ember_samples_total counter"));
  const std::string label = "{session=\"" + id + "\"}";
  EXPECT_EQ(metric(text, "ember_samples_total" + label), session["stats"]["samples"].get<int64_t>())
      << text;
  EXPECT_GT(metric(text, "ember_samples_total" + label), 50) << text;
  EXPECT_EQ(metric(text, "ember_lost_samples_total" + label), 0) << text;
  EXPECT_GE(metric(text, "ember_unwind_failures_total" + label), 0) << text;
  EXPECT_GE(metric(text, "ember_unsymbolized_frames_total" + label), 0) << text;
  EXPECT_EQ(metric(text, "ember_sessions{state=\"finished\"}"), 1) << text;
  EXPECT_EQ(metric(text, "ember_sessions{state=\"running\"}"), 0) << text;
  EXPECT_EQ(metric(text, "ember_http_requests_total{code=\"201\"}"), 1) << text;
  EXPECT_EQ(metric(text, "ember_http_requests_total{code=\"404\"}"), 1) << text;
  EXPECT_GE(metric(text, "ember_http_requests_total{code=\"200\"}"), 1) << text;
  EXPECT_GT(metric(text, "ember_resident_memory_bytes"), 1'000'000) << text;
}

}  // namespace
}  // namespace ember::test
