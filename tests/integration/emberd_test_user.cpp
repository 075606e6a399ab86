#include "emberd_test_user.h"

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

namespace ember::test {

namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

TestUser::TestUser() {
  if (!getpwnam(kName)) {
    auto added = ember::test::run(
        {"useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", kName});
    if (added.exit_code != 0 && !getpwnam(kName)) {
      ADD_FAILURE() << "useradd " << kName << " failed: " << added.err;
      return;
    }
  }
  const passwd* account = getpwnam(kName);
  if (!account || account->pw_uid == 0) {
    ADD_FAILURE() << "no usable account " << kName;
    return;
  }
  uid_ = account->pw_uid;
  if (chown(home().c_str(), account->pw_uid, account->pw_gid) != 0)
    ADD_FAILURE() << "cannot give " << home() << " to " << kName;
}

std::vector<std::string> TestUser::command(const std::vector<std::string>& argv) const {
  const char* path = std::getenv("PATH");
  std::vector<std::string> wrapped = {"setpriv",
                                      std::string("--reuid=") + kName,
                                      std::string("--regid=") + kName,
                                      "--init-groups",
                                      "env",
                                      "-i",
                                      "HOME=" + home(),
                                      "PATH=" + std::string(path ? path : "/usr/bin:/bin"),
                                      "GOCACHE=" + home() + "/go-cache",
                                      "PPROF_TMPDIR=" + home()};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return wrapped;
}

CommandResult TestUser::run(const std::vector<std::string>& argv) const {
  return ember::test::run(command(argv));
}

CurlReply curl_as(const TestUser* user, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"curl", "-sS", "-i", "--max-time", "60"};
  argv.insert(argv.end(), args.begin(), args.end());
  const CommandResult result = user ? user->run(argv) : run(argv);
  CurlReply reply;
  std::istringstream text(result.out);
  std::string line;
  // "HTTP/1.1 403 Forbidden", the fields, an empty line, the body.
  if (!std::getline(text, line) || line.find(' ') == std::string::npos) {
    ADD_FAILURE() << "curl printed no answer: " << result.err;
    return reply;
  }
  reply.status = std::atoi(line.c_str() + line.find(' ') + 1);
  while (std::getline(text, line) && line != "\r" && !line.empty()) {
    const std::string field = lower(line.substr(0, line.find(':')));
    std::string value = line.substr(line.find(':') + 1);
    value = value.substr(value.find_first_not_of(' '));
    if (!value.empty() && value.back() == '\r') value.pop_back();
    if (field == "content-type") reply.content_type = value;
    if (field == "x-go-pprof") reply.go_pprof = true;
  }
  std::ostringstream body;
  body << text.rdbuf();
  reply.body = body.str();
  return reply;
}

}  // namespace ember::test
