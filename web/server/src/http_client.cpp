#include "ember/server/http_client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <charconv>

namespace ember::server {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

// Blocking socket calls give up after `timeout` (the kernel's timeouts, no event loop needed).
void set_socket_timeouts(tcp::socket& socket, std::chrono::seconds timeout) {
  timeval limit{.tv_sec = timeout.count(), .tv_usec = 0};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit));
}

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return result;
}

}  // namespace

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
  try {
    net::io_context io;
    tcp::resolver resolver(io);
    tcp::socket socket(io);
    net::connect(socket, resolver.resolve(host, std::to_string(port)));
    set_socket_timeouts(socket, exchange.timeout);

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
    http::write(socket, request);

    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<uint64_t>::max());
    http::read(socket, buffer, parser);
    const auto& response = parser.get();
    HttpReply reply;
    reply.status = static_cast<int>(response.result_int());
    for (const auto& field : response)
      reply.headers[lower(std::string(field.name_string()))] = std::string(field.value());
    reply.body = response.body();
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    return reply;
  } catch (const boost::system::system_error& error) {
    return make_error("HTTP request to " + where + " failed: " + error.code().message());
  }
}

}  // namespace ember::server
