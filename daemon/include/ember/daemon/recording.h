// One profiling run: attach to targets (or launch a command), collect, stop, build a profile.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ember/profile/profile.h"
#include "ember/result.h"

namespace ember::daemon {

struct RecordingOptions {
  std::vector<uint32_t> pids;             // processes to attach to (all their threads)
  std::vector<std::string> command;       // or a command to launch and profile from its start
  std::chrono::milliseconds duration{0};  // 0: until stopped or every target exits
  int frequency_hz = 99;
};

class Recording {
 public:
  // Checks the targets, loads and attaches the BPF programs, launches the command. Fails with
  // one clear line (no such PID, kernel thread, command not found, no permission...).
  static Result<std::unique_ptr<Recording>> start(const RecordingOptions& options);
  ~Recording();

  // Collects until the duration ends, every target exits, or request_stop() is called.
  Result<void> run();
  // Safe to call from a signal handler or another thread.
  void request_stop();

  // Symbolizes everything collected so far into a CPU profile (callable from any thread, also
  // while run() is collecting) (samples/count, cpu/nanoseconds), with
  // the collection's loss counters in its stats.
  profile::Profile profile();

  // The launched command's exit status once it has ended.
  std::optional<int> command_exit_status() const;

 private:
  struct State;
  explicit Recording(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace ember::daemon
