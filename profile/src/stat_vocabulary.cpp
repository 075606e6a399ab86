#include "ember/profile/stat_vocabulary.h"

#include <array>

namespace ember::profile {

namespace {

constexpr bool kLoss = true;
constexpr bool kCounter = true;
constexpr bool kSetting = false;

constexpr std::array kVocabulary = {
    // What was collected, and what of it was lost.
    StatDescription{"samples", "Samples", "Samples collected.", false, kCounter},
    StatDescription{"lost_samples", "Lost samples",
                    "Samples lost before ember read them (ring buffer full, malformed records).",
                    kLoss, kCounter},
    StatDescription{"unwind_queue_drops", "Samples dropped unwinding",
                    "Samples dropped because the unwinding queue was full.", kLoss, kCounter},
    StatDescription{"unwind_failures", "Unwind failures",
                    "Stacks cut short: not captured, not copied, or CFI unwinding stopped before "
                    "a thread root.",
                    kLoss, kCounter},
    StatDescription{"truncated_stacks", "Truncated stacks",
                    "Stacks longer than the frames a sample keeps (deepest callers missing).",
                    kLoss, kCounter},
    StatDescription{"unsymbolized_frames", "Unsymbolized frames",
                    "Frames without a function name (shown as file+offset).", kLoss, kCounter},
    StatDescription{"unmapped_frames", "Unmapped frames",
                    "User addresses in no known mapping of their process.", kLoss, kCounter},
    StatDescription{"kernel_stack_errors", "Kernel stack errors",
                    "Samples whose kernel stack could not be captured.", kLoss, kCounter},
    StatDescription{"user_stack_errors", "User stack errors",
                    "Samples whose frame-pointer user stack could not be captured.", kLoss,
                    kCounter},
    StatDescription{"stack_copy_errors", "Stack copy errors",
                    "Samples whose user stack could not be copied for CFI unwinding.", kLoss,
                    kCounter},
    StatDescription{"unwind_stop_*", "CFI unwinding stopped",
                    "CFI unwinds that stopped before a thread root, by reason.", kLoss, kCounter},
    StatDescription{"runtime_stacks_truncated", "Runtime stacks truncated",
                    "Python stacks deeper than the frames a sample reads (outermost missing).",
                    kLoss, kCounter},
    StatDescription{"runtime_stacks_unreadable", "Runtime stacks unreadable",
                    "Samples of a Python thread whose interpreter state could not be read.", kLoss,
                    kCounter},
    StatDescription{"python_frames_unresolved", "Python frames unresolved",
                    "Python frames whose code object could not be read (freed, or unreadable).",
                    kLoss, kCounter},
    StatDescription{"targets_not_followed", "Processes not followed",
                    "New processes of a target not profiled: the targets map was full.", kLoss,
                    kCounter},
    StatDescription{"offcpu_threads_not_tracked", "Off-CPU waits not tracked",
                    "Switch-outs not tracked: no free off-CPU slot.", kLoss, kCounter},
    StatDescription{"short_waits_not_counted", "Short waits not counted",
                    "Short off-CPU waits not counted: their map was full.", kLoss, kCounter},
    StatDescription{"lock_waits_not_tracked", "Lock waits not tracked",
                    "Futex calls or kernel lock waits not tracked: their map was full.", kLoss,
                    kCounter},
    StatDescription{"samples_before_exec", "Samples before exec",
                    "Samples of a launched command taken before it ran its own program "
                    "(dropped: they are ember's).",
                    false, kCounter},
    // How stacks were unwound.
    StatDescription{"stacks", "Stacks", "Distinct samples in the profile.", false, kCounter},
    StatDescription{"stacks_reaching_root", "Stacks reaching a root",
                    "Samples whose stack reaches a thread root (_start, clone3, start_thread).",
                    false, kCounter},
    StatDescription{"frames", "Frames", "Frames in the profile, counted per sample.", false,
                    kCounter},
    StatDescription{"unwind_complete", "CFI unwinds complete",
                    "CFI unwinds that reached a thread root.", false, kCounter},
    StatDescription{"unwind_used_frame_pointers", "Frame-pointer fallbacks",
                    "Samples where the frame-pointer chain went further than CFI unwinding.", false,
                    kCounter},
    // Runtimes.
    StatDescription{"python_processes", "Python processes",
                    "CPython processes whose frames are read.", false, kSetting},
    StatDescription{"python_frames", "Python frames", "Python frames read, counted per sample.",
                    false, kCounter},
    // Off-CPU and wall clock.
    StatDescription{"short_waits", "Short waits",
                    "Off-CPU waits shorter than the minimum, counted without a stack.", false,
                    kCounter},
    StatDescription{"short_wait_nanos", "Short wait time",
                    "Nanoseconds of off-CPU waits shorter than the minimum.", false, kCounter},
    StatDescription{"offcpu_samples", "Off-CPU samples",
                    "Off-CPU samples in the wall-clock profile.", false, kCounter},
    // Memory.
    StatDescription{"brk_grown_bytes", "Heap grown", "Bytes the heap grew by (brk).", false,
                    kCounter},
    StatDescription{"brk_shrunk_bytes", "Heap shrunk", "Bytes the heap shrank by (brk).", false,
                    kCounter},
    StatDescription{"mapped_bytes", "Mapped", "Bytes mapped (mmap).", false, kCounter},
    StatDescription{"unmapped_bytes", "Unmapped", "Bytes unmapped (munmap).", false, kCounter},
    StatDescription{"page_fault_bytes", "Page faults",
                    "Bytes of memory first written (write page faults).", false, kCounter},
    StatDescription{"alloc_sample_bytes_max", "Largest sampling interval",
                    "The largest mean bytes between sampled allocations a thread used (above the "
                    "setting when it sampled less often to stay in its overhead budget).",
                    false, kSetting},
    // Settings the recording ran with.
    StatDescription{"frequency_hz", "Frequency", "On-CPU samples per second per CPU.", false,
                    kSetting},
    StatDescription{"loader_watched", "Dynamic loader watched",
                    "1 when the host's dynamic loader reported library loads, so maps were read "
                    "as programs mapped their libraries.",
                    false, kSetting},
    StatDescription{"offcpu_min_block_nanos", "Off-CPU minimum",
                    "Off-CPU waits shorter than this got no stack.", false, kSetting},
    StatDescription{"kernel_lock_contention", "Kernel locks traced",
                    "1 when kernel lock contention was traced.", false, kSetting},
    StatDescription{"alloc_sample_bytes", "Allocation sampling interval",
                    "Mean bytes between sampled allocations.", false, kSetting},
    StatDescription{"page_faults_per_sample", "Page faults per sample",
                    "Write page faults each memory-growth stack stands for.", false, kSetting},
};

}  // namespace

std::span<const StatDescription> stat_vocabulary() {
  return kVocabulary;
}

const StatDescription* describe_stat(std::string_view name) {
  for (const StatDescription& stat : kVocabulary) {
    const bool prefix = stat.name.ends_with('*');
    if (prefix ? name.starts_with(stat.name.substr(0, stat.name.size() - 1)) : name == stat.name)
      return &stat;
  }
  return nullptr;
}

}  // namespace ember::profile
