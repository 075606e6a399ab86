// Starting a session on behalf of a request's sender, as the access policy allows.
#pragma once

#include <memory>
#include <variant>

#include "access_policy.h"
#include "ember/server/response.h"
#include "session_store.h"

namespace ember::emberd {

// The started session, or the answer saying why there is none: 403 (not allowed), 429 (too many
// recording), 400 (the recording cannot start).
std::variant<std::shared_ptr<daemon::Session>, server::Response> start_session_for(
    const AccessPolicy& policy, daemon::SessionStore& store, const server::Request& request,
    daemon::SessionOptions options);

}  // namespace ember::emberd
