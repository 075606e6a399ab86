#include "ember/latency/latency_series.h"

#include <algorithm>
#include <map>
#include <string>

namespace ember::latency {

namespace {

constexpr int64_t kSecond = 1'000'000'000;

int64_t floor_second(int64_t nanos) {
  return nanos >= 0 ? nanos / kSecond : -((-nanos + kSecond - 1) / kSecond);
}

// Nearest rank of sorted values.
double nearest_rank(const std::vector<double>& sorted, double percentile) {
  size_t rank = static_cast<size_t>(std::ceil(percentile / 100 * sorted.size()));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

std::map<int64_t, std::vector<double>> in_flight_by_second(const std::vector<Request>& requests) {
  std::map<int64_t, std::vector<double>> seconds;
  for (const Request& r : requests) {
    const int64_t end = r.start_nanos + static_cast<int64_t>(r.latency_ms * 1e6);
    for (int64_t s = floor_second(r.start_nanos); s <= floor_second(end); ++s)
      seconds[s].push_back(r.latency_ms);
  }
  for (auto& [second, values] : seconds) std::sort(values.begin(), values.end());
  return seconds;
}

}  // namespace

std::vector<Second> seconds_of(const std::vector<Request>& requests) {
  std::vector<Second> out;
  for (const auto& [second, values] : in_flight_by_second(requests))
    out.push_back({.unix_second = second,
                   .requests = static_cast<int64_t>(values.size()),
                   .p50_ms = nearest_rank(values, 50),
                   .p95_ms = nearest_rank(values, 95),
                   .p99_ms = nearest_rank(values, 99)});
  return out;
}

Result<Series> from_requests(std::vector<Request> requests) {
  for (const Request& r : requests)
    if (r.latency_ms > kMaxLatencyMs)
      return make_error("a latency of " + std::to_string(std::llround(r.latency_ms)) +
                        " ms, over a day: the file's latencies must be milliseconds");
  std::sort(requests.begin(), requests.end(),
            [](const Request& a, const Request& b) { return a.start_nanos < b.start_nanos; });
  Series series;
  series.seconds = seconds_of(requests);
  series.requests = std::move(requests);
  return series;
}

Result<std::vector<double>> percentile_by_second(const Series& series, double percentile) {
  if (!(percentile > 0 && percentile <= 100))
    return make_error("the percentile must lie in (0, 100], e.g. 99");
  std::vector<double> out;
  if (!series.requests.empty()) {
    for (const auto& [second, values] : in_flight_by_second(series.requests))
      out.push_back(nearest_rank(values, percentile));
    return out;
  }
  for (const Second& s : series.seconds) {
    const double value = percentile == 50   ? s.p50_ms
                         : percentile == 95 ? s.p95_ms
                         : percentile == 99 ? s.p99_ms
                                            : NAN;
    out.push_back(value);
  }
  bool any = false;
  for (double value : out) any = any || !std::isnan(value);
  if (!any)
    return make_error("this load's file has per-second percentiles only, and not p" +
                      std::to_string(static_cast<int>(percentile)) +
                      ": choose --percentile 50 or 99 (or 95 where the tool gave it)");
  return out;
}

}  // namespace ember::latency
