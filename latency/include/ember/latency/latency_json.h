// A load's per-second latencies as JSON, for `ember record --json` and emberd's API:
// [{"unix_second", "requests", "p50_ms", "p95_ms", "p99_ms"}, ...], null where unknown.
#pragma once

#include <nlohmann/json.hpp>

#include "ember/latency/latency_series.h"

namespace ember::latency {

nlohmann::json seconds_json(const Series& series);

}  // namespace ember::latency
