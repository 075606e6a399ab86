// The --listen argument: "HOST:PORT" (IPv4 or [IPv6]), and whether it is loopback-only.
#pragma once

#include <cstdint>
#include <string>

#include "ember/result.h"

namespace ember::server {

struct ListenAddress {
  std::string host;  // an IP address literal, without brackets
  uint16_t port = 0;
  bool loopback = false;  // 127.0.0.0/8 or ::1
};

Result<ListenAddress> parse_listen_address(const std::string& text);

}  // namespace ember::server
