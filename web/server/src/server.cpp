#include "ember/server/server.h"

#include <thread>
#include <vector>

#include "listener.h"

namespace ember::server {

struct Server::State {
  std::shared_ptr<ServerContext> context;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> io_threads;
  bool stopped = false;
};

Server::Server(std::unique_ptr<State> state) : state_(std::move(state)) {}

Server::~Server() {
  stop();
}

Result<std::unique_ptr<Server>> Server::start(ServerOptions options, Router router,
                                              std::shared_ptr<RequestCounters> counters) {
  auto state = std::make_unique<State>();
  state->context =
      std::make_shared<ServerContext>(std::move(options), std::move(router), std::move(counters));
  auto listener = Listener::open(state->context);
  if (!listener) return listener.error();
  state->listener = std::move(*listener);
  state->listener->start();
  for (int i = 0; i < state->context->options.limits.io_threads; ++i)
    state->io_threads.emplace_back([context = state->context] { context->io.run(); });
  return std::unique_ptr<Server>(new Server(std::move(state)));
}

uint16_t Server::port() const {
  return state_->listener->port();
}

void Server::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  ServerContext& context = *state_->context;
  std::vector<std::weak_ptr<Connection>> connections;
  {
    std::lock_guard lock(context.stop_mutex);
    context.stopped = true;
    connections.swap(context.connections);
  }
  state_->listener->close();
  context.io.stop();
  for (auto& thread : state_->io_threads) thread.join();
  // No server thread runs now: close every connection here, then let the aborted reads and
  // writes finish so that the connections are released.
  for (const auto& weak : connections)
    if (auto connection = weak.lock()) connection->close();
  context.io.restart();
  context.io.poll();
  context.workers.stop();
  context.workers.join();
}

}  // namespace ember::server
