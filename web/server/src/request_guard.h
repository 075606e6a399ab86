// Checks that keep other web sites out of a loopback daemon. A page open in the user's browser
// can send requests to 127.0.0.1 (cross-site request forgery), and a host name that an attacker
// re-points at 127.0.0.1 makes its pages same-origin (DNS rebinding). So: on loopback the Host
// must be a loopback name; a request from a browser must come from our own origin (Origin,
// Sec-Fetch-Site); and a state-changing request must send JSON (or a load test's CSV or JSON
// lines) that says so and the client header (ember/server/request.h), which browsers cannot send
// cross-site without asking.
#pragma once

#include <optional>

#include "ember/server/listen_address.h"
#include "ember/server/request.h"
#include "ember/server/response.h"

namespace ember::server {

// An error response when the request must be refused, nullopt when it may go on.
std::optional<Response> guard_request(const Request& request, const ListenAddress& address);

}  // namespace ember::server
