// Inside ProcessTable: the processes it tracks, shared with the symbolizers that pin sample
// addresses to their mappings.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "ember/result.h"
#include "process_mappings.h"

namespace ember::symbolizer {

struct TrackedProcess {
  ProcessMappings mappings;
  std::shared_ptr<const std::vector<MapsEntry>> entries;  // the maps as last read
  // Read when the collector saw an exec, installed when the pipeline applies it.
  std::optional<ProcessMappings> next_mappings;
  std::shared_ptr<const std::vector<MapsEntry>> next_entries;
  std::chrono::steady_clock::time_point last_read{};
  uint32_t generation = 0;     // images run so far (exec starts a new one)
  uint32_t execs_pending = 0;  // exec records the collector saw that the pipeline has not applied
};

struct ProcessTableState {
  explicit ProcessTableState(std::string root) : proc_root(std::move(root)) {}

  const std::string proc_root;
  mutable std::mutex mutex;
  std::unordered_map<uint32_t, TrackedProcess> processes;

  // Caller holds `mutex`. On failure (the process exited) the pins it had stay.
  Result<void> read_maps_locked(uint32_t pid, TrackedProcess& process);
  // Whether the maps may be read again now for samples of `process`. Caller holds `mutex`.
  static bool may_reread(const TrackedProcess& process);
  // The process, read on first sight. Caller holds `mutex`.
  TrackedProcess& see_locked(uint32_t pid);
  // The executable mapping holding `address`: re-reads the maps on a miss (new code since,
  // e.g. dlopen), at most every few milliseconds per process, and never while an exec is still
  // ahead in the pipeline. Caller holds `mutex`.
  std::shared_ptr<const PinnedMapping> pin_locked(uint32_t pid, TrackedProcess& process,
                                                  uint64_t address);
  // Without re-reading. Code runs only from executable mappings: a read-only one at a code
  // address is a stale view (the dynamic loader first reserves a library's whole span
  // read-only, then maps its segments over it).
  static std::shared_ptr<const PinnedMapping> code_mapping(const TrackedProcess& process,
                                                           uint64_t address);
};

}  // namespace ember::symbolizer
