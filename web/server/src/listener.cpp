#include "listener.h"

#include <boost/asio/strand.hpp>

#include "http_session.h"

namespace ember::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Result<std::shared_ptr<Listener>> Listener::open(std::shared_ptr<ServerContext> context) {
  const ListenAddress& address = context->options.address;
  const std::string where = address.host + ":" + std::to_string(address.port);
  boost::system::error_code error;
  const tcp::endpoint endpoint(net::ip::make_address(address.host, error), address.port);
  if (error) return make_error("cannot listen on " + where + ": " + error.message());
  tcp::acceptor acceptor(net::make_strand(context->io));
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(net::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(net::socket_base::max_listen_connections, error);
  if (!error)
    return std::shared_ptr<Listener>(new Listener(std::move(context), std::move(acceptor)));
  return make_error("cannot listen on " + where + ": " + error.message() +
                    " (is another emberd running? pick another port with --listen)");
}

Listener::Listener(std::shared_ptr<ServerContext> context, tcp::acceptor acceptor)
    : context_(std::move(context)),
      acceptor_(std::move(acceptor)),
      port_(acceptor_.local_endpoint().port()) {}

void Listener::start() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
}

void Listener::close() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::accept() {
  acceptor_.async_accept(
      net::make_strand(context_->io),
      [self = shared_from_this()](boost::system::error_code error, tcp::socket socket) {
        self->on_accept(error, std::move(socket));
      });
}

void Listener::on_accept(boost::system::error_code error, tcp::socket socket) {
  if (error == net::error::operation_aborted || !acceptor_.is_open()) return;
  // Past the bound, new connections are closed at once: a flood cannot exhaust memory.
  if (!error && context_->open_connections.load() < ServerContext::kMaxConnections)
    std::make_shared<HttpSession>(std::move(socket), context_)->start();
  accept();
}

}  // namespace ember::server
