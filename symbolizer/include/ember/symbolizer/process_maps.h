// /proc/PID/maps: which file (or anonymous region) backs each address range of a process.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ember/result.h"

namespace ember::symbolizer {

struct MapsEntry {
  uint64_t start = 0;
  uint64_t end = 0;  // one past the last address
  uint64_t offset = 0;
  bool readable = false;
  bool writable = false;
  bool executable = false;
  uint32_t dev_major = 0;
  uint32_t dev_minor = 0;
  uint64_t inode = 0;
  // As the process saw it: an absolute path (with " (deleted)" when unlinked), a pseudo name
  // such as "[vdso]" or "[heap]", or empty for anonymous memory.
  std::string path;

  bool is_file() const { return inode != 0 && !path.empty() && path.front() == '/'; }
};

// Parses the text of a maps file. Malformed lines are skipped, so one odd line cannot hide
// the rest; entries come out in file order, which the kernel keeps sorted by address.
std::vector<MapsEntry> parse_maps(std::string_view text);

// Reads and parses PROC_ROOT/PID/maps. Fails when the process does not exist or the file
// cannot be read.
Result<std::vector<MapsEntry>> read_maps(const std::string& proc_root, uint32_t pid);

// The path without the " (deleted)" suffix the kernel appends to unlinked files.
std::string_view strip_deleted_suffix(std::string_view path);

}  // namespace ember::symbolizer
