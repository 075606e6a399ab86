// A JIT's perf map (/tmp/perf-PID.map) read as the runtime writes it: V8, the JVM's agents and
// others append a line as they compile, and an address whose code was freed may later hold other
// code, with a newer line. The reader reads only what was appended since its last read and keeps
// every entry with the epoch it was read in; a sample pinned at an epoch is named by what its
// address held then, not by the file's last line for that address.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ember/unique_fd.h"
#include "symbol_table.h"

namespace ember::symbolizer {

class PerfMapReader {
 public:
  // `path` as this process reaches it (through /proc/PID/root); opened on the first read that
  // finds it, and kept open, so it stays readable after the runtime exits.
  explicit PerfMapReader(std::string path);

  // Reads the lines appended since the last read, at most once every few milliseconds unless
  // `force`. Returns the epoch a sample taken now belongs to. The epoch grows only when a line
  // covers an address an earlier line covered (code replaced), so samples between two such
  // events share one epoch.
  uint32_t catch_up(bool force = false);

  // Takes `bytes` as appended to the file after what was read so far (catch_up() reads them;
  // fuzzing feeds them directly). A last line without '\n' waits for the rest.
  void append(std::string_view bytes);

  // What held `address` at `epoch`: the newest entry read at or before it; when every entry
  // there was read later (the sample came before the read), the first of them.
  std::optional<Symbol> find(uint64_t address, uint32_t epoch) const;

  // Lines that were not "START SIZE NAME" (hex START and SIZE, SIZE > 0, no overflow).
  int64_t skipped_lines() const;
  int64_t entries() const;

 private:
  struct Entry {
    Symbol symbol;
    uint32_t epoch = 0;
  };
  // A run of addresses that every entry covering any of it covers whole: the entries that held
  // it, oldest first (indices into entries_).
  struct Segment {
    uint64_t limit = 0;
    std::vector<uint32_t> versions;
  };

  void append_locked(std::string_view bytes);
  void add_line_locked(std::string_view line);
  void add_entry_locked(Symbol symbol);
  // Makes `address` a segment boundary, if a segment spans it.
  void split_locked(uint64_t address);

  const std::string path_;
  mutable std::mutex mutex_;
  UniqueFd fd_;
  uint64_t offset_ = 0;  // bytes read so far
  std::string partial_;  // a last line not yet ended by '\n'
  std::chrono::steady_clock::time_point last_read_{};
  std::vector<Entry> entries_;
  std::map<uint64_t, Segment> segments_;  // by start; disjoint
  uint32_t epoch_ = 0;
  int64_t skipped_ = 0;
};

}  // namespace ember::symbolizer
