// What the listener and every connection share. Connections hold it by shared_ptr: a response
// can arrive after the server stopped (a recording that ends late), and must find it alive.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <mutex>
#include <vector>

#include "connection.h"
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
  std::atomic<int> open_connections{0};
  static constexpr int kMaxConnections = 256;
  // Requests whose body may pass the server's limit (a route's larger one), from their header
  // until answered: few at once, so that connections cannot each hold a large body.
  std::atomic<int> large_bodies{0};
  static constexpr int kMaxLargeBodies = 2;

  // Set by Server::stop(): answers that arrive later are dropped instead of queued on an
  // event loop that no longer runs.
  std::mutex stop_mutex;
  bool stopped = false;
  // The connections, so that stop() can close them.
  std::vector<std::weak_ptr<Connection>> connections;

  // Last, so that they go first: their pending handlers hold connections, which use the above.
  boost::asio::io_context io;        // sockets and timers
  boost::asio::thread_pool workers;  // handlers
};

}  // namespace ember::server
