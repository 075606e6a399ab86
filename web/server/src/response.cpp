#include "ember/server/response.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace ember::server {

Response make_response(int status, std::string content_type, std::string body) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

Response json_response(int status, std::string json) {
  return make_response(status, "application/json", std::move(json));
}

Response json_error(int status, const std::string& message) {
  // Messages may quote user input: replace invalid UTF-8 instead of throwing.
  const nlohmann::json body = {{"error", message}};
  return json_response(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response forbidden(const std::string& reason) {
  std::string line = reason;
  std::replace_if(
      line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  Response response = make_response(403, "text/plain; charset=utf-8", line + "\n");
  response.headers.emplace_back("X-Go-Pprof", "1");
  return response;
}

Response no_content() {
  return make_response(204, "", "");
}

Response attachment(std::string content_type, std::string body, const std::string& filename) {
  Response response = make_response(200, std::move(content_type), std::move(body));
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return response;
}

}  // namespace ember::server
