// hey -o csv: "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,
// status-code,offset", one row per request, times in seconds; offset is when the request was
// sent, from hey's start.
#include <cmath>

#include "csv_rows.h"
#include "formats.h"

namespace ember::latency {

namespace {
constexpr std::string_view kHeader =
    "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset";
}

bool is_hey_csv(std::string_view first_line) {
  return first_line == kHeader;
}

Result<Series> parse_hey_csv(std::string_view text, std::optional<int64_t> load_start_nanos) {
  if (!load_start_nanos)
    return make_error(
        "hey's CSV gives times from hey's start only: import it with ember record --load 'hey "
        "... -o csv', which knows when hey started, or convert it to unix_time_seconds,latency_ms");
  CsvRows rows(text);
  rows.next();  // the header
  std::vector<Request> requests;
  while (auto row = rows.next()) {
    auto latency = row->size() == 8 ? parse_number((*row)[0]) : std::nullopt;
    auto offset = row->size() == 8 ? parse_number((*row)[7]) : std::nullopt;
    if (!latency || !offset || *latency < 0 || *offset < 0)
      return make_error(at_line(rows.line(), "expected hey's 8 columns of seconds"));
    requests.push_back({*load_start_nanos + std::llround(*offset * 1e9), *latency * 1e3});
  }
  return from_requests(std::move(requests));
}

}  // namespace ember::latency
