// What emberd does with requests it must refuse: no token, hostile input, other origins. It
// answers 4xx with a JSON error, and keeps serving.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <thread>

#include "emberd_process.h"
#include "root_test.h"

namespace ember::test {
namespace {

using nlohmann::json;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kToken = "test-token_0123456789";

std::string write_token_file(const TempDir& dir) {
  const std::string path = dir.file("token");
  std::ofstream(path) << kToken << "\n";
  return path;
}

void expect_json_error(const server::HttpReply& reply, int status, const std::string& what) {
  EXPECT_EQ(reply.status, status) << what << ": " << reply.body;
  auto body = json::parse(reply.body, nullptr, false);
  EXPECT_TRUE(body.is_object() && body.contains("error")) << what << ": " << reply.body;
}

TEST(EmberdStartup, RefusesNonLoopbackWithoutToken) {
  auto result = run_emberd({"--listen", "0.0.0.0:0"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("--token-file"));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST(EmberdStartup, RefusesBadListenAddressAndTokenFile) {
  for (const std::string listen : {"localhost", "127.0.0.1", "127.0.0.1:99999", "example.com:80"}) {
    auto result = run_emberd({"--listen", listen});
    EXPECT_NE(result.exit_code, 0) << listen;
    EXPECT_THAT(result.err, HasSubstr("HOST:PORT")) << listen;
  }
  auto missing = run_emberd({"--listen", "127.0.0.1:0", "--token-file", "/no/such/token"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr("cannot read the token file"));
}

TEST(EmberdToken, EveryRequestNeedsTheTokenOrTheLoginCookie) {
  TempDir dir;
  EmberdProcess emberd({"--listen", "127.0.0.2:0", "--token-file", write_token_file(dir)});
  ASSERT_TRUE(emberd.started());
  const Headers bearer = {{"Authorization", std::string("Bearer ") + kToken}};

  expect_json_error(emberd.get("/api/sessions"), 401, "no token");
  expect_json_error(emberd.get("/api/sessions", {{"Authorization", "Bearer wrong"}}), 401,
                    "wrong token");
  expect_json_error(emberd.get("/"), 401, "the UI needs it too");
  expect_json_error(emberd.get("/metrics"), 401, "metrics too");
  expect_json_error(emberd.post("/api/sessions", R"({"pids": [1]})"), 401, "starting a session");
  EXPECT_EQ(emberd.get("/api/sessions", bearer).status, 200);
  EXPECT_EQ(emberd.get("/", bearer).status, 200);

  // The browser's way in: the login form, then the cookie.
  auto form = emberd.get("/login");
  EXPECT_EQ(form.status, 200);
  EXPECT_THAT(form.body, HasSubstr("<form"));
  expect_json_error(emberd.get("/login?token=wrong"), 401, "wrong login");
  auto login = emberd.get(std::string("/login?token=") + kToken);
  EXPECT_EQ(login.status, 303);
  EXPECT_EQ(login.header("location"), "/");
  const std::string cookie = login.header("set-cookie");
  EXPECT_THAT(cookie, HasSubstr(std::string("ember_token=") + kToken));
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  const std::string cookie_pair = cookie.substr(0, cookie.find(';'));
  EXPECT_EQ(emberd.get("/api/sessions", {{"Cookie", "theme=dark; " + cookie_pair}}).status, 200);
  EXPECT_EQ(emberd.get("/api/sessions", {{"Cookie", "ember_token=wrong"}}).status, 401);
  auto posted = emberd.request("POST", "/login", std::string("token=") + kToken,
                               {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(posted.status, 303) << posted.body;
}

TEST(EmberdHostile, MalformedRequestsGet4xxAndTheDaemonKeepsServing) {
  EmberdProcess emberd;
  ASSERT_TRUE(emberd.started());
  expect_json_error(emberd.post("/api/sessions", "{not json"), 400, "bad JSON");
  expect_json_error(emberd.post("/api/sessions", "[1, 2]"), 400, "not an object");
  expect_json_error(emberd.post("/api/sessions", "{\"name\": \"\xff\xfe\", \"pids\": [1]}"), 400,
                    "bad UTF-8");
  expect_json_error(emberd.post("/api/sessions", std::string(2 << 20, ' ')), 413, "oversized body");
  expect_json_error(emberd.get("/api/sessions/12345"), 404, "unknown session");
  expect_json_error(emberd.get("/api/sessions/abc/profile"), 404, "unknown session profile");
  expect_json_error(emberd.post("/api/sessions/12345/markers", R"({"label": "x"})"), 404,
                    "unknown marker");
  expect_json_error(emberd.post("/api/sessions/12345/stop", ""), 404, "unknown stop");
  expect_json_error(emberd.request("PUT", "/api/sessions"), 405, "wrong method");
  expect_json_error(emberd.get("/api/nothing"), 404, "unknown endpoint");
  expect_json_error(emberd.get("/debug/pprof/profile?pid=1&seconds=-3"), 400, "bad seconds");
  expect_json_error(emberd.get("/api/sessions?x=%G0"), 400, "bad escape");
  expect_json_error(
      emberd.request("POST", "/api/sessions", R"({"pids": [1]})", {{"Content-Type", "text/plain"}}),
      415, "JSON without its content type");

  // Only the embedded UI files are served, whatever the path says.
  for (const std::string path :
       {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
        "/index.html/../../../etc/passwd", "//etc/passwd", "/./index.html"}) {
    auto reply = emberd.get(path);
    EXPECT_EQ(reply.status, 404) << path;
    EXPECT_THAT(reply.body, Not(HasSubstr("root:"))) << path;
  }
  EXPECT_THAT(emberd.raw("GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
              HasSubstr("404"));
  EXPECT_THAT(emberd.raw("GARBAGE\r\n\r\n"), HasSubstr("400"));
  EXPECT_THAT(emberd.raw("GET http://evil/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), HasSubstr("400"));
  EXPECT_THAT(emberd.raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " +
                         std::string(64 << 10, 'a') + "\r\n\r\n"),
              HasSubstr("431"));
  EXPECT_THAT(
      emberd.raw(
          "POST /api/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999\r\n\r\n"),
      HasSubstr("413"));

  // Other web sites: a cross-origin POST, and a rebound DNS name pointing at loopback.
  expect_json_error(
      emberd.post("/api/sessions", R"({"pids": [1]})", {{"Origin", "http://evil.example"}}), 403,
      "cross-origin");
  expect_json_error(emberd.get("/api/sessions", {{"Host", "evil.example"}}), 403, "rebinding");

  EXPECT_EQ(emberd.get("/api/sessions").status, 200);
  EXPECT_EQ(emberd.get("/").status, 200);
}

TEST(EmberdHostile, KeepAliveServesSeveralRequestsOnOneConnection) {
  EmberdProcess emberd;
  ASSERT_TRUE(emberd.started());
  const std::string one = "GET /api/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const std::string last =
      "GET /api/targets HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  const std::string answer = emberd.raw(one + one + last);
  size_t count = 0;
  for (size_t at = 0; (at = answer.find("HTTP/1.1 200", at)) != std::string::npos; ++at) ++count;
  EXPECT_EQ(count, 3u) << answer.substr(0, 500);
}

TEST(EmberdHostile, OtherSitesAndHtmlFormsCannotChangeAnything) {
  EmberdProcess emberd;
  ASSERT_TRUE(emberd.started());
  // A form, or a script's simple request, cannot send X-Ember.
  const std::string stop =
      "POST /api/sessions/1/stop HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
      "Connection: close\r\n\r\n";
  EXPECT_THAT(emberd.raw(stop), AllOf(HasSubstr("403"), HasSubstr("X-Ember")));
  const std::string form = "pids=1";
  EXPECT_THAT(emberd.raw("POST /api/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                         "application/x-www-form-urlencoded\r\nContent-Length: " +
                         std::to_string(form.size()) + "\r\nConnection: close\r\n\r\n" + form),
              HasSubstr("415"));
  // A GET can start a recording: other sites are refused whatever the method.
  expect_json_error(
      emberd.get("/debug/pprof/profile?pid=1&seconds=1", {{"Origin", "http://evil.example"}}), 403,
      "cross-origin GET");
  expect_json_error(emberd.get("/api/sessions", {{"Sec-Fetch-Site", "cross-site"}}), 403,
                    "cross-site fetch");
  EXPECT_EQ(emberd.get("/api/sessions", {{"Sec-Fetch-Site", "same-origin"}}).status, 200);
}

class EmberdIdentity : public RootTest {};

// Connects to emberd, sends `request` and then closes (half or whole) in the same segment as the
// request's last bytes: by the time emberd has read the request, the client's socket is no
// longer established. What comes back, for a half close.
std::string send_and_close(const EmberdProcess& emberd, const std::string& request, bool whole) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(emberd.port());
  inet_pton(AF_INET, emberd.host().c_str(), &address.sin_addr);
  timeval limit{.tv_sec = 10, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    const int cork = 1;  // holds the request back until the FIN goes with it
    setsockopt(fd, IPPROTO_TCP, TCP_CORK, &cork, sizeof(cork));
    (void)!write(fd, request.data(), request.size());
    if (!whole) {
      shutdown(fd, SHUT_WR);
      char buffer[4096];
      for (ssize_t got; (got = read(fd, buffer, sizeof(buffer))) > 0;)
        answer.append(buffer, static_cast<size_t>(got));
    }
  }
  close(fd);
  return answer;
}

int64_t refusals_counted(EmberdProcess& emberd) {
  std::smatch match;
  const std::string metrics = emberd.get("/metrics").body;
  if (!std::regex_search(metrics, match,
                         std::regex(R"(ember_http_requests_total\{code="403"\} (\d+))")))
    return 0;
  return std::stoll(match[1]);
}

TEST_F(EmberdIdentity, AClientThatClosedBeforeTheLookupIsRefused) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "1"});
  EmberdProcess emberd;
  const std::string body = nlohmann::json{{"pids", {target.pid()}}}.dump();
  const std::string request =
      "POST /api/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "X-Ember: 1\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  const std::string answer = send_and_close(emberd, request, false);
  EXPECT_THAT(answer, AllOf(HasSubstr("HTTP/1.1 403"), HasSubstr("cannot tell who sent")))
      << answer;
  EXPECT_EQ(refusals_counted(emberd), 1);
  // Closed for good: nobody reads the answer, but the refusal is counted.
  send_and_close(emberd, request, true);
  for (int i = 0; i < 100 && refusals_counted(emberd) < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(refusals_counted(emberd), 2);
  EXPECT_EQ(nlohmann::json::parse(emberd.get("/api/sessions").body).size(), 0u);
  // The same request from a client that waits for its answer starts the session.
  EXPECT_THAT(emberd.raw(request), HasSubstr("HTTP/1.1 201")) << "root may profile its target";
}

TEST_F(EmberdIdentity, ReadOnlyServesAndStartsNothing) {
  BackgroundProcess target({target_path("cpu_split_fp"), "0", "1"});
  EmberdProcess emberd({"--listen", "127.0.0.1:0", "--read-only"});
  const std::string pid = std::to_string(target.pid());
  auto started = emberd.post("/api/sessions", "{\"pids\": [" + pid + "]}");
  EXPECT_EQ(started.status, 403);
  EXPECT_THAT(started.body, HasSubstr("read-only"));
  auto profiled = emberd.get("/debug/pprof/profile?pid=" + pid + "&seconds=1");
  EXPECT_EQ(profiled.status, 403);
  EXPECT_EQ(profiled.header("x-go-pprof"), "1");
  EXPECT_THAT(profiled.header("content-type"), ::testing::StartsWith("text/plain"));
  EXPECT_EQ(emberd.get("/api/sessions").status, 200);
}

}  // namespace
}  // namespace ember::test
