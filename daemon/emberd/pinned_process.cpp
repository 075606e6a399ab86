#include "pinned_process.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ember::emberd {

namespace {

// Exit codes of the checking child.
constexpr int kReadable = 0;
constexpr int kCredentialsNotDropped = 125;

// Child side, after fork in a threaded daemon: only async-signal-safe calls.
[[noreturn]] void check_as(const UserAccount& account, const char* maps_path) {
  if (setgroups(account.groups.size(), account.groups.data()) != 0 ||
      setresgid(account.gid, account.gid, account.gid) != 0 ||
      setresuid(account.uid, account.uid, account.uid) != 0 || getuid() != account.uid ||
      geteuid() != account.uid || getgid() != account.gid || getegid() != account.gid)
    _exit(kCredentialsNotDropped);
  const int fd = open(maps_path, O_RDONLY | O_CLOEXEC);
  _exit(fd >= 0 ? kReadable : (errno > 0 && errno < kCredentialsNotDropped ? errno : EIO));
}

}  // namespace

Result<PinnedProcess> PinnedProcess::pin(uint32_t pid) {
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0));
  if (pidfd < 0)
    return make_error("no process " + std::to_string(pid) +
                      (errno == ESRCH ? std::string() : std::string(": ") + std::strerror(errno)));
  return PinnedProcess(pid, UniqueFd(pidfd));
}

bool PinnedProcess::alive() const {
  pollfd watched{.fd = pidfd_.get(), .events = POLLIN, .revents = 0};
  return poll(&watched, 1, 0) == 0;  // readable once the process has exited
}

Result<void> check_readable_by(const UserAccount& account, const PinnedProcess& process) {
  const std::string maps_path = "/proc/" + std::to_string(process.pid()) + "/maps";
  const pid_t child = fork();
  if (child < 0) return make_error(std::string("cannot fork: ") + std::strerror(errno));
  if (child == 0) check_as(account, maps_path.c_str());
  int status = 0;
  while (waitpid(child, &status, 0) < 0)
    if (errno != EINTR) return make_error(std::string("cannot wait: ") + std::strerror(errno));
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (!process.alive()) return make_error("process " + std::to_string(process.pid()) + " exited");
  if (code == kReadable) return {};
  const std::string who = "user " + account.name + " (uid " + std::to_string(account.uid) + ")";
  if (code == kCredentialsNotDropped || code < 0)
    return make_error("emberd could not check process " + std::to_string(process.pid()) + " as " +
                      who);
  return make_error(who + " may not read process " + std::to_string(process.pid()) + " (" +
                    std::strerror(code) +
                    "): only your own processes, as ptrace allows; root may profile any");
}

}  // namespace ember::emberd
