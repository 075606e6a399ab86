// Running programs from tests: one-shot commands, and background targets.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace ember::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs argv to completion, capturing stdout and stderr.
CommandResult run(const std::vector<std::string>& argv);

// `ember` with arguments.
CommandResult run_ember(std::vector<std::string> args);

// A test target from tests/targets, e.g. target_path("cpu_split_fp").
std::string target_path(const std::string& name);

// A program running in the background for a test; killed when the object goes away.
// The targets print their PID on the first line of stdout once they are running.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Waits for it to exit; returns its exit code.
  int wait();

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// A fresh temporary directory, removed with its contents when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

bool running_as_root();

}  // namespace ember::test
