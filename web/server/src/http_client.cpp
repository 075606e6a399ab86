#include "ember/server/http_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <charconv>
#include <limits>

#include "lower_case.h"

namespace ember::server {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

std::string HttpReply::header(const std::string& name) const {
  auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

Result<HttpUrl> parse_http_url(const std::string& text) {
  const std::string usage = "'" + text + "' is not an http:// URL, e.g. http://127.0.0.1:7070";
  constexpr std::string_view scheme = "http://";
  if (!text.starts_with(scheme)) return make_error(usage);
  std::string rest = text.substr(scheme.size());
  HttpUrl url;
  const size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) url.path_prefix = rest.substr(slash);
  while (url.path_prefix.ends_with('/')) url.path_prefix.pop_back();
  size_t colon = authority.rfind(':');
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string::npos) return make_error(usage);
    url.host = authority.substr(1, close - 1);
    colon = authority.find(':', close);
  } else {
    url.host = authority.substr(0, colon);
  }
  if (colon != std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    unsigned value = 0;
    auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || error != std::errc() || end != port.data() + port.size() || value == 0 ||
        value > 65535)
      return make_error(usage);
    url.port = static_cast<uint16_t>(value);
  }
  if (url.host.empty()) return make_error(usage);
  return url;
}

Result<HttpReply> http_request(const std::string& host, uint16_t port,
                               const HttpExchange& exchange) {
  const std::string where = host + ":" + std::to_string(port);
  http::request<http::string_body> request;
  request.method_string(exchange.method);
  request.target(exchange.target);
  request.version(11);
  request.set(http::field::host, port == 80 ? host : where);
  request.set(http::field::connection, "close");
  for (const auto& [name, value] : exchange.headers) request.set(name, value);
  request.body() = exchange.body;
  if (!exchange.body.empty() || exchange.method == "POST" || exchange.method == "PUT")
    request.prepare_payload();

  // Asynchronous steps on a private event loop: that is how the deadline covers all of them
  // (blocking socket calls would wait forever on a silent server).
  net::io_context io;
  tcp::resolver resolver(io);
  boost::beast::tcp_stream stream(io);
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::numeric_limits<uint64_t>::max());
  boost::system::error_code failure;
  stream.expires_after(exchange.timeout);

  resolver.async_resolve(host, std::to_string(port), [&](auto error, auto endpoints) {
    if (error) return void(failure = error);
    stream.async_connect(endpoints, [&](auto error, auto) {
      if (error) return void(failure = error);
      http::async_write(stream, request, [&](auto error, auto) {
        if (error) return void(failure = error);
        http::async_read(stream, buffer, parser, [&](auto error, auto) { failure = error; });
      });
    });
  });
  io.run();
  if (failure) return make_error("HTTP request to " + where + " failed: " + failure.message());

  const auto& response = parser.get();
  HttpReply reply;
  reply.status = static_cast<int>(response.result_int());
  for (const auto& field : response)
    reply.headers[lower_case(std::string(field.name_string()))] = std::string(field.value());
  reply.body = response.body();
  return reply;
}

}  // namespace ember::server
