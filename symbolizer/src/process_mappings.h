// A process's memory mappings, pinned: each mapped executable file is kept open, so its symbols
// can be read after the process exits, execs, or its binary is deleted or replaced.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ember/symbolizer/process_maps.h"
#include "ember/unique_fd.h"
#include "open_files.h"
#include "perf_map_reader.h"

namespace ember::symbolizer {

// One mapping as it was when pinned. Immutable, shared by every sample frame that lies in it.
struct PinnedMapping {
  uint32_t pid = 0;
  uint64_t start = 0;
  uint64_t limit = 0;   // one past the last address
  uint64_t offset = 0;  // file offset mapped at `start`
  bool executable = false;
  std::string path;  // as the process saw it, without " (deleted)"; "[vdso]"...; empty: anonymous
  // The mapped file (executable file mappings) or a copy of the vDSO. Null when there is none
  // or it could not be opened.
  std::shared_ptr<const UniqueFd> file;
  // Executable anonymous memory (JIT code): the process's perf map, one reader for all of its
  // such mappings, read as the runtime appends to it. Null for other mappings.
  std::shared_ptr<PerfMapReader> perf_map;

  bool is_file_backed() const { return !path.empty() && path.front() == '/'; }
  bool is_vdso() const { return path == "[vdso]"; }
  // The name used for frames without a symbol: "libc.so.6", "[vdso]", "[anon]".
  std::string module_name() const;
};

class ProcessMappings {
 public:
  // Replaces the view with `entries` (a fresh read of PROC_ROOT/PID/maps). Mappings that did
  // not change keep their pins; new executable files come from `files` (opened through
  // PROC_ROOT/PID/map_files/START-END, which works for deleted files, else PROC_ROOT/PID/root/
  // PATH, the process's own filesystem, e.g. in a container); the vDSO is copied from its memory.
  void update(const std::vector<MapsEntry>& entries, const std::string& proc_root, uint32_t pid,
              OpenFiles& files);

  // The mapping containing `address`, or null.
  std::shared_ptr<const PinnedMapping> find(uint64_t address) const;

  size_t size() const { return mappings_.size(); }

 private:
  std::vector<std::shared_ptr<const PinnedMapping>> mappings_;  // sorted by start, disjoint
};

}  // namespace ember::symbolizer
