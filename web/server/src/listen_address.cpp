#include "ember/server/listen_address.h"

#include <boost/asio/ip/address.hpp>
#include <charconv>

namespace ember::server {

Result<ListenAddress> parse_listen_address(const std::string& text) {
  const std::string usage =
      "--listen '" + text + "': use HOST:PORT, e.g. 127.0.0.1:7070 or [::1]:7070, or unix:PATH";
  if (text.starts_with("unix:")) {
    const std::string path = text.substr(5);
    // sun_path holds 108 bytes with its terminating zero.
    if (path.empty() || path.size() > 107) return make_error(usage + " (PATH of 1 to 107 bytes)");
    return ListenAddress{.host = "", .port = 0, .loopback = true, .unix_path = path};
  }
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return make_error(usage);
  std::string host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']') return make_error(usage);
    host = host.substr(1, host.size() - 2);
  }
  const std::string port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535)
    return make_error(usage);
  boost::system::error_code parse_error;
  const auto address = boost::asio::ip::make_address(host, parse_error);
  if (parse_error) return make_error(usage + " (HOST must be an IP address)");
  return ListenAddress{.host = host,
                       .port = static_cast<uint16_t>(port),
                       .loopback = address.is_loopback(),
                       .unix_path = ""};
}

}  // namespace ember::server
