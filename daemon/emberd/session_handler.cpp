#include "session_handler.h"

#include "access_policy.h"

namespace ember::emberd {

server::Response unknown_session(const server::Request& request) {
  return server::json_error(404, "no session '" + request.param("id").substr(0, 40) +
                                     "': GET /api/sessions lists them (ended ones may have been "
                                     "evicted)");
}

server::Handler with_session(
    daemon::SessionStore& store,
    std::function<server::Response(daemon::Session&, const server::Request&)> handler) {
  return [&store, handler = std::move(handler)](const server::Request& request) {
    auto session = store.find(request.param("id"));
    if (!session) return unknown_session(request);
    if (!may_see(request, *session)) return server::forbidden(not_yours(*session));
    return handler(*session, request);
  };
}

}  // namespace ember::emberd
