// Reading load tools' latency files into a Series, and writing ember's own latency.csv.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ember/latency/latency_series.h"
#include "ember/result.h"

namespace ember::latency {

// Larger files are refused: a bound on memory for what a load tool (or a user) hands in.
inline constexpr size_t kMaxLatencyFileBytes = size_t{1} << 30;

// The format is found from the content:
// - hey's `-o csv` (per request, offsets from hey's start: `load_start_nanos` must say when
//   that was, as `ember record --load` knows);
// - Locust's `--csv PREFIX` history, PREFIX_stats_history.csv (per second, the "Aggregated" rows);
// - k6's `--out json=FILE` (per request, the http_req_duration points);
// - plain CSV: `unix_time_seconds,latency_ms` per request (the time it was sent), or
//   `unix_time_seconds,p50_ms,p99_ms` (or `,p50_ms,p95_ms,p99_ms`) per second, with or
//   without that header line; ember's latency.csv is one of these.
// An unknown format, a malformed row (named by line) or no latencies at all is an error.
Result<Series> parse_latency(std::string_view text,
                             std::optional<int64_t> load_start_nanos = std::nullopt);

// Whether `text` is in a format whose times are offsets from the load's start (hey's CSV), so
// that parse_latency needs `load_start_nanos`.
bool needs_load_start(std::string_view text);

// Reads a whole file (at most kMaxLatencyFileBytes), then parse_latency; errors name the file.
Result<Series> read_latency_file(const std::string& path,
                                 std::optional<int64_t> load_start_nanos = std::nullopt);

// The plain CSV with header: per request when the series has requests, else per second.
std::string write_latency_csv(const Series& series);

}  // namespace ember::latency
