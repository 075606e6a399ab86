// Finds the separate debug file of a stripped binary, the way distributions install them.
#pragma once

#include <string>

#include "elf_module.h"
#include "ember/unique_fd.h"

namespace ember::symbolizer {

// Where a binary was found: `path` as the process saw it, and `root`, the directory that
// path is relative to from here (the process's root, e.g. PROC/PID/root; empty for our own).
struct BinaryLocation {
  std::string root;
  std::string path;
};

class DebugFileFinder {
 public:
  // `debug_root` is the global debug directory (normally /usr/lib/debug); empty: none.
  explicit DebugFileFinder(std::string debug_root) : debug_root_(std::move(debug_root)) {}

  // Looks in order for DEBUG_ROOT/.build-id/xx/rest.debug (the file must carry the same
  // build-id), then for the .gnu_debuglink name in the binary's directory, in its .debug/
  // subdirectory and in DEBUG_ROOT/DIR/ (the file's CRC-32 must match the link's). Returns
  // the first match opened, or an invalid descriptor.
  UniqueFd find(const ElfModule& binary, const BinaryLocation& location) const;

 private:
  UniqueFd find_by_build_id(const std::string& build_id) const;
  UniqueFd find_by_debug_link(const DebugLink& link, const BinaryLocation& location) const;

  std::string debug_root_;
};

}  // namespace ember::symbolizer
