// The parts of /proc/PID/maps the unwinder needs: which ranges hold code (where CFI is looked
// up) and which hold read-only file data (what CFI expressions may read besides the stack).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ember/result.h"

namespace ember::daemon {

struct UnwindMapping {
  uint64_t start = 0;
  uint64_t end = 0;  // one past the last address
  uint64_t offset = 0;
  bool readable = false;
  bool writable = false;
  bool executable = false;
  uint64_t inode = 0;
  std::string path;  // absolute path of a file, a pseudo name like "[vdso]", or empty

  bool is_file() const { return inode != 0 && !path.empty() && path.front() == '/'; }
  bool contains(uint64_t address) const { return start <= address && address < end; }
};

// Parses maps text; malformed lines are skipped so one odd line cannot hide the rest.
std::vector<UnwindMapping> parse_unwind_maps(std::string_view text);

// Reads PROC_ROOT/PID/maps. Fails when the process is gone or the file is unreadable.
Result<std::vector<UnwindMapping>> read_unwind_maps(const std::string& proc_root, uint32_t pid);

// Identifies the set of code mappings: equal fingerprints mean the reported modules still
// describe the process, so cached unwind state can be kept.
uint64_t code_fingerprint(const std::vector<UnwindMapping>& mappings);

// The mapping holding ADDRESS, or nullptr. MAPPINGS are sorted by address, as the kernel
// writes them.
const UnwindMapping* find_mapping(const std::vector<UnwindMapping>& mappings, uint64_t address);

}  // namespace ember::daemon
