// The embedded web UI as HTTP responses. Only files compiled into the binary are served, so no
// request path (with "..", escapes or anything else) reaches the file system.
#pragma once

#include "ember/server/request.h"
#include "ember/server/response.h"

namespace ember::server {

// The UI file the request path names ("/" is index.html), or a 404 JSON error.
Response ui_file(const Request& request);

}  // namespace ember::server
