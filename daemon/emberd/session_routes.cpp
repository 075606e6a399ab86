// /api/sessions: the sessions' lifecycle, markers and windowed profiles (their latencies:
// latency_routes.cpp).
#include <limits>

#include "ember/profile/operations.h"
#include "profile_download.h"
#include "routes.h"
#include "session_handler.h"
#include "session_json.h"
#include "session_request.h"
#include "session_start.h"

namespace ember::emberd {

namespace {

using server::json_error;
using server::json_response;
using server::Request;
using server::Response;

Response start_session(const AccessPolicy& policy, daemon::SessionStore& store,
                       const Request& request) {
  auto options = parse_session_request(request.body);
  if (!options) return json_error(400, options.error().message);
  auto started = start_session_for(policy, store, request, std::move(*options));
  if (auto* refused = std::get_if<Response>(&started)) return std::move(*refused);
  daemon::Session& session = *std::get<std::shared_ptr<daemon::Session>>(started);
  Response response = json_response(201, dump(session_json(session)));
  response.headers.emplace_back("Location", "/api/sessions/" + session.id());
  return response;
}

Response add_marker(daemon::Session& session, const Request& request) {
  auto parsed = parse_json_body(request.body);
  if (!parsed) return json_error(400, parsed.error().message);
  nlohmann::json& body = *parsed;
  const char* usage =
      "the body must be {\"label\": \"spike\", \"time_nanos\": UNIX_NANOS} (time_nanos optional)";
  if (!body.is_object() || !body.contains("label") || !body["label"].is_string())
    return json_error(400, usage);
  daemon::Marker marker{.time_nanos = 0, .label = body["label"].get<std::string>()};
  if (body.contains("time_nanos")) {
    if (!body["time_nanos"].is_number_integer()) return json_error(400, usage);
    marker.time_nanos = body["time_nanos"].get<int64_t>();
  }
  auto added = session.add_marker(std::move(marker));
  if (!added) return json_error(400, added.error().message);
  return json_response(201, dump(marker_json(*added)));
}

Response session_profile(daemon::Session& session, const Request& request) {
  const std::string mode = request.query_value("mode").value_or(session.options().modes.front());
  const auto& modes = session.options().modes;
  if (std::find(modes.begin(), modes.end(), mode) == modes.end())
    return json_error(400, "this session did not record mode '" + mode.substr(0, 40) + "'");
  auto format = parse_profile_format(request.query_value("format").value_or("json"));
  if (!format) return json_error(400, format.error().message);
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  auto from = server::query_integer(request, "from", 0, kMax);
  if (!from) return json_error(400, from.error().message + " (Unix nanoseconds)");
  auto to = server::query_integer(request, "to", 0, kMax);
  if (!to) return json_error(400, to.error().message + " (Unix nanoseconds)");
  if (*from && *to && **from >= **to) return json_error(400, "'from' must be before 'to'");

  std::shared_ptr<const profile::Profile> shown = session.profile(mode);
  if (!shown) return json_error(404, "this session has no '" + mode + "' profile");
  if (*from || *to)
    shown = std::make_shared<const profile::Profile>(
        profile::slice_by_time(*shown, from->value_or(0), to->value_or(kMax)));
  auto response = profile_response(*shown, *format, "ember-session-" + session.id() + "-" + mode);
  return response ? std::move(*response) : json_error(500, response.error().message);
}

}  // namespace

void add_session_routes(server::Router& router, daemon::SessionStore& store,
                        const AccessPolicy& policy) {
  router.on("GET", "/api/sessions", [&store](const Request& request) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& session : store.list())
      if (may_see(request, *session)) list.push_back(session_json(*session));
    return json_response(200, dump(list));
  });
  router.on("POST", "/api/sessions", [&store, &policy](const Request& request) {
    return start_session(policy, store, request);
  });
  router.on("GET", "/api/sessions/{id}",
            with_session(store, [](daemon::Session& session, const Request&) {
              return json_response(200, dump(session_json(session)));
            }));
  router.on("POST", "/api/sessions/{id}/stop",
            with_session(store, [](daemon::Session& session, const Request&) {
              session.request_stop();
              session.wait();
              return json_response(200, dump(session_json(session)));
            }));
  router.on("DELETE", "/api/sessions/{id}",
            with_session(store, [&store](daemon::Session& session, const Request& request) {
              return store.remove(session.id()) ? server::no_content() : unknown_session(request);
            }));
  router.on("POST", "/api/sessions/{id}/markers", with_session(store, add_marker));
  router.on("GET", "/api/sessions/{id}/profile", with_session(store, session_profile));
}

}  // namespace ember::emberd
