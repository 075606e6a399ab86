#include "target_process.h"

#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ember::daemon {

namespace {

constexpr unsigned long kKernelThreadFlag = 0x00200000;  // PF_KTHREAD in /proc/PID/stat

// Field 9 of /proc/PID/stat (flags); the command name in field 2 may contain spaces and
// parentheses, so fields are counted from the last ')'.
bool is_kernel_thread(uint32_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto end_of_name = stat.rfind(')');
  if (end_of_name == std::string::npos) return false;
  std::istringstream fields(stat.substr(end_of_name + 1));
  std::string field;
  unsigned long flags = 0;
  for (int index = 3; index <= 9 && fields >> field; ++index)
    if (index == 9) flags = std::stoul(field);
  return flags & kKernelThreadFlag;
}

}  // namespace

Result<TargetProcess> TargetProcess::open(uint32_t pid) {
  const std::string name = "process " + std::to_string(pid);
  if (pid == 0) return make_error("PID 0 is not a process; pass the PID of a running program");
  int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) {
    if (errno == ESRCH)
      return make_error(name + " does not exist; check the PID (pidof NAME, pgrep NAME)");
    return make_error("cannot open " + name + ": " + std::strerror(errno));
  }
  TargetProcess target;
  target.pid_ = pid;
  target.pidfd_.reset(fd);
  if (is_kernel_thread(pid))
    return make_error(name + " is a kernel thread (" + process_name(pid) +
                      "); ember profiles user-space processes");
  if (pid == static_cast<uint32_t>(getpid()))
    return make_error(name + " is ember itself; pass the PID of the program to profile");
  return target;
}

bool TargetProcess::exited() const {
  pollfd event{pidfd_.get(), POLLIN, 0};
  return ::poll(&event, 1, 0) > 0;  // a pidfd becomes readable when the process exits
}

std::string process_name(uint32_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(file, name);
  return name;
}

}  // namespace ember::daemon
