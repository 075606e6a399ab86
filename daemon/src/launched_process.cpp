#include "launched_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <future>
#include <sstream>

namespace ember::daemon {

namespace {

bool is_executable_file(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && access(path.c_str(), X_OK) == 0;
}

// Child side, between fork and exec: only async-signal-safe calls.
[[noreturn]] void run_child(int gate, int exec_error, const char* path, char* const argv[],
                            char* const envp[]) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);  // exec keeps the mask; the command wants none
  char go = 0;
  if (read(gate, &go, 1) != 1) _exit(127);  // ember went away before releasing us
  execve(path, argv, envp);
  int error = errno;
  (void)!write(exec_error, &error, sizeof(error));
  _exit(127);
}

// ember's environment with `overrides` ("NAME=VALUE") replacing or adding variables.
std::vector<std::string> child_environment(const std::vector<std::string>& overrides) {
  std::vector<std::string> result;
  auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=') + 1); };
  for (char** entry = environ; *entry; ++entry) {
    const std::string variable(*entry);
    bool replaced = false;
    for (const auto& override : overrides) replaced |= name_of(override) == name_of(variable);
    if (!replaced) result.push_back(variable);
  }
  result.insert(result.end(), overrides.begin(), overrides.end());
  return result;
}

int status_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

Result<std::string> find_executable(const std::string& name) {
  if (name.empty()) return make_error("no command given after --");
  if (name.find('/') != std::string::npos) {
    if (is_executable_file(name)) return name;
    return make_error(
        "cannot execute '" + name +
        "': " + (access(name.c_str(), F_OK) == 0 ? "not an executable file" : "no such file"));
  }
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (is_executable_file(candidate)) return candidate;
  }
  return make_error("command not found: '" + name + "' (not in PATH)");
}

Result<std::unique_ptr<LaunchedProcess>> LaunchedProcess::start(
    const std::vector<std::string>& argv, std::function<void(uint32_t pid)> on_exit,
    const std::vector<std::string>& environment) {
  auto path = find_executable(argv.empty() ? std::string() : argv[0]);
  if (!path) return path.error();
  std::unique_ptr<LaunchedProcess> process(new LaunchedProcess());
  process->on_exit_ = std::move(on_exit);
  std::promise<Result<uint32_t>> started;
  auto pid = started.get_future();
  // ptrace binds the tracee to the thread that attached, so the fork, the attach and every
  // later wait happen on the supervisor thread.
  process->supervisor_ = std::thread(
      &LaunchedProcess::supervise, process.get(), *path, argv, child_environment(environment),
      [&started](Result<uint32_t> result) { started.set_value(std::move(result)); });
  auto result = pid.get();
  if (!result) {
    process->supervisor_.join();
    return result.error();
  }
  return process;
}

void LaunchedProcess::supervise(std::string path, std::vector<std::string> argv,
                                std::vector<std::string> environment,
                                std::function<void(Result<uint32_t>)> started) {
  int gate[2], exec_error[2];
  if (pipe2(gate, O_CLOEXEC) != 0 || pipe2(exec_error, O_CLOEXEC) != 0) {
    started(make_error(std::string("cannot create a pipe: ") + std::strerror(errno)));
    return;
  }
  std::vector<char*> child_argv;
  for (auto& arg : argv) child_argv.push_back(arg.data());
  child_argv.push_back(nullptr);
  std::vector<char*> child_envp;
  for (auto& variable : environment) child_envp.push_back(variable.data());
  child_envp.push_back(nullptr);

  pid_t child = fork();
  if (child == 0)
    run_child(gate[0], exec_error[1], path.c_str(), child_argv.data(), child_envp.data());
  close(gate[0]);
  close(exec_error[1]);
  gate_.reset(gate[1]);
  exec_error_.reset(exec_error[0]);
  if (child < 0) {
    started(make_error(std::string("cannot fork: ") + std::strerror(errno)));
    return;
  }
  // Without ptrace (forbidden in some containers) maps are still read on demand while the
  // command runs; only a program exiting before its samples are read loses symbols.
  (void)ptrace(PTRACE_SEIZE, child, nullptr, PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL);
  pid_ = static_cast<uint32_t>(child);
  started(pid_);
  watch();
}

void LaunchedProcess::watch() {
  for (;;) {
    int status = 0;
    pid_t waited = waitpid(static_cast<pid_t>(pid_), &status, __WALL);
    if (waited < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      exit_status_ = status_code(status);
      break;
    }
    if (!WIFSTOPPED(status)) continue;
    const int event = status >> 16;
    int signal_to_deliver = 0;
    if (event == PTRACE_EVENT_EXIT && on_exit_) {
      on_exit_(pid_);
    } else if (event == PTRACE_EVENT_STOP) {
      ptrace(PTRACE_LISTEN, pid_, nullptr, nullptr);  // group stop: stay stopped, as untraced
      continue;
    } else if (event == 0) {
      signal_to_deliver = WSTOPSIG(status);  // an ordinary signal: pass it on
    }
    ptrace(PTRACE_CONT, pid_, nullptr, reinterpret_cast<void*>(intptr_t{signal_to_deliver}));
  }
  exited_ = true;
}

Result<void> LaunchedProcess::release() {
  char go = 1;
  if (write(gate_.get(), &go, 1) != 1)
    return make_error(std::string("cannot start the command: ") + std::strerror(errno));
  gate_.reset();
  int error = 0;
  ssize_t got;
  do got = read(exec_error_.get(), &error, sizeof(error));
  while (got < 0 && errno == EINTR);
  if (got == sizeof(error))
    return make_error(std::string("cannot execute the command: ") + std::strerror(error));
  return {};
}

void LaunchedProcess::terminate() {
  using namespace std::chrono;
  if (!exited_) {
    kill(static_cast<pid_t>(pid_), SIGTERM);
    for (auto deadline = steady_clock::now() + seconds(2);
         !exited_ && steady_clock::now() < deadline;)
      std::this_thread::sleep_for(milliseconds(10));
    if (!exited_) kill(static_cast<pid_t>(pid_), SIGKILL);
  }
  if (supervisor_.joinable()) supervisor_.join();
}

LaunchedProcess::~LaunchedProcess() {
  gate_.reset();  // a child never released reads EOF and exits
  if (pid_ != 0) terminate();
  if (supervisor_.joinable()) supervisor_.join();
}

}  // namespace ember::daemon
