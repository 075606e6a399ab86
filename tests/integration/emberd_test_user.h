// An unprivileged local user for the tests of what emberd lets other users do: created with
// useradd when missing and kept for later runs; its commands run with setpriv, so they reach
// emberd with the user's own uid on their sockets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "command.h"

namespace ember::test {

class TestUser {
 public:
  static constexpr const char* kName = "ember-test";
  // Fails the calling test when the account cannot be made (check ok() before using it).
  TestUser();
  bool ok() const { return uid_ != 0; }
  uint32_t uid() const { return uid_; }
  // A directory of the user's own, removed afterwards: its HOME.
  const std::string& home() const { return home_.path(); }

  // argv as this user: groups, gid and uid of the account, an environment of HOME, PATH and
  // where go keeps its files, nothing else.
  std::vector<std::string> command(const std::vector<std::string>& argv) const;
  CommandResult run(const std::vector<std::string>& argv) const;

 private:
  uint32_t uid_ = 0;
  TempDir home_;
};

// An HTTP answer as `curl -i` prints it.
struct CurlReply {
  int status = 0;
  std::string content_type;
  bool go_pprof = false;  // the X-Go-Pprof header was set
  std::string body;
};

// `curl -i` as `user` (as root when null) with the arguments (method, headers, data, URL...).
CurlReply curl_as(const TestUser* user, const std::vector<std::string>& args);

}  // namespace ember::test
