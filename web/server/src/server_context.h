// What the listener and every connection share. Connections hold it by shared_ptr: a response
// can arrive after the server stopped (a recording that ends late), and must find it alive.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "ember/server/server.h"

namespace ember::server {

struct ServerContext {
  ServerContext(ServerOptions options_, Router router_, std::shared_ptr<RequestCounters> counters_)
      : options(std::move(options_)),
        router(std::move(router_)),
        counters(std::move(counters_)),
        workers(static_cast<size_t>(options.limits.worker_threads)) {}

  ServerOptions options;
  Router router;
  std::shared_ptr<RequestCounters> counters;
  boost::asio::io_context io;        // sockets and timers
  boost::asio::thread_pool workers;  // handlers
  std::atomic<int> open_connections{0};
  static constexpr int kMaxConnections = 256;
};

}  // namespace ember::server
