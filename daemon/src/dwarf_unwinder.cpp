#include "dwarf_unwinder.h"

#include <elfutils/libdwfl.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <unordered_map>
#include <utility>

#include "ember/symbolizer/mapped_file.h"
#include "ember/symbolizer/process_table.h"
#include "unwind_maps.h"
#include "unwind_process.h"

namespace ember::daemon {
namespace {

using Clock = std::chrono::steady_clock;

// An ip outside every known mapping usually means new code (dlopen, JIT); maps are re-read
// then, but no more often than this per process, so garbage ips cannot flood /proc. Short,
// because a starting program maps its libraries within milliseconds of its first samples.
constexpr auto kMapsRereadInterval = std::chrono::milliseconds(5);

// A failed read this far above the copied bytes is a caller's frame that was not copied;
// farther away (or below sp) it is a wild pointer. 8 MiB is the default thread stack size.
constexpr uint64_t kStackReach = 8ull << 20;

constexpr unsigned kSpRegister = 7;

// State of one walk over the frames libdwfl produces.
struct FrameWalk {
  UnwindProcess* process = nullptr;
  size_t max_depth = 0;
  std::vector<uint64_t> ips;
  uint64_t last_sp = 0;
  std::optional<UnwindStop> stop;  // set when on_frame ends the walk early
  bool pc_outside_code = false;    // a return address in no known code mapping
};

int on_frame(Dwfl_Frame* frame, void* arg) {
  auto& walk = *static_cast<FrameWalk*>(arg);
  // Reads that failed while unwinding the previous frame did not stop it.
  walk.process->clear_failed_read();
  if (walk.ips.size() >= walk.max_depth) {
    walk.stop = UnwindStop::depth_limit;
    return DWARF_CB_ABORT;
  }
  Dwarf_Addr pc = 0;
  Dwarf_Word sp = 0;
  if (!dwfl_frame_pc(frame, &pc, nullptr)) {
    walk.stop = UnwindStop::error;
    return DWARF_CB_ABORT;
  }
  if (dwfl_frame_reg(frame, kSpRegister, &sp) != 0) {
    walk.stop = UnwindStop::bad_register;
    return DWARF_CB_ABORT;
  }
  if (!walk.ips.empty()) {
    // Callers' frames lie strictly above their callees': anything else is a loop or garbage.
    if (sp <= walk.last_sp) {
      walk.stop = UnwindStop::bad_register;
      return DWARF_CB_ABORT;
    }
    // A return address points just past a call instruction, so the call is at pc - 1.
    if (!walk.process->in_code(pc - 1)) {
      walk.stop = UnwindStop::unmapped_address;
      walk.pc_outside_code = true;
      return DWARF_CB_ABORT;
    }
  }
  walk.last_sp = sp;
  walk.ips.push_back(pc);
  return DWARF_CB_OK;
}

UnwindStop classify_failed_read(const UserStackCopy& copy, uint64_t address) {
  const uint64_t sp = copy.regs.sp();
  if (address >= sp && address - sp >= copy.stack.size() &&
      address - sp - copy.stack.size() < kStackReach)
    return UnwindStop::stack_copy_exhausted;
  return UnwindStop::unmapped_address;
}

}  // namespace

std::string_view to_string(UnwindStop stop) {
  switch (stop) {
    case UnwindStop::complete:
      return "complete";
    case UnwindStop::stack_copy_exhausted:
      return "stack_copy_exhausted";
    case UnwindStop::no_unwind_info:
      return "no_unwind_info";
    case UnwindStop::unmapped_address:
      return "unmapped_address";
    case UnwindStop::bad_register:
      return "bad_register";
    case UnwindStop::depth_limit:
      return "depth_limit";
    case UnwindStop::error:
      return "error";
  }
  return "error";
}

struct DwarfUnwinder::ProcessEntry {
  std::unique_ptr<UnwindProcess> process;  // null while the process cannot be read
  Clock::time_point maps_read_at;
  uint64_t last_used = 0;
};

struct DwarfUnwinder::Cache {
  std::unordered_map<uint32_t, ProcessEntry> entries;
  uint64_t clock = 0;  // counts lookups, orders entries by last use
};

DwarfUnwinder::DwarfUnwinder(std::string proc_root, size_t max_depth,
                             symbolizer::ProcessTable* processes)
    : proc_root_(std::move(proc_root)),
      max_depth_(max_depth),
      processes_(processes),
      cache_(std::make_unique<Cache>()) {}

DwarfUnwinder::~DwarfUnwinder() = default;

void DwarfUnwinder::forget_process(uint32_t pid) {
  cache_->entries.erase(pid);
}

DwarfUnwinder::ProcessEntry& DwarfUnwinder::entry_for(uint32_t pid) {
  auto found = cache_->entries.find(pid);
  if (found == cache_->entries.end()) {
    if (cache_->entries.size() >= kMaxCachedProcesses) {
      auto oldest = cache_->entries.begin();
      for (auto it = cache_->entries.begin(); it != cache_->entries.end(); ++it)
        if (it->second.last_used < oldest->second.last_used) oldest = it;
      cache_->entries.erase(oldest);
      ++stats_.evictions;
    }
    found = cache_->entries.emplace(pid, ProcessEntry{}).first;
    reread_maps(pid, found->second);
  }
  found->second.last_used = ++cache_->clock;
  return found->second;
}

// The maps come from the recording's process table where there is one (one reader of
// /proc/PID/maps for the symbolizers and the unwinder, one re-read policy), else from /proc.
std::optional<std::vector<MapsEntry>> DwarfUnwinder::read_process_maps(uint32_t pid) {
  if (processes_) {
    auto maps = processes_->maps(pid, true);
    if (!maps) return std::nullopt;
    return *maps;
  }
  auto maps = symbolizer::read_maps(proc_root_, pid);
  if (!maps) return std::nullopt;
  return std::move(*maps);
}

bool DwarfUnwinder::reread_maps(uint32_t pid, ProcessEntry& entry) {
  entry.maps_read_at = Clock::now();
  ++stats_.maps_reads;
  auto mappings = read_process_maps(pid);
  // A process that exited keeps its last state: its queued samples can still be unwound.
  if (!mappings) return false;
  if (entry.process && entry.process->fingerprint() == code_fingerprint(*mappings)) return false;
  auto process = UnwindProcess::create(pid, std::move(*mappings), [this, pid](const MapsEntry& m) {
    // The table's descriptor: the process may have exited by the time its samples are unwound.
    return processes_ ? processes_->open_file(pid, m)
                      : symbolizer::open_mapped_file(proc_root_, pid, m);
  });
  if (!process) return false;
  entry.process = std::move(*process);
  return true;
}

bool DwarfUnwinder::may_reread_maps(const ProcessEntry& entry) {
  return Clock::now() - entry.maps_read_at >= kMapsRereadInterval;
}

UnwindResult DwarfUnwinder::unwind(const UserStackCopy& copy) {
  UnwindResult result = unwind_uncounted(copy);
  ++stats_.unwinds;
  stats_.frames += static_cast<int64_t>(result.ips.size());
  ++stats_.by_stop[static_cast<size_t>(result.stop)];
  return result;
}

UnwindResult DwarfUnwinder::unwind_uncounted(const UserStackCopy& copy) {
  if (copy.regs.ip() == 0 || copy.regs.sp() == 0 || copy.pid == 0 || max_depth_ == 0)
    return {{}, UnwindStop::bad_register};
  ProcessEntry& entry = entry_for(copy.pid);
  if ((!entry.process || !entry.process->in_code(copy.regs.ip())) && may_reread_maps(entry))
    reread_maps(copy.pid, entry);
  if (!entry.process || !entry.process->in_code(copy.regs.ip()))
    return {{copy.regs.ip()}, UnwindStop::unmapped_address};

  UnwindResult result = walk(*entry.process, copy);
  // A return address in unknown code: maybe a library loaded since maps were read.
  if (result.stop == UnwindStop::unmapped_address && may_reread_maps(entry) &&
      reread_maps(copy.pid, entry))
    result = walk(*entry.process, copy);
  return result;
}

UnwindResult DwarfUnwinder::walk(UnwindProcess& process, const UserStackCopy& copy) {
  FrameWalk walk;
  walk.process = &process;
  walk.max_depth = max_depth_;
  walk.ips.reserve(std::min<size_t>(max_depth_, 64));
  const int status = process.walk(copy, on_frame, &walk);
  UnwindResult result;
  result.ips = std::move(walk.ips);
  if (walk.stop) {
    result.stop = *walk.stop;
  } else if (process.read_failed()) {
    // Also when libdwfl reports success: it takes an unreadable return address for the end
    // of the stack.
    result.stop = classify_failed_read(copy, process.failed_read_address());
  } else if (status == 0) {
    result.stop = UnwindStop::complete;
  } else if (result.ips.empty()) {
    result.stop = UnwindStop::bad_register;
  } else {
    const uint64_t pc = result.ips.back();
    const uint64_t instruction = result.ips.size() == 1 ? pc : pc - 1;
    result.stop = process.has_cfi_for(instruction) ? UnwindStop::error : UnwindStop::no_unwind_info;
  }
  return result;
}

}  // namespace ember::daemon
