#include "http_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <limits>
#include <variant>

#include "ember/server/peer_identity.h"
#include "lower_case.h"
#include "request_guard.h"

namespace ember::server {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

bool is_parse_error(const beast::error_code& error) {
  return error.category() == http::make_error_code(http::error::bad_method).category();
}

// The request as handlers see it, or an error response.
std::variant<Request, Response> to_request(http::request<http::string_body>&& message) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  if (!request.target.starts_with('/'))
    return json_error(400, "the request target must be a path starting with '/'");
  const size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) {
    auto query = parse_query(std::string_view(request.target).substr(question + 1));
    if (!query) return json_error(400, query.error().message);
    request.query = std::move(*query);
  }
  for (const auto& field : message) {
    std::string& value = request.headers[lower_case(std::string(field.name_string()))];
    if (!value.empty()) value += ", ";
    value += std::string(field.value());
  }
  request.body = std::move(message.body());
  return request;
}

}  // namespace

template <class Protocol>
HttpSession<Protocol>::HttpSession(typename Protocol::socket socket,
                                   std::shared_ptr<ServerContext> context)
    : stream_(std::move(socket)), context_(std::move(context)) {
  ++context_->open_connections;
}

template <class Protocol>
HttpSession<Protocol>::~HttpSession() {
  release_large_body();
  --context_->open_connections;
}

template <class Protocol>
void HttpSession<Protocol>::close() {
  beast::error_code ignored;
  stream_.socket().close(ignored);
}

template <class Protocol>
void HttpSession<Protocol>::start() {
  {
    std::lock_guard lock(context_->stop_mutex);
    auto& connections = context_->connections;
    std::erase_if(connections, [](const auto& connection) { return connection.expired(); });
    connections.push_back(this->weak_from_this());
  }
  // Runs on the connection's strand, like everything after it.
  boost::asio::dispatch(stream_.get_executor(),
                        [self = this->shared_from_this()] { self->read_request(); });
}

template <class Protocol>
void HttpSession<Protocol>::read_request() {
  const ServerLimits& limits = context_->options.limits;
  parser_.emplace();
  // The body's limit depends on the route, known once the header is in (read_body). Not
  // boost::none: Boost 1.74 then refuses every Content-Length.
  parser_->body_limit(std::numeric_limits<uint64_t>::max());
  parser_->header_limit(static_cast<uint32_t>(limits.max_header_bytes));
  body_limit_ = limits.max_body_bytes;
  stream_.expires_after(limits.read_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = this->shared_from_this()](beast::error_code error, size_t) {
                            if (error) return self->on_read(error);
                            self->read_body();
                          });
}

template <class Protocol>
void HttpSession<Protocol>::read_body() {
  const auto& header = parser_->get();
  const size_t server_limit = context_->options.limits.max_body_bytes;
  body_limit_ = context_->router.max_body_bytes(std::string(header.method_string()),
                                                std::string(header.target()), server_limit);
  const auto length = parser_->content_length();
  if (length && *length > body_limit_) return on_read(http::error::body_limit);
  if (body_limit_ > server_limit && (!length || *length > server_limit)) {
    if (context_->large_bodies.fetch_add(1) >= ServerContext::kMaxLargeBodies) {
      --context_->large_bodies;
      Response busy = json_error(503, "emberd is taking other large uploads: send it again soon");
      busy.headers.emplace_back("Retry-After", "1");
      return refuse(std::move(busy));
    }
    large_body_ = true;
  }
  parser_->body_limit(body_limit_);  // a chunked body is counted as it comes
  http::async_read(
      stream_, buffer_, *parser_,
      [self = this->shared_from_this()](beast::error_code error, size_t) { self->on_read(error); });
}

template <class Protocol>
void HttpSession<Protocol>::release_large_body() {
  if (large_body_) --context_->large_bodies;
  large_body_ = false;
}

template <class Protocol>
void HttpSession<Protocol>::on_read(beast::error_code error) {
  if (error == http::error::body_limit)
    return refuse(json_error(
        413, "request body too large: at most " + std::to_string(body_limit_) + " bytes here"));
  if (error == http::error::header_limit)
    return refuse(json_error(431, "request header too large: at most " +
                                      std::to_string(context_->options.limits.max_header_bytes) +
                                      " bytes"));
  if (error && is_parse_error(error) && error != http::error::end_of_stream &&
      error != http::error::partial_message)
    return refuse(json_error(400, "malformed HTTP request: " + error.message()));
  if (error) {
    // The client went away, or stayed silent too long: nothing to answer.
    beast::error_code ignored;
    stream_.socket().shutdown(Protocol::socket::shutdown_both, ignored);
    return;
  }
  handle(parser_->release());
}

