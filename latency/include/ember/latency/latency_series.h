// A load test's latencies on Unix time: one entry per request where the tool reported each, else
// the tool's own per-second percentiles; and the per-second view both give.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "ember/result.h"

namespace ember::latency {

struct Request {
  int64_t start_nanos = 0;  // when it was sent, Unix ns
  double latency_ms = 0;
};

// One second of load, [unix_second, unix_second + 1). Percentiles the input lacks are NaN.
struct Second {
  int64_t unix_second = 0;
  int64_t requests = 0;  // in flight during the second (per-request input), else as reported
  double p50_ms = NAN;
  double p95_ms = NAN;
  double p99_ms = NAN;
};

struct Series {
  std::vector<Request> requests;  // sorted by start; empty for per-second input
  std::vector<Second> seconds;    // sorted, one per second with load
};

// Per-second percentiles of the requests in flight during each second (a request waiting
// through several seconds counts in each: those are the seconds it was slow in), nearest-rank.
std::vector<Second> seconds_of(const std::vector<Request>& requests);

// Each request counts in every second it was in flight: this bounds that walk.
inline constexpr double kMaxLatencyMs = 86'400'000;

// A series from per-request latencies (any order): sorted, with its seconds. A latency over
// kMaxLatencyMs (a day: not milliseconds) is an error.
Result<Series> from_requests(std::vector<Request> requests);

// The `percentile` (in (0, 100]) of each second: from the requests, or from the per-second
// columns when the input had only those (then only 50, 95 or 99, where present).
Result<std::vector<double>> percentile_by_second(const Series& series, double percentile);

}  // namespace ember::latency
