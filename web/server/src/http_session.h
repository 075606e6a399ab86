// One client connection: reads requests (bounded in size and time), hands each to the router
// on the worker pool, writes the answers in order, keeps the connection alive between them.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "server_context.h"

namespace ember::server {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerContext> context);
  ~HttpSession();
  void start();
  // Closes the socket; only while no server thread runs (Server::stop()).
  void close();

 private:
  void read_request();
  void on_read(boost::beast::error_code error);
  void handle(boost::beast::http::request<boost::beast::http::string_body> message);
  void send(Response response);
  void on_written(boost::beast::error_code error);
  // Answers a request that could not be read, then closes: the rest of it is unread.
  void refuse(Response response);
  // Half-closes and discards what the client still sends, so that closing does not reset the
  // connection before the client has read our answer.
  void drain_and_close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<ServerContext> context_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<boost::beast::http::response<boost::beast::http::string_body>> response_;
  // One request at a time per connection: these describe the one being answered.
  bool keep_alive_ = false;
  bool head_ = false;
};

}  // namespace ember::server
