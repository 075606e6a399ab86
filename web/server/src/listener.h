// Accepts connections and starts an HttpSession for each, up to a bounded number at once.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "ember/result.h"
#include "server_context.h"

namespace ember::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens on the context's address.
  static Result<std::shared_ptr<Listener>> open(std::shared_ptr<ServerContext> context);

  uint16_t port() const { return port_; }
  void start();
  void close();

 private:
  Listener(std::shared_ptr<ServerContext> context, boost::asio::ip::tcp::acceptor acceptor);
  void accept();
  void on_accept(boost::system::error_code error, boost::asio::ip::tcp::socket socket);

  std::shared_ptr<ServerContext> context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
};

}  // namespace ember::server
