#include "request_guard.h"

#include <boost/asio/ip/address.hpp>

namespace ember::server {

namespace {

// "host", "host:port", "[v6]" or "[v6]:port" -> host.
std::string host_name(const std::string& host_header) {
  if (host_header.starts_with('[')) {
    const size_t close = host_header.find(']');
    return close == std::string::npos ? host_header : host_header.substr(1, close - 1);
  }
  return host_header.substr(0, host_header.find(':'));
}

bool is_loopback_name(const std::string& host) {
  if (host == "localhost") return true;
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(host, error);
  return !error && address.is_loopback();
}

bool changes_state(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// JSON, and the load tools' files (CSV, JSON lines) for the latency route: none is a type that
// a page of another site may send without a CORS preflight (as it may text/plain or a form's),
// a wall besides the client header.
bool accepted_body_type(const std::string& type) {
  for (const char* accepted : {"application/json", "text/csv", "application/x-ndjson"})
    if (type.starts_with(accepted)) return true;
  return false;
}

}  // namespace

std::optional<Response> guard_request(const Request& request, const ListenAddress& address) {
  const std::string host = request.header("host");
  if (address.loopback && !is_loopback_name(host_name(host)))
    return json_error(403, "this emberd listens on loopback: address it as 127.0.0.1 or localhost");
  // A browser says where a request comes from; a GET can start a recording (/debug/pprof), so
  // every method is checked.
  const std::string origin = request.header("origin");
  if ((!origin.empty() && origin != "http://" + host) ||
      request.header("sec-fetch-site") == "cross-site")
    return json_error(
        403, "cross-origin request refused: use emberd's own page or a non-browser client");
  if (!changes_state(request.method) || request.path == "/login") return std::nullopt;
  if (!request.body.empty() && !accepted_body_type(request.header("content-type")))
    return json_error(415,
                      "send the request body as JSON with Content-Type: application/json (a "
                      "latency file as text/csv or application/x-ndjson)");
  // No page of another site can set this header without a CORS preflight, which emberd never
  // grants: HTML forms and simple requests cannot change anything.
  if (request.header(std::string(kClientHeaderLower)).empty())
    return json_error(403, "state-changing requests need the header '" +
                               std::string(kClientHeader) + ": 1' (ember's clients send it)");
  return std::nullopt;
}

}  // namespace ember::server
