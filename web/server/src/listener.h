// Accepts connections and starts an HttpSession for each, up to a bounded number at once: on a
// TCP address, or on a Unix socket.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <memory>

#include "ember/result.h"
#include "server_context.h"

namespace ember::server {

class Listener {
 public:
  virtual ~Listener() = default;
  // Binds and listens on the context's address.
  static Result<std::shared_ptr<Listener>> open(std::shared_ptr<ServerContext> context);

  virtual uint16_t port() const = 0;  // 0 on a Unix socket
  virtual void start() = 0;
  virtual void close() = 0;
};

}  // namespace ember::server
