// One client connection: reads requests (bounded in size and time), finds who sent them, hands
// each to the router on the worker pool, writes the answers in order, keeps the connection alive
// between them. `Protocol` is TCP or a Unix stream socket.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "connection.h"
#include "server_context.h"

namespace ember::server {

template <class Protocol>
class HttpSession : public Connection, public std::enable_shared_from_this<HttpSession<Protocol>> {
 public:
  HttpSession(typename Protocol::socket socket, std::shared_ptr<ServerContext> context);
  ~HttpSession() override;
  void start();
  void close() override;

 private:
  void read_request();  // the header, then read_body
  void read_body();
  void release_large_body();
  void on_read(boost::beast::error_code error);
  void handle(boost::beast::http::request<boost::beast::http::string_body> message);
  // The uid of the client, asked of the kernel once per connection, when its first request has
  // been read: a client that closed before then is nobody.
  Result<uint32_t> identify();
  void send(Response response);
  void on_written(boost::beast::error_code error);
  // Answers a request that could not be read, then closes: the rest of it is unread.
  void refuse(Response response);
  // Half-closes and discards what the client still sends, so that closing does not reset the
  // connection before the client has read our answer.
  void drain_and_close();

  boost::beast::basic_stream<Protocol> stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<ServerContext> context_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<boost::beast::http::response<boost::beast::http::string_body>> response_;
  std::optional<Result<uint32_t>> peer_uid_;  // set with the first request
  // One request at a time per connection: these describe the one being answered.
  bool keep_alive_ = false;
  bool head_ = false;
  size_t body_limit_ = 0;    // of the route the request is for
  bool large_body_ = false;  // holds one of ServerContext::large_bodies
};

extern template class HttpSession<boost::asio::ip::tcp>;
extern template class HttpSession<boost::asio::local::stream_protocol>;

}  // namespace ember::server
