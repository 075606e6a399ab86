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
  state_->listener->close();
  state_->context->io.stop();
  for (auto& thread : state_->io_threads) thread.join();
  state_->context->workers.stop();
  state_->context->workers.join();
}

}  // namespace ember::server
