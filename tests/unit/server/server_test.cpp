// The server in this process, on a free loopback port, spoken to by the client.
#include "ember/server/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "ember/server/http_client.h"

namespace ember::server {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Router router;
    router.on("POST", "/echo",
              [](const Request& request) { return json_response(200, request.body); });
    router.on(
        "POST", "/upload/{name}",
        [](const Request& request) {
          return json_response(200, std::to_string(request.body.size()));
        },
        5000);
    router.on("GET", "/whoami", [](const Request& request) {
      return json_response(200, request.uid ? std::to_string(*request.uid) : "null");
    });
    router.on_async("GET", "/later", [](const Request&, Respond respond) {
      std::thread([respond] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        respond(json_response(200, "\"late\""));
      }).detach();
    });
    ServerOptions options{
        .address = *parse_listen_address("127.0.0.1:0"), .auth = Auth(), .limits = {}};
    options.limits.max_body_bytes = 1000;
    auto started = Server::start(std::move(options), std::move(router), counters);
    ASSERT_TRUE(started.ok()) << started.error().message;
    server = std::move(*started);
  }

  HttpReply send(const std::string& method, const std::string& target,
                 const std::string& body = "") {
    HttpExchange exchange;
    exchange.method = method;
    exchange.target = target;
    exchange.body = body;
    if (!body.empty()) exchange.headers.emplace_back("Content-Type", "application/json");
    exchange.headers.emplace_back(std::string(kClientHeader), "1");
    auto reply = http_request("127.0.0.1", server->port(), exchange);
    EXPECT_TRUE(reply.ok()) << reply.error().message;
    return reply.ok() ? *reply : HttpReply{};
  }

  // Sends an upload larger than the server's limit until it is answered `status` (at most
  // 5 s): slots are taken and given back as the server reads headers and writes answers.
  int upload_until(int status) {
    int last = 0;
    for (int i = 0; i < 500 && last != status; ++i) {
      last = send("POST", "/upload/b", std::string(2000, ' ')).status;
      if (last != status) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return last;
  }

  std::shared_ptr<RequestCounters> counters = std::make_shared<RequestCounters>();
  std::unique_ptr<Server> server;
};

TEST_F(ServerTest, AnswersAndCountsByStatus) {
  EXPECT_EQ(send("POST", "/echo", "[1]").body, "[1]");
  EXPECT_EQ(send("GET", "/nothing").status, 404);
  EXPECT_EQ(send("POST", "/echo", std::string(1001, ' ')).status, 413);
  EXPECT_EQ(send("POST", "/echo", std::string(1000, ' ')).status, 200);
  const auto counts = counters->by_status();
  EXPECT_EQ(counts.at(200), 2);
  EXPECT_EQ(counts.at(404), 1);
  EXPECT_EQ(counts.at(413), 1);
}

TEST_F(ServerTest, ARouteMayTakeALargerBody) {
  EXPECT_EQ(send("POST", "/upload/a?x=1", std::string(5000, ' ')).body, "5000");
  const HttpReply larger = send("POST", "/upload/a", std::string(5001, ' '));
  EXPECT_EQ(larger.status, 413);
  EXPECT_NE(larger.body.find("at most 5000 bytes"), std::string::npos) << larger.body;
  EXPECT_EQ(send("POST", "/echo", std::string(1001, ' ')).status, 413);  // the others keep theirs
}

// A connection that sends a request's header and only part of its body, and the rest later.
class StalledUpload {
 public:
  StalledUpload(uint16_t port, size_t length) : length_(length) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    send_all(
        "POST /upload/stalled HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Ember: 1\r\n"
        "Content-Type: application/json\r\nContent-Length: " +
        std::to_string(length) + "\r\n\r\n ");
  }
  ~StalledUpload() { close(fd_); }
  // Sends the rest of the body; the answer's first line.
  std::string finish() {
    send_all(std::string(length_ - 1, ' '));
    std::string answer(200, '\0');
    const ssize_t got = read(fd_, answer.data(), answer.size());
    answer.resize(got > 0 ? static_cast<size_t>(got) : 0);
    return answer.substr(0, answer.find('\r'));
  }

 private:
  void send_all(const std::string& bytes) {
    EXPECT_EQ(write(fd_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  int fd_ = -1;
  size_t length_;
};

TEST_F(ServerTest, FewLargeBodiesAreReadAtOnce) {
  {
    StalledUpload first(server->port(), 4000), second(server->port(), 4000);
    EXPECT_EQ(upload_until(503), 503);                        // once both hold their slots
    EXPECT_EQ(send("POST", "/upload/b", "[1]").status, 200);  // small bodies need no slot
    EXPECT_EQ(first.finish(), "HTTP/1.1 200 OK");
    EXPECT_EQ(second.finish(), "HTTP/1.1 200 OK");
  }
  EXPECT_EQ(upload_until(200), 200);
}

TEST_F(ServerTest, HandlersKnowWhoSentTheRequest) {
  EXPECT_EQ(send("GET", "/whoami").body, std::to_string(getuid()));
}

TEST_F(ServerTest, LateAnswersDoNotBlockOthers) {
  std::thread slow([this] { EXPECT_EQ(send("GET", "/later").body, "\"late\""); });
  const auto begin = std::chrono::steady_clock::now();
  EXPECT_EQ(send("POST", "/echo", "{}").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::milliseconds(250));
  slow.join();
}

TEST_F(ServerTest, StopClosesConnectionsWithAnAnswerStillPending) {
  const uint16_t port = server->port();
  std::thread pending([port] {
    HttpExchange exchange;
    exchange.target = "/later";
    const auto begin = std::chrono::steady_clock::now();
    EXPECT_FALSE(http_request("127.0.0.1", port, exchange).ok());  // closed, not answered
    EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server->stop();
  pending.join();
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // the late answer finds no server
}

}  // namespace
}  // namespace ember::server
