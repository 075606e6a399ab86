// /metrics: collection quality per session, the daemon's own load, in Prometheus text. Read
// from each session's counters, never by symbolizing, so a scrape costs the same at any
// profile size.
#include "ember/profile/stat_vocabulary.h"
#include "ember/server/metrics_text.h"
#include "process_list.h"
#include "routes.h"

namespace ember::emberd {

namespace {

constexpr std::string_view kUnwindStopPrefix = "unwind_stop_";

std::string metrics(daemon::SessionStore& store, const server::RequestCounters& counters,
                    const server::Request& request) {
  struct Row {
    std::string id;
    std::map<std::string, int64_t> stats;
    int64_t builds = 0;
  };
  std::vector<Row> rows;
  std::map<std::string, int64_t> by_state = {{"running", 0}, {"finished", 0}, {"failed", 0}};
  for (const auto& session : store.list()) {
    if (!may_see(request, *session)) continue;
    ++by_state[daemon::to_string(session->status().state)];
    rows.push_back({session->id(), session->stats(), session->profile_builds()});
  }

  server::MetricsText text;
  // Every counter of the vocabulary, for every session (0 where a session's modes have none).
  for (const profile::StatDescription& stat : profile::stat_vocabulary()) {
    if (!stat.counter || stat.name.ends_with('*')) continue;
    const std::string name = "ember_" + std::string(stat.name) + "_total";
    text.family(name, "counter", std::string(stat.help));
    for (const auto& row : rows) {
      auto found = row.stats.find(std::string(stat.name));
      text.sample(name, {{"session", row.id}}, found == row.stats.end() ? 0 : found->second);
    }
  }
  text.family("ember_unwind_stops_total", "counter",
              std::string(profile::describe_stat("unwind_stop_")->help));
  for (const auto& row : rows)
    for (const auto& [name, value] : row.stats)
      if (name.starts_with(kUnwindStopPrefix))
        text.sample("ember_unwind_stops_total",
                    {{"session", row.id}, {"reason", name.substr(kUnwindStopPrefix.size())}},
                    value);
  text.family("ember_profile_builds_total", "counter",
              "Times a session's profiles were symbolized (for views and downloads).");
  for (const auto& row : rows)
    text.sample("ember_profile_builds_total", {{"session", row.id}}, row.builds);
  text.family("ember_sessions", "gauge", "Sessions kept, by state.");
  for (const auto& [state, count] : by_state)
    text.sample("ember_sessions", {{"state", state}}, count);
  text.family("ember_http_requests_total", "counter", "HTTP responses sent, by status code.");
  for (const auto& [code, count] : counters.by_status())
    text.sample("ember_http_requests_total", {{"code", std::to_string(code)}}, count);
  text.family("ember_resident_memory_bytes", "gauge", "Resident memory of emberd.");
  text.sample("ember_resident_memory_bytes", {}, resident_memory_bytes());
  return text.text();
}

}  // namespace

void add_metrics_route(server::Router& router, daemon::SessionStore& store,
                       std::shared_ptr<const server::RequestCounters> counters) {
  router.on("GET", "/metrics", [&store, counters](const server::Request& request) {
    return server::make_response(200, server::kMetricsContentType,
                                 metrics(store, *counters, request));
  });
}

}  // namespace ember::emberd
