// Raw stacks in, profile out.
//
// Collection and symbolization are split in time: add() runs on the collection path and only
// pins each user address to the mapping it lies in (re-reading /proc/PID/maps when an address
// falls outside every known mapping, e.g. after dlopen), keeping the mapped file open so it
// can be read after the process exits. build() does the expensive part, symbol lookup, lazily
// and with caches keyed by build-id.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ember/profile/profile.h"
#include "ember/result.h"
#include "ember/symbolizer/process_table.h"
#include "ember/symbolizer/stack_sample.h"
#include "ember/symbolizer/symbol_cache.h"

namespace ember::symbolizer {

struct SymbolizerOptions {
  std::string proc_root = "/proc";  // tests may point elsewhere
  bool kernel = true;               // symbolize kernel frames from /proc/kallsyms
  // Separate debug files: DEBUG_ROOT/.build-id/xx/rest.debug and DEBUG_ROOT/DIR/DEBUGLINK.
  // Empty: only the binary's own directory is searched (for its .gnu_debuglink).
  std::string debug_root = "/usr/lib/debug";
};

struct SymbolizerStats {
  int64_t frames = 0;               // frames in the built profile (counted per sample)
  int64_t unsymbolized_frames = 0;  // frames shown as module+0xoffset
  int64_t unmapped_frames = 0;      // user addresses in no known mapping (process gone?)
  int64_t processes = 0;            // processes tracked
  int64_t modules = 0;              // distinct binaries opened
};

struct BuildOptions {
  std::vector<profile::ValueType> sample_types;  // one per StackSample::values entry
  profile::ValueType period_type;
  int64_t period = 0;
  int64_t time_nanos = 0;
  int64_t duration_nanos = 0;
};

class Symbolizer {
 public:
  // Without a `cache`, the symbolizer keeps its own (from options.debug_root); without a
  // process table, its own (from options.proc_root).
  explicit Symbolizer(SymbolizerOptions options = {}, std::shared_ptr<SymbolCache> cache = nullptr,
                      std::shared_ptr<ProcessTable> processes = nullptr);
  ~Symbolizer();
  Symbolizer(const Symbolizer&) = delete;
  Symbolizer& operator=(const Symbolizer&) = delete;

  // ProcessTable::track on this symbolizer's table: reads the process's maps now and opens its
  // mapped files (through /proc/PID/map_files, or /proc/PID/root/PATH), so they stay readable
  // after it exits or its binary is deleted. Fails when the maps cannot be read.
  Result<void> track_process(uint32_t pid);

  // Records one sample. Cheap; safe to call for processes never passed to track_process().
  void add(const StackSample& sample);

  // Symbolizes everything added so far. Labels pid, tid (numbers) and thread_name (string)
  // are put on every sample. Mappings carry file names and build-ids; locations carry runtime
  // addresses. Frames without a symbol are named "module+0xADDR" (ELF virtual address). Where
  // the binary or its separate debug file has DWARF, a location holds its whole inline chain,
  // and every frame its source file and line.
  profile::Profile build(const BuildOptions& options);

  SymbolizerStats stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ember::symbolizer
