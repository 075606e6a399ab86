// /debug/pprof/...: what Go's net/http/pprof serves, so `go tool pprof URL` works unchanged.
#include "ember/profile/pprof.h"
#include "routes.h"

namespace ember::emberd {

namespace {

using server::json_error;
using server::Request;
using server::Respond;
using server::Response;

constexpr int64_t kMaxPid = 4 * 1024 * 1024;
constexpr int64_t kDefaultSeconds = 30;  // Go's default
constexpr int64_t kMaxSeconds = 3600;

Response pprof_answer(daemon::Session& session) {
  const daemon::SessionStatus status = session.status();
  if (status.state == daemon::SessionState::failed)
    return json_error(500, "the recording failed: " + status.error);
  auto bytes = profile::write_pprof(*session.profile());
  if (!bytes) return json_error(500, bytes.error().message);
  return server::attachment("application/octet-stream", std::move(*bytes), "profile");
}

// Records the pid for `seconds` as a session of its own (listed like any other), and answers
// when it ends: the request blocks for the duration, as Go's does.
void cpu_profile(daemon::SessionStore& store, const Request& request, Respond respond) {
  auto pid = server::query_integer(request, "pid", 1, kMaxPid);
  if (!pid) return respond(json_error(400, pid.error().message));
  if (!*pid) return respond(json_error(400, "pid=PID is required: the process to profile"));
  auto seconds = server::query_integer(request, "seconds", 1, kMaxSeconds);
  if (!seconds) return respond(json_error(400, seconds.error().message));

  daemon::SessionOptions options;
  options.recording.pids = {static_cast<uint32_t>(**pid)};
  options.recording.duration = std::chrono::seconds(seconds->value_or(kDefaultSeconds));
  options.name = "/debug/pprof/profile pid " + std::to_string(**pid);
  if (!store.has_room())
    return respond(json_error(429, "too many sessions are recording at once: try again later"));
  auto session = store.start(std::move(options));
  if (!session) return respond(json_error(400, session.error().message));
  (*session)->when_ended([respond](daemon::Session& ended) { respond(pprof_answer(ended)); });
}

Response not_yet(const std::string& what) {
  return json_error(
      501, what + " profiles are not implemented yet: /debug/pprof/profile gives CPU profiles");
}

}  // namespace

void add_pprof_routes(server::Router& router, daemon::SessionStore& store) {
  router.on_async("GET", "/debug/pprof/profile", [&store](const Request& request, Respond respond) {
    cpu_profile(store, request, respond);
  });
  router.on("GET", "/debug/pprof/offcpu", [](const Request&) { return not_yet("off-CPU"); });
  router.on("GET", "/debug/pprof/mutex", [](const Request&) { return not_yet("lock contention"); });
  router.on("GET", "/debug/pprof/allocs", [](const Request&) { return not_yet("allocation"); });
}

}  // namespace ember::emberd
