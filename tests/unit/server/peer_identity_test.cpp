// The uid behind a connection, asked of the real kernel about real sockets of this process.
#include "ember/server/peer_identity.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ember/unique_fd.h"

namespace ember::server {
namespace {

// A loopback TCP connection within this process: the client's end and the server's.
struct LoopbackConnection {
  UniqueFd client;
  UniqueFd server;
};

LoopbackConnection connect_over(int family) {
  UniqueFd listener(socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_storage address{};
  socklen_t size = 0;
  if (family == AF_INET) {
    auto& v4 = reinterpret_cast<sockaddr_in&>(address);
    v4.sin_family = AF_INET;
    v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    size = sizeof(v4);
  } else {
    auto& v6 = reinterpret_cast<sockaddr_in6&>(address);
    v6.sin6_family = AF_INET6;
    v6.sin6_addr = in6addr_loopback;
    size = sizeof(v6);
  }
  auto* raw = reinterpret_cast<sockaddr*>(&address);
  if (bind(listener.get(), raw, size) != 0 || listen(listener.get(), 1) != 0 ||
      getsockname(listener.get(), raw, &size) != 0)
    return {};
  LoopbackConnection connection{UniqueFd(socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0)), {}};
  if (connect(connection.client.get(), raw, size) != 0) return {};
  connection.server.reset(accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  return connection;
}

TEST(PeerIdentity, FindsTheUidOwningTheClientSocket) {
  for (int family : {AF_INET, AF_INET6}) {
    LoopbackConnection connection = connect_over(family);
    if (family == AF_INET6 && !connection.server.valid()) continue;  // no IPv6 loopback here
    ASSERT_TRUE(connection.server.valid()) << family;
    auto uid = loopback_peer_uid(connection.server.get());
    ASSERT_TRUE(uid.ok()) << family << ": " << uid.error().message;
    EXPECT_EQ(*uid, getuid());
  }
}

TEST(PeerIdentity, AClientThatHalfClosedIsNobody) {
  LoopbackConnection connection = connect_over(AF_INET);
  ASSERT_TRUE(connection.server.valid());
  ASSERT_EQ(shutdown(connection.client.get(), SHUT_WR), 0);
  auto uid = loopback_peer_uid(connection.server.get());
  ASSERT_FALSE(uid.ok());
  EXPECT_NE(uid.error().message.find("closed"), std::string::npos) << uid.error().message;
}

TEST(PeerIdentity, AClientThatClosedIsNobody) {
  LoopbackConnection connection = connect_over(AF_INET);
  ASSERT_TRUE(connection.server.valid());
  connection.client.reset();  // its socket lingers, orphaned, in FIN_WAIT2
  EXPECT_FALSE(loopback_peer_uid(connection.server.get()).ok());
}

TEST(PeerIdentity, AClientSocketThatIsGoneIsNobody) {
  LoopbackConnection connection = connect_over(AF_INET);
  ASSERT_TRUE(connection.server.valid());
  // Closing with a zero linger resets the connection: the client's socket is destroyed at once.
  linger abort{.l_onoff = 1, .l_linger = 0};
  setsockopt(connection.client.get(), SOL_SOCKET, SO_LINGER, &abort, sizeof(abort));
  connection.client.reset();
  EXPECT_FALSE(loopback_peer_uid(connection.server.get()).ok());
}

TEST(PeerIdentity, AUnixSocketPeerIsKnownByItsCredentials) {
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  UniqueFd one(pair[0]), other(pair[1]);
  auto uid = unix_peer_uid(one.get());
  ASSERT_TRUE(uid.ok()) << uid.error().message;
  EXPECT_EQ(*uid, getuid());
  EXPECT_FALSE(unix_peer_uid(-1).ok());
}

}  // namespace
}  // namespace ember::server
