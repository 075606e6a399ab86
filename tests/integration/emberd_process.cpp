#include "emberd_process.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

#include "command.h"
#include "ember/server/request.h"

namespace ember::test {

namespace {

// "emberd listening on http://127.0.0.1:PORT/" -> host, port; "... on unix:PATH" -> path.
bool parse_listening_line(const std::string& line, std::string& host, uint16_t& port,
                          std::string& unix_path) {
  const std::string prefix = "emberd listening on ";
  if (line.starts_with(prefix + "unix:")) {
    unix_path = line.substr(prefix.size() + 5);
    return true;
  }
  if (!line.starts_with(prefix + "http://")) return false;
  const std::string address = line.substr(prefix.size() + 7);
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) return false;
  host = address.substr(0, colon);
  port = static_cast<uint16_t>(std::stoi(address.substr(colon + 1)));
  return true;
}

}  // namespace

EmberdProcess::EmberdProcess(std::vector<std::string> arguments) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  arguments.insert(arguments.begin(), EMBERD_BINARY);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], 1);
    close(out[0]);
    std::vector<char*> argv;
    for (auto& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  if (!parse_listening_line(line, host_, port_, unix_path_))
    ADD_FAILURE() << "emberd did not start: '" << line << "'";
}

EmberdProcess::~EmberdProcess() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 200; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "emberd did not stop within 10 s of SIGTERM";
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::string EmberdProcess::url() const {
  return "http://" + host_ + ":" + std::to_string(port_);
}

server::HttpReply EmberdProcess::request(const std::string& method, const std::string& target,
                                         const std::string& body, Headers headers) {
  server::HttpExchange exchange;
  exchange.method = method;
  exchange.target = target;
  exchange.body = body;
  exchange.headers = std::move(headers);
  exchange.headers.emplace_back(std::string(server::kClientHeader), "1");  // as ember's clients
  exchange.timeout = std::chrono::seconds(60);
  auto reply = server::http_request(host_, port_, exchange);
  if (!reply) {
    ADD_FAILURE() << method << " " << target << ": " << reply.error().message;
    return {};
  }
  return std::move(*reply);
}

server::HttpReply EmberdProcess::get(const std::string& target, Headers headers) {
  return request("GET", target, "", std::move(headers));
}

server::HttpReply EmberdProcess::post(const std::string& target, const std::string& json,
                                      Headers headers) {
  headers.emplace_back("Content-Type", "application/json");
  return request("POST", target, json, std::move(headers));
}

std::string EmberdProcess::raw(const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  inet_pton(AF_INET, host_.c_str(), &address.sin_addr);
  timeval limit{.tv_sec = 10, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    (void)!write(fd, bytes.data(), bytes.size());
    char buffer[4096];
    for (ssize_t got; (got = read(fd, buffer, sizeof(buffer))) > 0;)
      answer.append(buffer, static_cast<size_t>(got));
  }
  close(fd);
  return answer;
}

std::string EmberdProcess::start_session(const nlohmann::json& body) {
  auto reply = post("/api/sessions", body.dump());
  if (reply.status != 201) {
    ADD_FAILURE() << "session not started: " << reply.status << " " << reply.body;
    return "";
  }
  return nlohmann::json::parse(reply.body)["id"];
}

nlohmann::json EmberdProcess::wait_until_ended(const std::string& id, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  nlohmann::json session;
  do {
    session = nlohmann::json::parse(get("/api/sessions/" + id).body);
    if (session["state"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  } while (std::chrono::steady_clock::now() < deadline);
  return session;
}

CommandResult run_emberd(const std::vector<std::string>& arguments) {
  std::vector<std::string> argv = {EMBERD_BINARY};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return run(argv);
}

double cumulative_percent(const nlohmann::json& profile, const std::string& function) {
  const int index = profile["default_index"];
  double total = 0, containing = 0;
  for (const auto& sample : profile["samples"]) {
    const double value = sample["values"][index];
    total += value;
    bool found = false;
    for (const auto& location : sample["stack"])
      for (const auto& frame : profile["locations"][location.get<size_t>()])
        found = found || profile["functions"][frame[0].get<size_t>()]["name"] == function;
    if (found) containing += value;
  }
  return total > 0 ? 100.0 * containing / total : 0;
}

int64_t sample_count(const nlohmann::json& profile) {
  int64_t count = 0;
  for (const auto& sample : profile["samples"]) count += sample["values"][0].get<int64_t>();
  return count;
}

int64_t unix_nanos_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace ember::test
