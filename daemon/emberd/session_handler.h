// Handlers of one existing session, as the routes under /api/sessions/ID share them.
#pragma once

#include <functional>

#include "ember/server/router.h"
#include "session_store.h"

namespace ember::emberd {

// 404 for an id that names no session.
server::Response unknown_session(const server::Request& request);

// Wraps a handler of one existing session: 404 when the id names none, 403 when it is another
// user's.
server::Handler with_session(
    daemon::SessionStore& store,
    std::function<server::Response(daemon::Session&, const server::Request&)> handler);

}  // namespace ember::emberd
