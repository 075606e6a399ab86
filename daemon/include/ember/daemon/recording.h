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

// How user stacks become call chains.
enum class UnwindMode {
  frame_pointers,  // follow the frame-pointer chain in the kernel: cheap, wrong without them
  dwarf,           // copy the user stack and unwind it with DWARF CFI in user space
  automatic,       // copy the stack; per sample keep the CFI result, or the frame-pointer chain
                   // where CFI could not get as far (code without unwind tables, e.g. JIT)
};

struct RecordingOptions {
  std::vector<uint32_t> pids;             // processes to attach to (all their threads)
  std::vector<std::string> command;       // or a command to launch and profile from its start
  std::chrono::milliseconds duration{0};  // 0: until stopped or every target exits
  int frequency_hz = 99;
  UnwindMode unwind = UnwindMode::automatic;
  // User stack bytes copied per sample for CFI unwinding (from the stack pointer up, at most to
  // the end of the stack). 16 KiB holds typical server stacks (perf's default, 8 KiB, cuts
  // deep C++ and interpreter stacks short); the ring buffer record always has room for 32 KiB.
  uint32_t stack_copy_bytes = 16 * 1024;
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
