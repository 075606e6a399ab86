// The route table: (method, path pattern) -> handler. Patterns are literal segments and
// "{name}" segments, which match one non-empty segment and bind it in Request::params.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ember/server/request.h"
#include "ember/server/response.h"

namespace ember::server {

// Delivers the response. Callable once, from any thread, at any later time.
using Respond = std::function<void(Response)>;
// A handler that answers later (e.g. when a recording ends) through `respond`.
using AsyncHandler = std::function<void(const Request&, Respond respond)>;
// A handler that answers at once.
using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  // `max_body_bytes`: a larger body than the server's limit that this route takes (0: the
  // server's limit), for an upload such as a load test's latency file.
  void on(const std::string& method, const std::string& pattern, Handler handler,
          size_t max_body_bytes = 0);
  void on_async(const std::string& method, const std::string& pattern, AsyncHandler handler,
                size_t max_body_bytes = 0);
  // Answers GET/HEAD requests that no route matched (the UI's files); otherwise 404.
  void fallback(Handler handler);

  // Runs the matching handler: 404 for an unknown path, 405 for a known path with another
  // method, 500 (with the daemon still serving) when a handler throws.
  void dispatch(const Request& request, Respond respond) const;

  // The body limit of the route that `method` and `path` (as sent, with any query) would run:
  // its own, or `server_limit`. Asked once the request's header has been read.
  size_t max_body_bytes(const std::string& method, const std::string& path,
                        size_t server_limit) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    AsyncHandler handler;
    size_t max_body_bytes = 0;
  };
  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace ember::server
