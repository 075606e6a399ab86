#include "ember/server/peer_identity.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "ember/unique_fd.h"

namespace ember::server {

namespace {

struct Endpoints {
  sockaddr_storage local{};
  sockaddr_storage remote{};
};

Result<Endpoints> endpoints_of(int fd) {
  Endpoints endpoints;
  socklen_t local_size = sizeof(endpoints.local), remote_size = sizeof(endpoints.remote);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&endpoints.local), &local_size) != 0 ||
      getpeername(fd, reinterpret_cast<sockaddr*>(&endpoints.remote), &remote_size) != 0)
    return make_error(std::string("the connection has no peer: ") + std::strerror(errno));
  if (endpoints.local.ss_family != endpoints.remote.ss_family ||
      (endpoints.local.ss_family != AF_INET && endpoints.local.ss_family != AF_INET6))
    return make_error("not a TCP/IP connection");
  return endpoints;
}

// Fills the address and port of one end of a sock_diag socket id.
void set_end(const sockaddr_storage& address, __be32 (&ip)[4], __be16& port) {
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    ip[0] = v4.sin_addr.s_addr;
    port = v4.sin_port;
  } else {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    std::memcpy(ip, &v6.sin6_addr, sizeof(v6.sin6_addr));
    port = v6.sin6_port;
  }
}

// The request for the client's socket: seen from the client, its source is our peer's address
// and its destination ours.
inet_diag_req_v2 client_socket_request(const Endpoints& endpoints) {
  inet_diag_req_v2 request{};
  request.sdiag_family = static_cast<uint8_t>(endpoints.local.ss_family);
  request.sdiag_protocol = IPPROTO_TCP;
  request.idiag_states = 1u << TCP_ESTABLISHED;
  set_end(endpoints.remote, request.id.idiag_src, request.id.idiag_sport);
  set_end(endpoints.local, request.id.idiag_dst, request.id.idiag_dport);
  request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
  request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
  return request;
}

bool same_id(const inet_diag_sockid& a, const inet_diag_sockid& b) {
  return a.idiag_sport == b.idiag_sport && a.idiag_dport == b.idiag_dport &&
         std::memcmp(a.idiag_src, b.idiag_src, sizeof(a.idiag_src)) == 0 &&
         std::memcmp(a.idiag_dst, b.idiag_dst, sizeof(a.idiag_dst)) == 0;
}

}  // namespace

Result<uint32_t> loopback_peer_uid(int connected_fd) {
  auto endpoints = endpoints_of(connected_fd);
  if (!endpoints) return endpoints.error();
  UniqueFd netlink(socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  if (!netlink.valid())
    return make_error(std::string("cannot open a sock_diag socket: ") + std::strerror(errno));
  // The kernel answers at once; the bound only keeps a broken kernel from stalling the server.
  timeval limit{.tv_sec = 1, .tv_usec = 0};
  setsockopt(netlink.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));

  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof(message);
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST;  // one socket by its id, not a dump
  message.request = client_socket_request(*endpoints);
  if (send(netlink.get(), &message, sizeof(message), 0) != static_cast<ssize_t>(sizeof(message)))
    return make_error(std::string("cannot ask sock_diag: ") + std::strerror(errno));

  alignas(nlmsghdr) char buffer[8192];
  const ssize_t got = recv(netlink.get(), buffer, sizeof(buffer), 0);
  if (got < 0) return make_error(std::string("no answer from sock_diag: ") + std::strerror(errno));
  int length = static_cast<int>(got);
  for (auto* header = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(header, length);
       header = NLMSG_NEXT(header, length)) {
    if (header->nlmsg_type == NLMSG_ERROR) {
      const auto* error = static_cast<const nlmsgerr*>(NLMSG_DATA(header));
      return make_error(error->error == -ENOENT
                            ? std::string("the client's socket is gone")
                            : std::string("sock_diag: ") + std::strerror(-error->error));
    }
    if (header->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
        header->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg)))
      continue;
    const auto* found = static_cast<const inet_diag_msg*>(NLMSG_DATA(header));
    if (!same_id(found->id, message.request.id)) continue;
    if (found->idiag_state != TCP_ESTABLISHED)
      return make_error("the client closed its end of the connection");
    if (found->idiag_inode == 0) return make_error("no process holds the client's socket");
    return found->idiag_uid;
  }
  return make_error("sock_diag does not know the client's socket");
}

Result<uint32_t> unix_peer_uid(int connected_fd) {
  ucred credentials{};
  socklen_t size = sizeof(credentials);
  if (getsockopt(connected_fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0)
    return make_error(std::string("cannot read the peer's credentials: ") + std::strerror(errno));
  return static_cast<uint32_t>(credentials.uid);
}

}  // namespace ember::server
