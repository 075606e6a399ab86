// /api/sessions/ID/latency: the load test's latencies, posted as the load tool wrote them (any
// format `ember slow` reads), kept with the session as per-second percentiles, and read back
// with the slow seconds as `ember slow` picks them.
#include <chrono>
#include <limits>

#include "ember/latency/latency_file.h"
#include "ember/latency/latency_json.h"
#include "ember/latency/slow_seconds.h"
#include "routes.h"
#include "session_handler.h"
#include "session_json.h"

namespace ember::emberd {

namespace {

using server::json_error;
using server::json_response;
using server::Request;
using server::Response;

// A latency file is larger than any other request: hey's CSV takes about 70 bytes a request.
constexpr size_t kMaxLatencyBodyBytes = size_t{32} << 20;
constexpr int64_t kSecond = 1'000'000'000;

int64_t now_unix_nanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// An error when no second of the load lies in the session's time.
Result<void> check_within(const latency::Series& series, daemon::Session& session) {
  const int64_t ended = session.status().ended_nanos;
  const int64_t first = session.started_nanos() / kSecond;
  const int64_t last = (ended ? ended : now_unix_nanos()) / kSecond;
  const int64_t load_first = series.seconds.front().unix_second;
  const int64_t load_last = series.seconds.back().unix_second;
  if (load_last >= first && load_first <= last) return {};
  return make_error("the latencies' times (Unix seconds " + std::to_string(load_first) + " to " +
                    std::to_string(load_last) + ") lie outside this session (" +
                    std::to_string(first) + " to " + std::to_string(last) +
                    "): post the latencies of the load test that ran during it");
}

nlohmann::json latency_json(const latency::Series& series) {
  auto slow = latency::find_slow_seconds(series, 99, std::nullopt);
  return {{"seconds", latency::seconds_json(series)},
          {"slow", slow ? latency::slow_seconds_json(*slow)
                        : nlohmann::json{{"error", slow.error().message}}}};
}

Response post_latency(daemon::Session& session, const Request& request) {
  auto load_start =
      server::query_integer(request, "load_start_nanos", 0, std::numeric_limits<int64_t>::max());
  if (!load_start) return json_error(400, load_start.error().message + " (Unix nanoseconds)");
  if (!*load_start && latency::needs_load_start(request.body))
    return json_error(400,
                      "hey's CSV gives times from hey's start only: say when hey started with "
                      "?load_start_nanos=UNIX_NANOS, or send unix_time_seconds,latency_ms rows "
                      "(ember record --load writes them to latency.csv)");
  auto series = latency::parse_latency(request.body, *load_start);
  if (!series) return json_error(400, series.error().message);
  if (auto within = check_within(*series, session); !within)
    return json_error(400, within.error().message);
  // The seconds are all the views need; the requests would cost memory for as long as the
  // session is kept.
  series->requests.clear();
  series->requests.shrink_to_fit();
  auto kept = std::make_shared<const latency::Series>(std::move(*series));
  session.set_latency(kept);
  return json_response(201, dump(latency_json(*kept)));
}

Response get_latency(daemon::Session& session, const Request&) {
  auto series = session.latency();
  if (!series)
    return json_error(404, "session " + session.id() +
                               " has no latencies: POST the load test's file to /api/sessions/" +
                               session.id() + "/latency");
  return json_response(200, dump(latency_json(*series)));
}

}  // namespace

void add_latency_routes(server::Router& router, daemon::SessionStore& store) {
  router.on("POST", "/api/sessions/{id}/latency", with_session(store, post_latency),
            kMaxLatencyBodyBytes);
  router.on("GET", "/api/sessions/{id}/latency", with_session(store, get_latency));
}

}  // namespace ember::emberd
