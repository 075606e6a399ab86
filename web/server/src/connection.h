// What the server keeps of each open connection, whatever its transport: a way to close it.
#pragma once

namespace ember::server {

class Connection {
 public:
  virtual ~Connection() = default;
  // Closes the socket; only while no server thread runs (Server::stop()).
  virtual void close() = 0;
};

}  // namespace ember::server
