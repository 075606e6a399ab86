// The one view of each target process that a recording keeps: what it has mapped (each mapped
// executable file held open, so it stays readable after the process exits, execs, or its binary
// is deleted or replaced), which image it runs, and when its maps may be read again. Every
// source's symbolizer and the unwinder share it, so a process is read once for all of them and
// an exec applies to all of them at the same point in the record stream. A process's life
// (image after image, then its exit) is followed in record order, so a new process that gets
// the PID of one that exited is never seen through the old one's maps. Bounded: processes that
// exited are let go (the most recent kept for late pinning), and a file mapped by many
// processes is held open once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ember/result.h"
#include "ember/symbolizer/process_maps.h"
#include "ember/unique_fd.h"

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

  // The collector saw the process start a new image: it exec'd, or it is a new process (forked,
  // or found) whose PID an exited one may have had. Samples still ahead of that record in the
  // pipeline were taken in the old image, so until apply_seen() runs, nothing reads maps for
  // them; the new image's maps are read now, while the process surely lives, and kept for
  // apply_seen(). Collector thread.
  void new_image_seen(uint32_t pid);
  // The collector saw the process's dynamic loader change its list of loaded objects (at
  // start-up, once the program's libraries are mapped; at dlopen and dlclose): its maps are
  // read now, as above, for the samples after that record. False for a process not tracked.
  // Collector thread.
  bool loader_changed_seen(uint32_t pid);
  // The oldest of those records has its turn in the pipeline: the maps read for it become the
  // process's view; a new image gets a new generation (unique in the table).
  void apply_seen(uint32_t pid);
  // The exit record's turn in the pipeline: the process is gone, its PID free for another.
  void exited(uint32_t pid);

  // The process's maps as last read, re-read first when `reread` and allowed (not within a
  // few milliseconds of the last read, no exec pending); null when never read. For the
  // unwinder, which builds its own modules from them.
  std::shared_ptr<const std::vector<MapsEntry>> maps(uint32_t pid, bool reread);

  // Processes tracked (living and exited), for the symbolizer's statistics.
  int64_t processes() const;
  bool living_process(uint32_t pid) const;

  // A descriptor of the file behind the process's mapping `entry` (as its maps were last
  // applied): a copy of the one the table holds, which stays readable after the process
  // exits; else the file opened through /proc now (mapped_file.h). Invalid when neither works.
  UniqueFd open_file(uint32_t pid, const MapsEntry& entry) const;
  // Processes tracked now, and files held open for them; for tests of the bounds.
  size_t living_processes() const;
  size_t open_files() const;

 private:
  void maps_seen(uint32_t pid, bool new_image);

  friend class Symbolizer;
  std::unique_ptr<ProcessTableState> state_;
};

}  // namespace ember::symbolizer
