#include "ember/latency/latency_file.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "csv_rows.h"
#include "formats.h"

namespace ember::latency {

namespace {

// The first line with something on it; "" for a blank text.
std::string_view first_content_line(std::string_view text) {
  const size_t start = text.find_first_not_of(" \t\r\n");
  return start == std::string_view::npos ? std::string_view() : first_line(text.substr(start));
}

}  // namespace

bool needs_load_start(std::string_view text) {
  return is_hey_csv(first_content_line(text));
}

Result<Series> parse_latency(std::string_view text, std::optional<int64_t> load_start_nanos) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return make_error("no latencies: the file is empty (did the load run, and write it?)");
  const std::string_view line = first_content_line(text);
  Result<Series> series = make_error("");
  if (is_hey_csv(line))
    series = parse_hey_csv(text, load_start_nanos);
  else if (is_locust_history(line))
    series = parse_locust_history(text);
  else if (is_k6_json(line))
    series = parse_k6_json(text);
  else if (is_plain_csv(line))
    series = parse_plain_csv(text);
  else
    return make_error(
        "unknown latency format: give hey's -o csv, Locust's PREFIX_stats_history.csv, k6's "
        "--out json=FILE, or a CSV of unix_time_seconds,latency_ms (or "
        "unix_time_seconds,p50_ms,p99_ms per second)");
  if (!series) return series;
  if (series->seconds.empty())
    return make_error("no latencies: the file has no requests (did the load reach the service?)");
  return series;
}

Result<Series> read_latency_file(const std::string& path, std::optional<int64_t> load_start_nanos) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot read '" + path + "': " + std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxLatencyFileBytes)
      return make_error("'" + path + "' is larger than 1 GiB: give a per-second CSV instead");
  }
  auto series = parse_latency(text, load_start_nanos);
  if (!series) return make_error(path + ": " + series.error().message);
  return series;
}

std::string write_latency_csv(const Series& series) {
  std::string out;
  char line[96];
  if (!series.requests.empty()) {
    out = "unix_time_seconds,latency_ms\n";
    for (const Request& r : series.requests) {
      std::snprintf(line, sizeof line, "%lld.%09lld,%.3f\n",
                    static_cast<long long>(r.start_nanos / 1'000'000'000),
                    static_cast<long long>(r.start_nanos % 1'000'000'000), r.latency_ms);
      out += line;
    }
    return out;
  }
  bool with_p95 = true;
  for (const Second& s : series.seconds) with_p95 = with_p95 && !std::isnan(s.p95_ms);
  out = with_p95 ? "unix_time_seconds,p50_ms,p95_ms,p99_ms\n" : "unix_time_seconds,p50_ms,p99_ms\n";
  for (const Second& s : series.seconds) {
    if (with_p95)
      std::snprintf(line, sizeof line, "%lld,%.3f,%.3f,%.3f\n",
                    static_cast<long long>(s.unix_second), s.p50_ms, s.p95_ms, s.p99_ms);
    else
      std::snprintf(line, sizeof line, "%lld,%.3f,%.3f\n", static_cast<long long>(s.unix_second),
                    s.p50_ms, s.p99_ms);
    out += line;
  }
  return out;
}

}  // namespace ember::latency
