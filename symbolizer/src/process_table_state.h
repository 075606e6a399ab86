// Inside ProcessTable: the processes it tracks, shared with the symbolizers that pin sample
// addresses to their mappings.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "ember/result.h"
#include "open_files.h"
#include "process_mappings.h"

namespace ember::symbolizer {

// Maps read when the collector saw a record (a new image, the loader's change), kept until the
// pipeline applies the record, after the samples before it.
struct PendingMaps {
  bool new_image = false;
  std::optional<ProcessMappings> mappings;  // none: the read failed
  std::shared_ptr<const std::vector<MapsEntry>> entries;
};

struct TrackedProcess {
  ProcessMappings mappings;
  std::shared_ptr<const std::vector<MapsEntry>> entries;  // the maps as last read
  std::deque<PendingMaps> pending;                        // in record order
  std::chrono::steady_clock::time_point last_read{};
  uint32_t generation = 0;  // which image: unique in the table, never reused
};

struct ProcessTableState {
  explicit ProcessTableState(std::string root) : proc_root(std::move(root)) {}

  // Processes that exited, kept for late pinning (Symbolizer::build) of their last samples.
  static constexpr size_t kExitedKept = 64;

  const std::string proc_root;
  mutable std::mutex mutex;
  std::unordered_map<uint32_t, TrackedProcess> processes;  // living, by PID
  std::deque<TrackedProcess> exited;                       // the latest last
  OpenFiles files;
  uint32_t generations = 0;  // images given out so far
  int64_t tracked = 0;       // processes ever tracked

  // Caller holds `mutex`. On failure (the process exited) the pins it had stay.
  Result<void> read_maps_locked(uint32_t pid, TrackedProcess& process);
  // Whether the maps may be read again now for samples of `process`. Caller holds `mutex`.
  static bool may_reread(const TrackedProcess& process);
  // The process, added (with a new generation, its maps not read) if not living; and whether
  // it was added. Caller holds `mutex`.
  std::pair<TrackedProcess&, bool> add_locked(uint32_t pid);
  // The process, added (and read) on first sight. Caller holds `mutex`.
  TrackedProcess& see_locked(uint32_t pid);
  // The process that ran image `generation`, living or among those kept after their exit;
  // null when let go. Caller holds `mutex`.
  const TrackedProcess* find_locked(uint32_t pid, uint32_t generation) const;
  // The executable mapping holding `address`: re-reads the maps on a miss (new code since,
  // e.g. dlopen), at most every few milliseconds per process, and never while a new image is
  // still ahead in the pipeline. Caller holds `mutex`.
  std::shared_ptr<const PinnedMapping> pin_locked(uint32_t pid, TrackedProcess& process,
                                                  uint64_t address);
  // Without re-reading. Code runs only from executable mappings: a read-only one at a code
  // address is a stale view (the dynamic loader first reserves a library's whole span
  // read-only, then maps its segments over it).
  static std::shared_ptr<const PinnedMapping> code_mapping(const TrackedProcess& process,
                                                           uint64_t address);
};

}  // namespace ember::symbolizer