template <class Protocol>
void HttpSession<Protocol>::handle(http::request<http::string_body> message) {
  keep_alive_ = message.keep_alive();
  head_ = message.method() == http::verb::head;
  auto converted = to_request(std::move(message));
  if (auto* refused = std::get_if<Response>(&converted)) return send(std::move(*refused));
  Request request = std::move(std::get<Request>(converted));
  if (auto refused = guard_request(request, context_->options.address))
    return send(std::move(*refused));
  if (!peer_uid_) peer_uid_ = identify();
  if (!*peer_uid_)
    return refuse(forbidden("emberd cannot tell who sent this request (" +
                            peer_uid_->error().message + "): refused"));
  request.uid = **peer_uid_;
  if (!context_->options.auth.allows(request))
    return send(json_error(401,
                           "this emberd needs its token: send 'Authorization: Bearer TOKEN' "
                           "or sign in at /login"));
  if (head_) request.method = "GET";

  // A handler may take long (a recording of N seconds): no read timeout while it runs.
  stream_.expires_never();
  auto self = this->shared_from_this();
  Respond respond = [self](Response response) {
    std::lock_guard lock(self->context_->stop_mutex);
    if (self->context_->stopped) return;
    boost::asio::post(
        self->stream_.get_executor(),
        [self, response = std::move(response)]() mutable { self->send(std::move(response)); });
  };
  boost::asio::post(context_->workers,
                    [self, request = std::move(request), respond = std::move(respond)] {
                      self->context_->router.dispatch(request, respond);
                    });
}

template <class Protocol>
Result<uint32_t> HttpSession<Protocol>::identify() {
  const int fd = stream_.socket().native_handle();
  if constexpr (std::is_same_v<Protocol, boost::asio::local::stream_protocol>) {
    return unix_peer_uid(fd);
  } else {
    // Off loopback only the token lets a request in (emberd refuses to start without one
    // there): its holder is emberd's administrator.
    if (!context_->options.address.loopback) return uint32_t{0};
    return loopback_peer_uid(fd);
  }
}

template <class Protocol>
void HttpSession<Protocol>::send(Response response) {
  context_->counters->count(response.status);
  response_ = std::make_shared<http::response<http::string_body>>(
      static_cast<http::status>(response.status), 11);
  auto& message = *response_;
  message.set(http::field::server, "emberd");
  message.set(http::field::cache_control, "no-store");
  message.set("X-Content-Type-Options", "nosniff");
  if (!response.content_type.empty()) message.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) message.insert(name, value);
  message.keep_alive(keep_alive_);
  message.body() = std::move(response.body);
  message.prepare_payload();
  if (head_) message.body().clear();  // Content-Length stays that of the GET answer

  stream_.expires_after(context_->options.limits.write_timeout);
  http::async_write(stream_, message,
                    [self = this->shared_from_this()](beast::error_code error, size_t) {
                      self->on_written(error);
                    });
}

template <class Protocol>
void HttpSession<Protocol>::on_written(beast::error_code error) {
  response_.reset();
  release_large_body();
  if (error) return;
  if (!keep_alive_) return drain_and_close();
  read_request();
}

template <class Protocol>
void HttpSession<Protocol>::refuse(Response response) {
  keep_alive_ = false;
  head_ = false;
  send(std::move(response));
}

template <class Protocol>
void HttpSession<Protocol>::drain_and_close() {
  beast::error_code ignored;
  stream_.socket().shutdown(Protocol::socket::shutdown_send, ignored);
  stream_.expires_after(std::chrono::seconds(2));
  auto discard = std::make_shared<std::array<char, 4096>>();
  auto self = this->shared_from_this();
  // Reads until the client closes or the deadline passes; the session ends with the last read.
  struct Drain {
    std::shared_ptr<HttpSession> session;
    std::shared_ptr<std::array<char, 4096>> buffer;
    void operator()(beast::error_code error = {}, size_t = 0) {
      if (error) return;
      session->stream_.async_read_some(boost::asio::buffer(*buffer), std::move(*this));
    }
  };
  Drain{self, discard}();
}

template class HttpSession<boost::asio::ip::tcp>;
template class HttpSession<boost::asio::local::stream_protocol>;

}  // namespace ember::server
