// emberd: the profiling daemon and its web UI.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "ember/server/auth.h"
#include "ember/server/server.h"
#include "routes.h"
#include "session_store.h"

namespace {

struct Arguments {
  std::string listen = "127.0.0.1:7070";
  std::string token_file;
  bool read_only = false;
  size_t max_sessions_per_user = ember::daemon::SessionLimits{}.max_running_per_user;
};

int fail(const std::string& message) {
  std::cerr << "emberd: " << message << "\n";
  return 1;
}

// The signals that end the daemon are blocked in every thread and taken here, by sigwait:
// no handler runs in the middle of a server thread.
sigset_t termination_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments arguments;
  CLI::App app{"emberd: the ember profiling daemon, its HTTP API and web UI"};
  app.add_option("--listen", arguments.listen,
                 "HOST:PORT to serve on (port 0: any free port), or unix:PATH")
      ->capture_default_str();
  app.add_option("--token-file", arguments.token_file,
                 "file whose first line is the access token; required off loopback");
  app.add_flag("--read-only", arguments.read_only, "serve the sessions there are, start none");
  app.add_option("--max-sessions-per-user", arguments.max_sessions_per_user,
                 "sessions that one user other than root may record at once")
      ->check(CLI::Range(size_t{1}, size_t{64}))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  auto address = ember::server::parse_listen_address(arguments.listen);
  if (!address) return fail(address.error().message);
  std::optional<std::string> token;
  if (!arguments.token_file.empty()) {
    auto read = ember::server::read_token_file(arguments.token_file);
    if (!read) return fail(read.error().message);
    token = std::move(*read);
  }
  if (!address->loopback && !token)
    return fail(
        "refusing to listen on " + arguments.listen +
        " without --token-file: anyone who reaches it could profile and launch processes as root");

  const sigset_t signals = termination_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts: they inherit it
  signal(SIGPIPE, SIG_IGN);

  ember::daemon::SessionStore store({.max_running_per_user = arguments.max_sessions_per_user});
  const ember::emberd::AccessPolicy policy(arguments.read_only);
  ember::server::Auth auth(token);
  auto counters = std::make_shared<ember::server::RequestCounters>();
  auto server = ember::server::Server::start(
      {.address = *address, .auth = auth, .limits = {}},
      ember::emberd::emberd_router(store, auth, policy, counters), counters);
  if (!server) return fail(server.error().message);
  if (!address->unix_path.empty()) {
    std::cout << "emberd listening on unix:" << address->unix_path << std::endl;
  } else {
    const std::string host =
        address->host.find(':') == std::string::npos ? address->host : "[" + address->host + "]";
    std::cout << "emberd listening on http://" << host << ":" << (*server)->port() << "/"
              << std::endl;
  }

  int received = 0;
  sigwait(&signals, &received);
  std::cerr << "emberd: stopping (" << strsignal(received) << ")\n";
  (*server)->stop();
  if (!address->unix_path.empty()) std::remove(address->unix_path.c_str());
  store.stop_all();
  return 0;
}
