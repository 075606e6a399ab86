// The --listen argument: "HOST:PORT" (IPv4 or [IPv6]) and whether it is loopback-only, or
// "unix:PATH", a Unix socket (local, like loopback).
#pragma once

#include <cstdint>
#include <string>

#include "ember/result.h"

namespace ember::server {

struct ListenAddress {
  std::string host;  // an IP address literal, without brackets
  uint16_t port = 0;
  bool loopback = false;  // 127.0.0.0/8, ::1 or a Unix socket
  std::string unix_path;  // set for "unix:PATH"; host and port are then unused
};

Result<ListenAddress> parse_listen_address(const std::string& text);

}  // namespace ember::server
