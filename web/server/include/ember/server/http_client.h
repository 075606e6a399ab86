// A small blocking HTTP/1.1 client: one request per connection, for `ember mark` and tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ember/result.h"

namespace ember::server {

// "http://host[:port][/prefix]"; https is not supported.
struct HttpUrl {
  std::string host;
  uint16_t port = 80;
  std::string path_prefix;  // "" or "/prefix" without a trailing '/'
};
Result<HttpUrl> parse_http_url(const std::string& text);

struct HttpExchange {
  std::string method = "GET";
  std::string target = "/";  // sent verbatim
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::seconds timeout{30};
};

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const;
};

Result<HttpReply> http_request(const std::string& host, uint16_t port,
                               const HttpExchange& exchange);

}  // namespace ember::server
