// Turns a sampled user stack (registers + a copy of the top of the stack) into return
// addresses, using the DWARF call frame information (.eh_frame, .debug_frame) of the mapped
// binaries, so stacks through code without frame pointers (Debian's libc, -O2 builds) are whole.
//
// Built on elfutils' libdwfl rather than libunwind: libdwfl already takes modules reported from
// open file descriptors with an explicit load bias (what /proc/PID/map_files gives us, also for
// deleted binaries), caches parsed CFI per module, and is the library the symbolizer uses, so
// the daemon carries one DWARF stack, not two.
//
// Not thread-safe: one unwinder serves one collection thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ember/symbolizer/process_table.h"

namespace ember::daemon {

class UnwindProcess;

// x86-64 user registers at the sample, indexed by DWARF register number:
// 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp, 8..15 r8..r15, 16 rip.
struct UserRegisters {
  std::array<uint64_t, 17> dwarf{};
  uint64_t ip() const { return dwarf[16]; }
  uint64_t sp() const { return dwarf[7]; }
};

struct UserStackCopy {
  uint32_t pid = 0;
  UserRegisters regs;
  std::vector<uint8_t> stack;  // bytes copied from regs.sp() upward (stack[i] is at sp + i)
};

// Why an unwind ended. `complete` means an outermost frame was reached (its CFI marks the
// return address undefined, as _start and clone/clone3 do): the stack reaches a thread root.
enum class UnwindStop {
  complete,
  stack_copy_exhausted,  // a caller's frame lies above the copied bytes
  no_unwind_info,        // no CFI covers a pc (and the frame-pointer fallback failed)
  unmapped_address,      // a pc (or a read) lies in no mapping of the process
  bad_register,          // implausible registers: zero ip/sp, sp not growing towards callers
  depth_limit,
  error,
};
inline constexpr size_t kUnwindStopCount = 7;

std::string_view to_string(UnwindStop stop);

struct UnwindResult {
  // Leaf first: ips[0] = regs.ip(), then raw return addresses (not return - 1), as the
  // symbolizer and pprof expect.
  std::vector<uint64_t> ips;
  UnwindStop stop = UnwindStop::error;
};

class DwarfUnwinder {
 public:
  struct Stats {
    int64_t unwinds = 0;
    int64_t frames = 0;  // ips returned, all unwinds together
    std::array<int64_t, kUnwindStopCount> by_stop{};
    int64_t maps_reads = 0;  // /proc/PID/maps reads (first sight, new code mappings)
    int64_t evictions = 0;   // processes dropped to keep the cache bounded

    int64_t count(UnwindStop stop) const { return by_stop[static_cast<size_t>(stop)]; }
  };

  // Processes kept with their parsed modules at once; the least recently used goes first.
  static constexpr size_t kMaxCachedProcesses = 64;

  // With `processes`, maps are not read for a process whose exec is still ahead in the
  // pipeline (they would describe the image after the samples being unwound).
  explicit DwarfUnwinder(std::string proc_root = "/proc", size_t max_depth = 127,
                         symbolizer::ProcessTable* processes = nullptr);
  ~DwarfUnwinder();
  DwarfUnwinder(const DwarfUnwinder&) = delete;
  DwarfUnwinder& operator=(const DwarfUnwinder&) = delete;

  // Never throws on bad input: garbage stacks, vanished processes and malformed binaries end
  // the unwind with a stop reason. At most max_depth ips come back.
  UnwindResult unwind(const UserStackCopy& copy);

  // Drops cached state for PID (it exited or exec'd).
  void forget_process(uint32_t pid);

  const Stats& stats() const { return stats_; }

 private:
  struct ProcessEntry;
  struct Cache;
  ProcessEntry& entry_for(uint32_t pid);
  // Returns whether the process now has new unwind state (its code mappings changed).
  std::optional<std::vector<symbolizer::MapsEntry>> read_process_maps(uint32_t pid);
  bool reread_maps(uint32_t pid, ProcessEntry& entry);
  static bool may_reread_maps(const ProcessEntry& entry);
  UnwindResult unwind_uncounted(const UserStackCopy& copy);
  UnwindResult walk(UnwindProcess& process, const UserStackCopy& copy);

  std::string proc_root_;
  size_t max_depth_;
  symbolizer::ProcessTable* processes_;
  std::unique_ptr<Cache> cache_;
  Stats stats_;
};

}  // namespace ember::daemon
