// A process held by a pidfd. While it lives its PID names it and no other: a decision about the
// PID made while the process is held and confirmed alive afterwards was about this process, not
// one that reused its PID.
#pragma once

#include <cstdint>

#include "ember/result.h"
#include "ember/unique_fd.h"
#include "user_account.h"

namespace ember::emberd {

class PinnedProcess {
 public:
  static Result<PinnedProcess> pin(uint32_t pid);
  uint32_t pid() const { return pid_; }
  // False once the process has exited (even before it is reaped).
  bool alive() const;

 private:
  PinnedProcess(uint32_t pid, UniqueFd pidfd) : pid_(pid), pidfd_(std::move(pidfd)) {}
  uint32_t pid_;
  UniqueFd pidfd_;
};

// Whether `account` may ptrace-read the process, decided by the kernel: a child takes the
// account's groups, gid and uid (in that order, each checked) and opens /proc/PID/maps, which the
// kernel allows only when ptrace in read mode would be (same uid and gid, dumpable, or
// CAP_SYS_PTRACE). The error says why not.
Result<void> check_readable_by(const UserAccount& account, const PinnedProcess& process);

}  // namespace ember::emberd
