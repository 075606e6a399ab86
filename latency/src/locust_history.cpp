// Locust's PREFIX_stats_history.csv: a row per second per request name, and one named
// "Aggregated" for all requests, with the Unix time and response time percentiles in ms ("N/A"
// without requests). Locust computes these "current" percentiles over its last few seconds,
// so a spike shows over that many seconds.
#include <cmath>
#include <map>

#include "csv_rows.h"
#include "formats.h"

namespace ember::latency {

bool is_locust_history(std::string_view first_line) {
  return first_line.starts_with("Timestamp,User Count,Type,Name,Requests/s,");
}

Result<Series> parse_locust_history(std::string_view text) {
  CsvRows rows(text);
  std::map<std::string, size_t> column;
  const auto header = rows.next();
  for (size_t i = 0; i < header->size(); ++i) column[(*header)[i]] = i;
  for (const char* name : {"Timestamp", "Name", "Requests/s", "50%", "95%", "99%"})
    if (!column.count(name))
      return make_error(std::string("Locust stats history without a '") + name + "' column");
  Series series;
  while (auto row = rows.next()) {
    if (row->size() != header->size())
      return make_error(at_line(rows.line(), "expected " + std::to_string(header->size()) +
                                                 " columns, as the header names"));
    if ((*row)[column["Name"]] != "Aggregated") continue;
    auto time = parse_number((*row)[column["Timestamp"]]);
    if (!time || *time < 0)
      return make_error(at_line(rows.line(), "Timestamp is not Unix seconds"));
    auto value = [&](const char* name) { return parse_number((*row)[column[name]]).value_or(NAN); };
    Second second{.unix_second = static_cast<int64_t>(*time),
                  .requests = std::llround(value("Requests/s")),
                  .p50_ms = value("50%"),
                  .p95_ms = value("95%"),
                  .p99_ms = value("99%")};
    if (std::isnan(second.p99_ms)) continue;  // no requests yet
    if (!series.seconds.empty() && series.seconds.back().unix_second >= second.unix_second)
      continue;  // Locust may write a second twice; the first counts
    series.seconds.push_back(second);
  }
  return series;
}

}  // namespace ember::latency
