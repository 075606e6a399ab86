// /metrics: collection quality per session, the daemon's own load, in Prometheus text.
#include "ember/server/metrics_text.h"
#include "process_list.h"
#include "routes.h"

namespace ember::emberd {

namespace {

int64_t stat(const profile::Profile& profile, const std::string& name) {
  auto found = profile.stats.find(name);
  return found == profile.stats.end() ? 0 : found->second;
}

// Unwinding failures: the collector's own count when it keeps one, else the stacks the kernel
// could not capture.
int64_t unwind_failures(const profile::Profile& profile) {
  if (profile.stats.contains("unwind_failures")) return stat(profile, "unwind_failures");
  return stat(profile, "user_stack_errors") + stat(profile, "kernel_stack_errors");
}

std::string metrics(daemon::SessionStore& store, const server::RequestCounters& counters,
                    const server::Request& request) {
  struct Row {
    std::string id;
    std::shared_ptr<const profile::Profile> profile;
  };
  std::vector<Row> rows;
  std::map<std::string, int64_t> by_state = {{"running", 0}, {"finished", 0}, {"failed", 0}};
  for (const auto& session : store.list()) {
    if (!may_see(request, *session)) continue;
    ++by_state[daemon::to_string(session->status().state)];
    rows.push_back({session->id(), session->profile()});
  }

  server::MetricsText text;
  using Getter = int64_t (*)(const profile::Profile&);
  const std::vector<std::tuple<std::string, std::string, Getter>> per_session = {
      {"ember_samples_total", "Samples collected.",
       [](const profile::Profile& p) { return stat(p, "samples"); }},
      {"ember_lost_samples_total", "Samples lost (ring buffer full, malformed records).",
       [](const profile::Profile& p) { return stat(p, "lost_samples"); }},
      {"ember_unwind_failures_total", "Stacks that could not be unwound.", unwind_failures},
      {"ember_unsymbolized_frames_total", "Frames without a function name.",
       [](const profile::Profile& p) { return stat(p, "unsymbolized_frames"); }},
  };
  for (const auto& [name, help, get] : per_session) {
    text.family(name, "counter", help);
    for (const auto& row : rows) text.sample(name, {{"session", row.id}}, get(*row.profile));
  }
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
