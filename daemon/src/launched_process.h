#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ember/result.h"
#include "ember/unique_fd.h"

namespace ember::daemon {

// A command ember starts and profiles from its first instruction. The child is forked and held
// before exec until release(), so the probe can be attached first. A supervisor thread watches
// it with ptrace for one event only, exit, where the memory maps are read: they are still there,
// so even a program that lives for milliseconds gets symbolized. (Its exec is seen by the probe.)
class LaunchedProcess {
 public:
  // Fails with one clear line when the command cannot be found or executed. `on_exit` runs on
  // the supervisor thread while the command is stopped just before exiting, memory still mapped.
  // The command gets ember's environment with `environment` ("NAME=VALUE") set over it.
  static Result<std::unique_ptr<LaunchedProcess>> start(
      const std::vector<std::string>& argv, std::function<void(uint32_t pid)> on_exit,
      const std::vector<std::string>& environment = {});
  ~LaunchedProcess();  // terminates the command if it still runs

  uint32_t pid() const { return pid_; }
  // Lets the child exec the command.
  Result<void> release();
  bool exited() const { return exited_.load(); }
  // Exit code, or 128 + signal number; set once exited() is true.
  int exit_status() const { return exit_status_.load(); }
  // Ends the command: SIGTERM, then SIGKILL after a grace period. Waits for it.
  void terminate();

 private:
  LaunchedProcess() = default;
  void supervise(std::string path, std::vector<std::string> argv,
                 std::vector<std::string> environment,
                 std::function<void(Result<uint32_t>)> started);
  void watch();

  std::function<void(uint32_t pid)> on_exit_;
  uint32_t pid_ = 0;
  UniqueFd gate_;        // write end: one byte lets the child exec
  UniqueFd exec_error_;  // read end: EOF when exec succeeded, else the child's errno
  std::thread supervisor_;
  std::atomic<bool> exited_{false};
  std::atomic<int> exit_status_{0};
};

// Finds an executable the way a shell does: a name with a '/' as is, else along PATH.
Result<std::string> find_executable(const std::string& name);

}  // namespace ember::daemon
