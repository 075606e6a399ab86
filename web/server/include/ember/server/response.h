// What a handler answers. The session turns it into an HTTP response.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ember::server {

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra fields, e.g. Location
};

Response make_response(int status, std::string content_type, std::string body);

// `json` is already serialized JSON text.
Response json_response(int status, std::string json);

// {"error": message}: one line saying what went wrong and how to fix it.
Response json_error(int status, const std::string& message);

// 403 Forbidden with `reason` as one line of text/plain, X-Go-Pprof set: `go tool pprof` prints
// such a body instead of a bare status.
Response forbidden(const std::string& reason);

// 204 No Content.
Response no_content();

// A download: the Content-Disposition names `filename`.
Response attachment(std::string content_type, std::string body, const std::string& filename);

}  // namespace ember::server
