// The one view of each target process that a recording keeps: what it has mapped (each mapped
// executable file held open, so it stays readable after the process exits, execs, or its binary
// is deleted or replaced), which image it runs, and when its maps may be read again. Every
// source's symbolizer and the unwinder share it, so a process is read once for all of them and
// an exec applies to all of them at the same point in the record stream.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ember/result.h"
#include "ember/symbolizer/process_maps.h"

namespace ember::symbolizer {

struct ProcessTableState;

class ProcessTable {
 public:
  explicit ProcessTable(std::string proc_root = "/proc");
  ~ProcessTable();
  ProcessTable(const ProcessTable&) = delete;
  ProcessTable& operator=(const ProcessTable&) = delete;

  const std::string& proc_root() const;

  // Reads the process's maps now and opens its mapped files. Call when a target is attached,
  // forks or is found, and when it is about to exit. Fails when the maps cannot be read.
  Result<void> track(uint32_t pid);

  // The collector saw the process exec. Samples still ahead of that record in the pipeline
  // were taken in the old image, so until exec() runs, nothing reads maps for them; the new
  // image's maps are read now, while the process surely lives, and kept for exec(). Collector
  // thread.
  void exec_seen(uint32_t pid);
  // The exec record's turn in the pipeline: a new image, a new generation.
  void exec(uint32_t pid);

  // The process's maps as last read, re-read first when `reread` and allowed (not within a
  // few milliseconds of the last read, no exec pending); null when never read. For the
  // unwinder, which builds its own modules from them.
  std::shared_ptr<const std::vector<MapsEntry>> maps(uint32_t pid, bool reread);

  // Processes tracked, for the symbolizer's statistics.
  int64_t processes() const;

 private:
  friend class Symbolizer;
  std::unique_ptr<ProcessTableState> state_;
};

}  // namespace ember::symbolizer
