// k6 --out json=FILE: one JSON object per line; {"type": "Point", "metric":
// "http_req_duration", "data": {"time": RFC 3339, "value": ms, ...}} per request, written when
// the request ended.
#include <ctime>
#include <nlohmann/json.hpp>

#include "csv_rows.h"
#include "formats.h"

namespace ember::latency {

namespace {

// "2017-05-09T14:34:45.625742514+02:00" or "...Z" → Unix ns.
std::optional<int64_t> parse_rfc3339(const std::string& text) {
  std::tm tm{};
  const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return std::nullopt;
  int64_t nanos = 0;
  if (*rest == '.') {
    int64_t scale = 100'000'000;
    for (++rest; *rest >= '0' && *rest <= '9'; ++rest, scale /= 10) nanos += (*rest - '0') * scale;
  }
  int64_t offset_seconds = 0;
  if (*rest == '+' || *rest == '-') {
    int hours = 0, minutes = 0;
    if (std::sscanf(rest + 1, "%2d:%2d", &hours, &minutes) != 2) return std::nullopt;
    offset_seconds = (*rest == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
    rest += 6;
  } else if (*rest == 'Z') {
    ++rest;
  }
  if (*rest != '\0') return std::nullopt;
  return (static_cast<int64_t>(timegm(&tm)) - offset_seconds) * 1'000'000'000 + nanos;
}

}  // namespace

bool is_k6_json(std::string_view first_line) {
  auto line = nlohmann::json::parse(first_line, nullptr, false);
  return line.is_object() && line.contains("type") && line.contains("metric") &&
         (line["type"] == "Metric" || line["type"] == "Point");
}

Result<Series> parse_k6_json(std::string_view text) {
  std::vector<Request> requests;
  size_t number = 0;
  for (size_t start = 0; start < text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.empty()) continue;
    auto point = nlohmann::json::parse(line, nullptr, false);
    if (!point.is_object()) return make_error(at_line(number, "not a JSON object"));
    if (point.value("type", "") != "Point" || point.value("metric", "") != "http_req_duration")
      continue;
    const auto& data = point["data"];
    if (!data.is_object() || !data["time"].is_string() || !data["value"].is_number())
      return make_error(at_line(number, "an http_req_duration point without data.time and value"));
    auto ended = parse_rfc3339(data["time"].get<std::string>());
    const double ms = data["value"].get<double>();
    if (!ended || ms < 0) return make_error(at_line(number, "data.time is not an RFC 3339 time"));
    requests.push_back({*ended - static_cast<int64_t>(ms * 1e6), ms});
  }
  return from_requests(std::move(requests));
}

}  // namespace ember::latency
