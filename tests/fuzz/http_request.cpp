// Bytes from the network, through emberd's own server and route table: HTTP parsing, the
// request guards, query and JSON bodies, every route's argument checks. The store may start no
// session (max_running 0), so requests that would record are parsed and checked, then refused.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "ember/server/server.h"
#include "routes.h"
#include "session_store.h"

namespace {

using namespace ember;

struct Daemon {
  Daemon() {
    auto address = server::parse_listen_address("127.0.0.1:0");
    if (!address) std::abort();
    auto counters = std::make_shared<server::RequestCounters>();
    auto started = server::Server::start({.address = *address, .auth = auth, .limits = {}},
                                         emberd::emberd_router(store, auth, policy, counters), counters);
    if (!started) std::abort();
    server = std::move(*started);
  }

  daemon::SessionStore store{daemon::SessionLimits{.max_kept = 4, .max_running = 0}};
  server::Auth auth;
  // Read-only: what the fuzzer sends may ask for any session, none starts.
  const emberd::AccessPolicy policy{true};
  std::unique_ptr<server::Server> server;
};

// Sends the request, closes the sending side and reads until emberd closes.
void exchange(uint16_t port, const uint8_t* data, size_t size) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) std::abort();
  timeval timeout{.tv_sec = 10, .tv_usec = 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) std::abort();
  for (size_t sent = 0; sent < size;) {
    ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // emberd may answer and close before reading everything
    sent += static_cast<size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  char reply[4096];
  ssize_t n;
  while ((n = ::recv(fd, reply, sizeof reply, 0)) > 0) {
  }
  // A read timeout means emberd kept a finished, closed request open: that is a hang.
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) std::abort();
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Daemon daemon;
  exchange(daemon.server->port(), data, size);
  return 0;
}
