// A load's per-second latencies as JSON, for `ember record --json` and emberd's API:
// [{"unix_second", "requests", "p50_ms", "p95_ms", "p99_ms"}, ...], null where unknown.
#pragma once

#include <nlohmann/json.hpp>

#include "ember/latency/latency_series.h"
#include "ember/latency/slow_seconds.h"

namespace ember::latency {

nlohmann::json seconds_json(const Series& series);

// The slow seconds for emberd's API: {"percentile", "threshold_ms", "typical_ms", "windows":
// [[start_unix, end_unix], ...] (the slow runs), "other_windows": [...] (the other seconds
// with load)}, windows half-open.
nlohmann::json slow_seconds_json(const SlowSeconds& seconds);

}  // namespace ember::latency
