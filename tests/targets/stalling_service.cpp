// An HTTP service whose latency rises for a known reason at known times: every handler reads a
// shared index under index_mutex (briefly), then waits 20 ms as for a downstream call; and a
// background task, rebuild_index, holds that mutex while it works on the CPU for HOLD_MS every
// PERIOD_MS. Requests that arrive meanwhile wait for it. The service measures its own truth: each
// hold's start and end (Unix ns) go to HOLDS_FILE as "START END" lines, written as they happen.
// Usage: stalling_service PORT_FILE HOLDS_FILE [HOLD_MS [PERIOD_MS]]   (1000 and 4000 unless
// told). Writes the port (any free one) to PORT_FILE once listening, then prints its PID. GET /
// answers "ok N".
#include <pthread.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

std::mutex index_mutex;
uint64_t index_version = 0;  // guarded by index_mutex

int64_t unix_nanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct TaskOptions {
  FILE* holds;
  int hold_ms, period_ms;
};

// The background task, a thread of its own: all its CPU time is in this function (the spin
// is written out here, not called), with the lock held.
void* rebuild_index(void* argument) {
  const TaskOptions& task = *static_cast<const TaskOptions*>(argument);
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(task.period_ms - task.hold_ms));
    std::lock_guard<std::mutex> hold(index_mutex);
    const int64_t start = unix_nanos();
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(task.hold_ms);
    uint64_t value = index_version;
    while (std::chrono::steady_clock::now() < until)
      for (int i = 0; i < 100000; ++i) {
        value = value * 6364136223846793005ULL + 1442695040888963407ULL;
        __asm__ volatile("" : "+r"(value));  // keep the loop: no closed form
      }
    index_version = value;
    std::fprintf(task.holds, "%lld %lld\n", static_cast<long long>(start),
                 static_cast<long long>(unix_nanos()));
    std::fflush(task.holds);
  }
  return nullptr;
}

__attribute__((noinline)) std::string handle_lookup() {
  uint64_t version;
  {
    std::lock_guard<std::mutex> read(index_mutex);
    version = index_version;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the downstream call
  return "ok " + std::to_string(version) + "\n";
}

void serve_connection(tcp::socket socket) {
  beast::flat_buffer buffer;
  beast::error_code error;
  for (;;) {
    http::request<http::string_body> request;
    http::read(socket, buffer, request, error);
    if (error) break;
    http::response<http::string_body> response(http::status::ok, request.version());
    response.set(http::field::content_type, "text/plain");
    response.keep_alive(request.keep_alive());
    response.body() = handle_lookup();
    response.prepare_payload();
    http::write(socket, response, error);
    if (error || !response.keep_alive()) break;
  }
  socket.shutdown(tcp::socket::shutdown_send, error);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: stalling_service PORT_FILE HOLDS_FILE [HOLD_MS [PERIOD_MS]]\n");
    return 2;
  }
  static TaskOptions task{std::fopen(argv[2], "w"), argc > 3 ? std::atoi(argv[3]) : 1000,
                          argc > 4 ? std::atoi(argv[4]) : 4000};
  if (!task.holds) return 1;
  boost::asio::io_context context;
  tcp::acceptor acceptor(context, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const std::string port_file = std::string(argv[1]) + ".new";
  FILE* port = std::fopen(port_file.c_str(), "w");
  if (!port) return 1;
  std::fprintf(port, "%u\n", acceptor.local_endpoint().port());
  std::fclose(port);
  std::rename(port_file.c_str(), argv[1]);          // whole or not at all
  std::printf("%d\n", static_cast<int>(getpid()));  // up: as every test target says it
  std::fflush(stdout);
  pthread_t thread;
  pthread_create(&thread, nullptr, rebuild_index, &task);
  for (;;) {
    tcp::socket socket(context);
    beast::error_code error;
    acceptor.accept(socket, error);
    if (!error) std::thread(serve_connection, std::move(socket)).detach();
  }
}
