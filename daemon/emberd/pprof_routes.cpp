// /debug/pprof/...: what Go's net/http/pprof serves, so `go tool pprof URL` works unchanged.
#include "ember/daemon/modes.h"
#include "ember/profile/pprof.h"
#include "routes.h"
#include "session_start.h"

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

// Records the pid in `mode` for `seconds` as a session of its own (listed like any other), and
// answers with that mode's profile when it ends: the request blocks for the duration, as Go's
// does.
void record_profile(const AccessPolicy& policy, daemon::SessionStore& store, const Request& request,
                    Respond respond, daemon::Mode mode, const std::string& path) {
  auto pid = server::query_integer(request, "pid", 1, kMaxPid);
  if (!pid) return respond(json_error(400, pid.error().message));
  if (!*pid) return respond(json_error(400, "pid=PID is required: the process to profile"));
  auto seconds = server::query_integer(request, "seconds", 1, kMaxSeconds);
  if (!seconds) return respond(json_error(400, seconds.error().message));

  daemon::SessionOptions options;
  options.recording.pids = {static_cast<uint32_t>(**pid)};
  options.recording.modes = {mode};
  options.modes = daemon::profile_names({mode});
  options.recording.duration = std::chrono::seconds(seconds->value_or(kDefaultSeconds));
  options.name = path + " pid " + std::to_string(**pid);
  auto started = start_session_for(policy, store, request, std::move(options));
  if (auto* refused = std::get_if<Response>(&started)) return respond(std::move(*refused));
  std::get<std::shared_ptr<daemon::Session>>(started)->when_ended(
      [respond](daemon::Session& ended) { respond(pprof_answer(ended)); });
}

// An asynchronous route that records `mode` (its profile is the session's first).
void add_recording_route(server::Router& router, daemon::SessionStore& store,
                         const AccessPolicy& policy, const std::string& path, daemon::Mode mode) {
  router.on_async("GET", path,
                  [&store, &policy, path, mode](const Request& request, Respond respond) {
                    record_profile(policy, store, request, respond, mode, path);
                  });
}

}  // namespace

void add_pprof_routes(server::Router& router, daemon::SessionStore& store,
                      const AccessPolicy& policy) {
  add_recording_route(router, store, policy, "/debug/pprof/profile", daemon::Mode::cpu);
  // Go's mutex profile: contentions/count and delay/nanoseconds by waiting stack.
  add_recording_route(router, store, policy, "/debug/pprof/mutex", daemon::Mode::lock);
  // Where threads wait: samples/count and offcpu/nanoseconds by waiting stack.
  add_recording_route(router, store, policy, "/debug/pprof/offcpu", daemon::Mode::offcpu);
  // A live process's memory growth (brk, mmap, page faults) by stack: alloc_objects/count and
  // alloc_space/bytes, as Go's allocs profile names them. Sampling every allocation needs the
  // preloaded sampler, so a command ember launches (ember record --mode alloc -- CMD).
  add_recording_route(router, store, policy, "/debug/pprof/allocs", daemon::Mode::alloc);
}

}  // namespace ember::emberd
