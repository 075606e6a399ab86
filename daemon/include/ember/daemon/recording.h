// One profiling run: attach to targets (or launch a command), collect, stop, build a profile.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
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

// What a recording collects; each mode gives its own profile.
enum class Mode {
  cpu,     // on-CPU stacks, sampled at the frequency (samples/count, cpu/nanoseconds)
  offcpu,  // where threads wait and for how long (samples/count, offcpu/nanoseconds), and
           // what woke them ("wakers": wakeups/count, wakers/nanoseconds)
  alloc,   // allocated bytes by stack (alloc_objects/count, alloc_space/bytes): a launched
           // command's allocations, sampled by a preloaded sampler; else memory growth
  lock,    // lock waits by waiter stack and lock (contentions/count, delay/nanoseconds), and
           // the stacks that released them ("lock_holders")
};

struct RecordingOptions {
  std::vector<Mode> modes{Mode::cpu};
  std::vector<uint32_t> pids;             // processes to attach to (all their threads)
  std::vector<std::string> command;       // or a command to launch and profile from its start
  std::string cgroup;                     // or every process of a cgroup (v2) and below it
  bool all_processes = false;             // or every process on the host (but ember)
  std::chrono::milliseconds duration{0};  // 0: until stopped or every target exits
  int frequency_hz = 99;
  UnwindMode unwind = UnwindMode::automatic;
  // User stack bytes copied per sample for CFI unwinding (from the stack pointer up, at most to
  // the end of the stack). 16 KiB holds typical server stacks (perf's default, 8 KiB, cuts
  // deep C++ and interpreter stacks short); the ring buffer record always has room for 32 KiB.
  uint32_t stack_copy_bytes = 16 * 1024;
  // Off-CPU waits shorter than this get no stack of their own (their time is still counted, per
  // thread and state): it bounds the cost on targets that switch context very often.
  std::chrono::nanoseconds offcpu_min_block{20'000};
  // Off-CPU: also what woke each wait ("wakers"), a second stack capture per wait.
  bool offcpu_wakers = true;
  // Mean bytes between the allocations a launched command's preloaded sampler picks (as Go's
  // MemProfileRate); 0: no sampler, memory growth (brk, mmap, page faults) as for --pid.
  uint64_t alloc_sample_bytes = 512 * 1024;
  // Most of each thread's time the sampler may spend reporting picks, in percent; beyond it the
  // thread picks less often (its estimates stay unbiased, with more variance). 0: no limit.
  double alloc_max_overhead_percent = 2;

  // How many kinds of target these name (PIDs, a command, a cgroup, all); exactly one is valid.
  int target_kinds() const {
    return !pids.empty() + !command.empty() + !cgroup.empty() + all_processes;
  }
};

struct NamedProfile {
  std::string name;  // "cpu", "offcpu", "wakers", "lock", "lock_holders", "alloc", "wall"
  profile::Profile profile;
};

struct NamedStats {
  std::string name;  // as NamedProfile::name
  std::map<std::string, int64_t> stats;
};

class Recording {
 public:
  // Checks the targets (exactly one kind: PIDs, a command, a cgroup or all processes), loads
  // and attaches the BPF programs, launches the command. Fails with one clear line (no such
  // PID, kernel thread, command not found, not a cgroup, no permission...).
  static Result<std::unique_ptr<Recording>> start(const RecordingOptions& options);
  ~Recording();

  // Collects until the duration ends, every target exits (named PIDs or a command; a cgroup's
  // or the host's processes are followed until stopped), or request_stop() is called.
  Result<void> run();
  // Safe to call from a signal handler or another thread.
  void request_stop();

  // Symbolizes everything collected so far (callable from any thread, also while run() is
  // collecting): one profile per mode, in the order of the options, each with the
  // collection's loss counters in its stats; and with both cpu and offcpu, "wall" (samples/count,
  // wall/nanoseconds): on-CPU and off-CPU time together, so each thread's total is the time it
  // existed during the recording.
  std::vector<NamedProfile> profiles();
  // The first mode's profile.
  profile::Profile profile();

  // Each profile's statistics so far (as profiles() puts in Profile::stats; names in
  // profile/stat_vocabulary.h) but those that need symbolizing (frames, unsymbolized frames,
  // stacks reaching a root) and the wall-clock view's: cheap enough to poll while collecting.
  std::vector<NamedStats> stats() const;

  // The launched command's exit status once it has ended.
  std::optional<int> command_exit_status() const;

 private:
  struct State;
  explicit Recording(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace ember::daemon
