#include "ember/server/router.h"

#include <atomic>
#include <exception>
#include <memory>

namespace ember::server {

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    const size_t end = path.find('/', start);
    segments.push_back(path.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return segments;
}

bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Binds "{name}" segments into `params` when `path` fits `pattern`.
bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (is_parameter(pattern[i])) {
      if (path[i].empty()) return false;
      params[pattern[i].substr(1, pattern[i].size() - 2)] = path[i];
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

// Makes sure a response goes out exactly once, even when the handler throws after or
// without responding.
class OnceResponder {
 public:
  explicit OnceResponder(Respond respond) : respond_(std::move(respond)) {}
  void operator()(Response response) {
    if (!done_.exchange(true)) respond_(std::move(response));
  }

 private:
  Respond respond_;
  std::atomic<bool> done_{false};
};

}  // namespace

void Router::on(const std::string& method, const std::string& pattern, Handler handler,
                size_t max_body_bytes) {
  on_async(
      method, pattern,
      [handler = std::move(handler)](const Request& request, Respond respond) {
        respond(handler(request));
      },
      max_body_bytes);
}

void Router::on_async(const std::string& method, const std::string& pattern, AsyncHandler handler,
                      size_t max_body_bytes) {
  routes_.push_back({method, split_path(pattern), std::move(handler), max_body_bytes});
}

size_t Router::max_body_bytes(const std::string& method, const std::string& path,
                              size_t server_limit) const {
  const auto segments = split_path(path.substr(0, path.find('?')));
  std::map<std::string, std::string> params;
  for (const auto& route : routes_)
    if (route.method == method && match(route.segments, segments, params))
      return route.max_body_bytes ? route.max_body_bytes : server_limit;
  return server_limit;
}

void Router::fallback(Handler handler) {
  fallback_ = std::move(handler);
}

void Router::dispatch(const Request& request, Respond respond) const {
  auto once = std::make_shared<OnceResponder>(std::move(respond));
  Respond deliver = [once](Response response) { (*once)(std::move(response)); };
  try {
    const auto segments = split_path(request.path);
    bool path_known = false;
    for (const auto& route : routes_) {
      auto params = request.params;
      if (!match(route.segments, segments, params)) continue;
      path_known = true;
      if (route.method != request.method) continue;
      Request bound = request;  // copied (body and all) only for the route that runs
      bound.params = std::move(params);
      route.handler(bound, deliver);
      return;
    }
    if (path_known)
      return deliver(json_error(405, request.method + " is not allowed on " + request.path));
    if (fallback_ && (request.method == "GET" || request.method == "HEAD"))
      return deliver(fallback_(request));
    deliver(json_error(404, "no such endpoint: " + request.path.substr(0, 200) +
                                " (the API is described in API.md)"));
  } catch (const std::exception& error) {
    deliver(json_error(500, std::string("internal error: ") + error.what()));
  }
}

}  // namespace ember::server
