// The HTTP server: a listener, a session per connection, handlers on a worker pool so that a
// slow handler (symbolizing a large profile) never stalls reading and writing.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>

#include "ember/result.h"
#include "ember/server/auth.h"
#include "ember/server/listen_address.h"
#include "ember/server/request_counters.h"
#include "ember/server/router.h"

namespace ember::server {

struct ServerLimits {
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  std::chrono::seconds read_timeout{30};   // a whole request, also an idle keep-alive wait
  std::chrono::seconds write_timeout{60};  // a whole response
  int io_threads = 2;
  int worker_threads = 4;
};

struct ServerOptions {
  ListenAddress address;
  Auth auth;
  ServerLimits limits;
};

class Server {
 public:
  // Binds and listens (port 0 picks a free port), then serves on background threads.
  static Result<std::unique_ptr<Server>> start(ServerOptions options, Router router,
                                               std::shared_ptr<RequestCounters> counters);
  ~Server();

  uint16_t port() const;  // the bound port
  // Stops accepting and closes connections; returns once every server thread has ended.
  void stop();

 private:
  struct State;
  explicit Server(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace ember::server
