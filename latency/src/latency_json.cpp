#include "ember/latency/latency_json.h"

namespace ember::latency {

namespace {

nlohmann::json ms_or_null(double ms) {
  return std::isnan(ms) ? nlohmann::json(nullptr) : nlohmann::json(ms);
}

nlohmann::json windows_json(const std::vector<std::pair<int64_t, int64_t>>& windows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [start, end] : windows) out.push_back({start, end});
  return out;
}

}  // namespace

nlohmann::json seconds_json(const Series& series) {
  nlohmann::json seconds = nlohmann::json::array();
  for (const Second& s : series.seconds)
    seconds.push_back({{"unix_second", s.unix_second},
                       {"requests", s.requests},
                       {"p50_ms", ms_or_null(s.p50_ms)},
                       {"p95_ms", ms_or_null(s.p95_ms)},
                       {"p99_ms", ms_or_null(s.p99_ms)}});
  return seconds;
}

nlohmann::json slow_seconds_json(const SlowSeconds& seconds) {
  return {{"percentile", seconds.percentile},
          {"threshold_ms", seconds.threshold_ms},
          {"typical_ms", seconds.typical_ms},
          {"windows", windows_json(seconds.windows)},
          {"other_windows", windows_json(runs_of(seconds.rest))}};
}

}  // namespace ember::latency
