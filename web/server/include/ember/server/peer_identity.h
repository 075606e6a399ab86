// Who is at the other end of a connection, as the kernel tells: the uid that owns the client's
// socket. Nothing the client sends can change it, so a loopback daemon needs no token to know
// which local user it serves.
#pragma once

#include <cstdint>

#include "ember/result.h"

namespace ember::server {

// The uid owning the client socket of `connected_fd`, a TCP connection between two addresses of
// this host, looked up with sock_diag (NETLINK_SOCK_DIAG, INET_DIAG) by the connection's 4-tuple.
// Fails when no such socket exists, when it is no longer established (the client closed or
// half-closed it) or when no open file holds it any more.
Result<uint32_t> loopback_peer_uid(int connected_fd);

// The uid of the process that connected to the Unix socket `connected_fd` (SO_PEERCRED).
Result<uint32_t> unix_peer_uid(int connected_fd);

}  // namespace ember::server
