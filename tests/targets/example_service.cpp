// A small HTTP backend whose endpoints each stress one thing a profiler should find:
//   GET /hash   CPU-heavy: hashes a 64 KiB payload several rounds
//   GET /cache  lock-contended: a global cache under one mutex, computing misses while holding it
//   GET /alloc  allocation-heavy: builds and drops thousands of small strings and map nodes
//   GET /sleep  blocking: waits 2 ms, like a call to a slow downstream service
// One thread per connection (Boost.Beast, synchronous), as many simple services are.
// Usage: example_service [PORT [HASH_ROUNDS]]   (port 0 or none: any free port; 4 rounds unless
// told: more makes /hash costlier, a regression for A/B tests). Prints the port once listening.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

// A 64-bit multiply-xorshift hash; cheap per byte, so the payload size sets the cost.
__attribute__((noinline)) uint64_t hash_bytes(const std::string& bytes, uint64_t seed) {
  uint64_t h = seed ^ 0x9e3779b97f4a7c15ULL;
  for (unsigned char c : bytes) {
    h = (h ^ c) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  return h;
}

int hash_rounds = 4;

std::string hash_endpoint() {
  static const std::string payload(64 * 1024, 'x');
  uint64_t digest = 0;
  for (int round = 0; round < hash_rounds; ++round) digest = hash_bytes(payload, digest);
  return std::to_string(digest);
}

// The value of a cache entry: deliberately slow to compute (~50 µs), and computed while the
// cache's lock is held, so concurrent requests queue on the mutex.
__attribute__((noinline)) std::string render_entry(int key) {
  std::string value = "entry-" + std::to_string(key);
  std::string payload(16 * 1024, static_cast<char>('a' + key % 26));
  for (int round = 0; round < 3; ++round) value += std::to_string(hash_bytes(payload, round));
  return value;
}

std::mutex cache_mutex;
std::map<int, std::string> cache;  // guarded by cache_mutex
constexpr size_t kCacheCapacity = 1000;
constexpr int kKeySpace = 5000;  // larger than the capacity: most lookups miss

std::string cache_endpoint(int key) {
  std::lock_guard lock(cache_mutex);
  auto found = cache.find(key);
  if (found == cache.end()) {
    if (cache.size() >= kCacheCapacity) cache.erase(cache.begin());
    found = cache.emplace(key, render_entry(key)).first;
  }
  return found->second;
}

// Many short-lived small objects, as a request that builds a response tree makes: the time
// goes to malloc and free.
__attribute__((noinline)) std::string alloc_endpoint() {
  std::vector<std::unique_ptr<std::string>> words;
  std::list<std::vector<int>> lists;
  size_t bytes = 0;
  for (int i = 0; i < 4000; ++i) {
    words.push_back(std::make_unique<std::string>("word-" + std::to_string(i) + "-long-suffix"));
    lists.emplace_back(i % 16 + 1, i);
    bytes += words.back()->size() + lists.back().size() * sizeof(int);
  }
  return std::to_string(bytes) + " bytes in " + std::to_string(2 * words.size()) + " objects";
}

__attribute__((noinline)) std::string sleep_endpoint() {
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return "slept 2 ms";
}

int query_key(beast::string_view target) {
  const auto at = target.find("key=");
  if (at == beast::string_view::npos) {
    thread_local std::minstd_rand random(std::random_device{}());
    return static_cast<int>(random() % kKeySpace);
  }
  return std::atoi(std::string(target.substr(at + 4)).c_str()) % kKeySpace;
}

http::response<http::string_body> handle(const http::request<http::string_body>& request) {
  const beast::string_view target = request.target();
  const beast::string_view path = target.substr(0, target.find('?'));
  http::status status = http::status::ok;
  std::string body;
  if (path == "/hash")
    body = hash_endpoint();
  else if (path == "/cache")
    body = cache_endpoint(query_key(target));
  else if (path == "/alloc")
    body = alloc_endpoint();
  else if (path == "/sleep")
    body = sleep_endpoint();
  else if (path == "/")
    body = "endpoints: /hash /cache?key=N /alloc /sleep";
  else
    status = http::status::not_found, body = "no such endpoint";
  http::response<http::string_body> response(status, request.version());
  response.set(http::field::content_type, "text/plain");
  response.keep_alive(request.keep_alive());
  response.body() = body + "\n";
  response.prepare_payload();
  return response;
}

void serve_connection(tcp::socket socket) {
  beast::flat_buffer buffer;
  beast::error_code error;
  for (;;) {
    http::request<http::string_body> request;
    http::read(socket, buffer, request, error);
    if (error) break;  // closed by the client, or a malformed request
    auto response = handle(request);
    http::write(socket, response, error);
    if (error || !response.keep_alive()) break;
  }
  socket.shutdown(tcp::socket::shutdown_send, error);
}

}  // namespace

int main(int argc, char** argv) {
  const auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 0);
  if (argc > 2) hash_rounds = std::atoi(argv[2]);
  boost::asio::io_context context;
  tcp::acceptor acceptor(context, {boost::asio::ip::make_address("127.0.0.1"), port});
  std::printf("%u\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  for (;;) {
    tcp::socket socket(context);
    beast::error_code error;
    acceptor.accept(socket, error);
    if (!error) std::thread(serve_connection, std::move(socket)).detach();
  }
}
