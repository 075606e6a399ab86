#pragma once

#include <cstdint>
#include <string>

#include "ember/result.h"
#include "ember/unique_fd.h"

namespace ember::daemon {

// A running process named by PID. Holds a pidfd, so a PID reused after the target exits is
// never mistaken for it.
class TargetProcess {
 public:
  // Fails with one clear line when the PID does not exist, is a kernel thread, or is ember.
  static Result<TargetProcess> open(uint32_t pid);

  uint32_t pid() const { return pid_; }
  bool exited() const;

 private:
  uint32_t pid_ = 0;
  UniqueFd pidfd_;
};

// The command name of a process (from /proc/PID/comm), empty when unknown.
std::string process_name(uint32_t pid);

}  // namespace ember::daemon
