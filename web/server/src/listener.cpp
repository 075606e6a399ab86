#include "listener.h"

#include <sys/stat.h>

#include <boost/asio/strand.hpp>
#include <cstdio>

#include "http_session.h"

namespace ember::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using unix_socket = net::local::stream_protocol;

namespace {

template <class Protocol>
class AcceptingListener : public Listener,
                          public std::enable_shared_from_this<AcceptingListener<Protocol>> {
 public:
  AcceptingListener(std::shared_ptr<ServerContext> context, typename Protocol::acceptor acceptor)
      : context_(std::move(context)), acceptor_(std::move(acceptor)) {}

  uint16_t port() const override {
    if constexpr (std::is_same_v<Protocol, tcp>) return acceptor_.local_endpoint().port();
    return 0;
  }
  void start() override {
    net::dispatch(acceptor_.get_executor(), [self = this->shared_from_this()] { self->accept(); });
  }
  void close() override {
    net::post(acceptor_.get_executor(), [self = this->shared_from_this()] {
      boost::system::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  void accept() {
    acceptor_.async_accept(net::make_strand(context_->io),
                           [self = this->shared_from_this()](boost::system::error_code error,
                                                             typename Protocol::socket socket) {
                             self->on_accept(error, std::move(socket));
                           });
  }
  void on_accept(boost::system::error_code error, typename Protocol::socket socket) {
    if (error == net::error::operation_aborted || !acceptor_.is_open()) return;
    // Past the bound, new connections are closed at once: a flood cannot exhaust memory.
    if (!error && context_->open_connections.load() < ServerContext::kMaxConnections)
      std::make_shared<HttpSession<Protocol>>(std::move(socket), context_)->start();
    accept();
  }

  std::shared_ptr<ServerContext> context_;
  typename Protocol::acceptor acceptor_;
};

template <class Protocol>
Result<std::shared_ptr<Listener>> listen_on(std::shared_ptr<ServerContext> context,
                                            const typename Protocol::endpoint& endpoint,
                                            const std::string& where) {
  boost::system::error_code error;
  typename Protocol::acceptor acceptor(net::make_strand(context->io));
  acceptor.open(endpoint.protocol(), error);
  if (!error && std::is_same_v<Protocol, tcp>)
    acceptor.set_option(net::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(net::socket_base::max_listen_connections, error);
  if (!error)
    return std::shared_ptr<Listener>(
        std::make_shared<AcceptingListener<Protocol>>(std::move(context), std::move(acceptor)));
  return make_error("cannot listen on " + where + ": " + error.message() +
                    " (is another emberd running? pick another address with --listen)");
}

// A Unix socket any local user may connect to: who they are comes from SO_PEERCRED, and what
// they may do from that. A socket file left by an emberd that is gone is replaced.
Result<std::shared_ptr<Listener>> listen_on_unix(std::shared_ptr<ServerContext> context,
                                                 const std::string& path) {
  struct stat info {};
  if (lstat(path.c_str(), &info) == 0) {
    if (!S_ISSOCK(info.st_mode))
      return make_error("cannot listen on unix:" + path + ": a file that is not a socket is there");
    unix_socket::socket probe(context->io);
    boost::system::error_code error;
    probe.connect(unix_socket::endpoint(path), error);
    if (!error) return make_error("cannot listen on unix:" + path + ": another emberd serves it");
    std::remove(path.c_str());
  }
  auto listener = listen_on<unix_socket>(context, unix_socket::endpoint(path), "unix:" + path);
  if (listener) chmod(path.c_str(), 0666);
  return listener;
}

}  // namespace

Result<std::shared_ptr<Listener>> Listener::open(std::shared_ptr<ServerContext> context) {
  const ListenAddress& address = context->options.address;
  if (!address.unix_path.empty()) return listen_on_unix(std::move(context), address.unix_path);
  const std::string where = address.host + ":" + std::to_string(address.port);
  boost::system::error_code error;
  const tcp::endpoint endpoint(net::ip::make_address(address.host, error), address.port);
  if (error) return make_error("cannot listen on " + where + ": " + error.message());
  return listen_on<tcp>(std::move(context), endpoint, where);
}

}  // namespace ember::server
