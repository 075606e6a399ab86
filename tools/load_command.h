// ember record --load 'CMD': the load test, run with the shell while the recording runs. Its
// standard output passes through (to stderr with --json, so stdout stays JSON) and is kept,
// since tools such as hey print their latencies there.
#pragma once

#include <sys/types.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "ember/result.h"

namespace ember::tools {

struct LoadOptions {
  std::string command;       // --load
  std::string latency_file;  // --latency: where CMD writes its latencies (or an earlier run's)
  bool wanted() const { return !command.empty() || !latency_file.empty(); }
};

void add_load_options(CLI::App& record, LoadOptions& options);

class LoadCommand {
 public:
  // Starts `/bin/sh -c command`; `on_exit` runs on another thread once it has exited.
  static Result<std::unique_ptr<LoadCommand>> start(const std::string& command, bool to_stderr,
                                                    std::function<void()> on_exit);
  ~LoadCommand();  // waits for the command
  LoadCommand(const LoadCommand&) = delete;
  LoadCommand& operator=(const LoadCommand&) = delete;

  int64_t started_nanos() const { return started_nanos_; }
  // Waits for the command; its exit status, 128 + N when signal N ended it.
  int wait();
  // What it printed, up to the latency file bound (`truncated` says whether more came).
  const std::string& output() const { return output_; }
  bool truncated() const { return truncated_; }

 private:
  LoadCommand() = default;
  void pass_through(int from, int to, std::function<void()> on_exit);

  pid_t pid_ = -1;
  int64_t started_nanos_ = 0;
  int status_ = 0;
  std::string output_;
  bool truncated_ = false;
  std::thread thread_;
};

}  // namespace ember::tools
