// A real emberd for tests: started on a free loopback port, spoken to over HTTP, stopped with
// SIGTERM when the object goes away.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "command.h"
#include "ember/server/http_client.h"

namespace ember::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

class EmberdProcess {
 public:
  // `arguments` for emberd; by default it listens on 127.0.0.1, on a port it picks. On a Unix
  // socket, only unix_path() serves (the HTTP methods here speak TCP).
  explicit EmberdProcess(std::vector<std::string> arguments = {"--listen", "127.0.0.1:0"});
  ~EmberdProcess();
  EmberdProcess(const EmberdProcess&) = delete;
  EmberdProcess& operator=(const EmberdProcess&) = delete;

  bool started() const { return port_ != 0 || !unix_path_.empty(); }
  const std::string& host() const { return host_; }
  const std::string& unix_path() const { return unix_path_; }  // with --listen unix:PATH
  uint16_t port() const { return port_; }
  std::string url() const;  // "http://HOST:PORT"

  // Fails the calling test on a transport error (status 0 then).
  server::HttpReply request(const std::string& method, const std::string& target,
                            const std::string& body = "", Headers headers = {});
  server::HttpReply get(const std::string& target, Headers headers = {});
  // POSTs JSON (with its Content-Type).
  server::HttpReply post(const std::string& target, const std::string& json, Headers headers = {});

  // Sends `bytes` as they are and returns all that comes back until emberd closes.
  std::string raw(const std::string& bytes);

  // Starts a session, returns its id ("" and a test failure when refused).
  std::string start_session(const nlohmann::json& body);
  // Polls the session until it is no longer running; returns its last state.
  nlohmann::json wait_until_ended(const std::string& id, std::chrono::seconds limit);

 private:
  pid_t pid_ = -1;
  std::string host_;
  uint16_t port_ = 0;
  std::string unix_path_;
};

// emberd run to completion (for arguments it must refuse).
CommandResult run_emberd(const std::vector<std::string>& arguments);

// Share (0..100) of the profile JSON's default value held by samples whose stack contains
// a frame named `function` anywhere (cumulative).
double cumulative_percent(const nlohmann::json& profile, const std::string& function);
// Sum of the samples/count column.
int64_t sample_count(const nlohmann::json& profile);

int64_t unix_nanos_now();

}  // namespace ember::test
