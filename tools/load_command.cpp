#include "load_command.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "ember/latency/latency_file.h"

namespace ember::tools {

void add_load_options(CLI::App& record, LoadOptions& options) {
  record.add_option("--load", options.command,
                    "Load test to run with the shell when recording starts; the recording ends "
                    "when it exits (unless --duration), and its latencies go to latency.csv");
  record.add_option("--latency", options.latency_file,
                    "The file where the --load command writes its latencies (found by itself "
                    "for hey -o csv, Locust --csv, k6 --out json), or one from an earlier run");
}

Result<std::unique_ptr<LoadCommand>> LoadCommand::start(const std::string& command, bool to_stderr,
                                                        std::function<void()> on_exit) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0)
    return make_error(std::string("cannot start the --load command: ") + std::strerror(errno));
  std::unique_ptr<LoadCommand> load(new LoadCommand());
  load->started_nanos_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  load->pid_ = fork();
  if (load->pid_ < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return make_error(std::string("cannot start the --load command: ") + std::strerror(errno));
  }
  if (load->pid_ == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipe_fds[1]);
  load->thread_ = std::thread(&LoadCommand::pass_through, load.get(), pipe_fds[0],
                              to_stderr ? STDERR_FILENO : STDOUT_FILENO, std::move(on_exit));
  return load;
}

void LoadCommand::pass_through(int from, int to, std::function<void()> on_exit) {
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = read(from, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t done = 0; done < n;) {
      const ssize_t written = write(to, buffer + done, static_cast<size_t>(n - done));
      if (written <= 0) break;
      done += written;
    }
    if (output_.size() + static_cast<size_t>(n) <= latency::kMaxLatencyFileBytes)
      output_.append(buffer, static_cast<size_t>(n));
    else
      truncated_ = true;
  }
  close(from);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  on_exit();
}

int LoadCommand::wait() {
  if (thread_.joinable()) thread_.join();
  return status_;
}

LoadCommand::~LoadCommand() {
  wait();
}

}  // namespace ember::tools
