// The plain CSV any tool can write: unix_time_seconds,latency_ms (per request, the time it was
// sent) or unix_time_seconds,p50_ms,p99_ms / unix_time_seconds,p50_ms,p95_ms,p99_ms (per
// second); the header line is optional.
#include <cmath>

#include "csv_rows.h"
#include "formats.h"

namespace ember::latency {

namespace {

constexpr std::string_view kHeaders[] = {"unix_time_seconds,latency_ms",
                                         "unix_time_seconds,p50_ms,p99_ms",
                                         "unix_time_seconds,p50_ms,p95_ms,p99_ms"};

bool all_numbers(const std::vector<std::string>& fields) {
  for (const std::string& field : fields)
    if (!parse_number(field)) return false;
  return true;
}

}  // namespace

bool is_plain_csv(std::string_view first_line) {
  for (std::string_view header : kHeaders)
    if (first_line == header) return true;
  CsvRows rows(first_line);
  auto fields = rows.next();
  return fields && fields->size() >= 2 && fields->size() <= 4 && all_numbers(*fields);
}

Result<Series> parse_plain_csv(std::string_view text) {
  CsvRows rows(text);
  std::vector<Request> requests;
  Series series;
  size_t columns = 0;
  while (auto row = rows.next()) {
    if (rows.line() == 1 && !all_numbers(*row)) continue;  // the header
    if (columns == 0) columns = row->size();
    if (row->size() != columns || !all_numbers(*row))
      return make_error(at_line(
          rows.line(), "expected " + std::to_string(columns) + " numbers, as on the first row"));
    std::vector<double> v;
    for (const std::string& field : *row) v.push_back(*parse_number(field));
    const auto time = parse_unix_seconds((*row)[0]);
    if (!time) return make_error(at_line(rows.line(), "time is not Unix seconds"));
    if (columns == 2) {
      requests.push_back({*time, v[1]});
      continue;
    }
    Second second{.unix_second = *time / 1'000'000'000,
                  .p50_ms = v[1],
                  .p95_ms = columns == 4 ? v[2] : NAN,
                  .p99_ms = v.back()};
    if (!series.seconds.empty() && series.seconds.back().unix_second >= second.unix_second)
      return make_error(
          at_line(rows.line(), "per-second rows must be in time order, one a second"));
    series.seconds.push_back(second);
  }
  if (columns == 2) return from_requests(std::move(requests));
  return series;
}

}  // namespace ember::latency
