#include "ember/latency/latency_json.h"

namespace ember::latency {

namespace {

nlohmann::json ms_or_null(double ms) {
  return std::isnan(ms) ? nlohmann::json(nullptr) : nlohmann::json(ms);
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

}  // namespace ember::latency
