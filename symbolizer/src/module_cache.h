// Parsed modules, shared by every process and mapping that maps the same binary.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "debug_file_finder.h"
#include "module.h"

namespace ember::symbolizer {

// Keyed by build-id, so the same library seen through different paths, containers or copies
// is parsed once; files without a build-id are keyed by device + inode (+ size and mtime, so
// a binary rewritten in place is not mistaken for its old self). Not thread-safe: the owner
// serializes access. Modules are kept for the cache's lifetime: there are few distinct
// binaries per host, and each is worth keeping once parsed (each module bounds its own
// per-address cache).
class ModuleCache {
 public:
  // `debug_root`: where separate debug files are installed (see DebugFileFinder).
  explicit ModuleCache(std::string debug_root = "/usr/lib/debug")
      : debug_finder_(std::move(debug_root)) {}

  // The module for the file open at `fd`, or null when it is not a readable ELF file (that
  // answer is cached too). `location` says where the file was found, to look for its debug
  // file beside it; a binary with both DWARF and a full symbol table needs none.
  std::shared_ptr<Module> get(int fd, const BinaryLocation& location = {});

  // Distinct modules parsed.
  size_t size() const { return by_build_id_.size() + without_build_id_; }

 private:
  std::shared_ptr<Module> open(int fd, const BinaryLocation& location) const;

  using FileKey = std::tuple<uint64_t, uint64_t, int64_t, int64_t, int64_t>;
  DebugFileFinder debug_finder_;
  std::map<FileKey, std::shared_ptr<Module>> by_file_;
  std::map<std::string, std::shared_ptr<Module>> by_build_id_;
  size_t without_build_id_ = 0;
};

}  // namespace ember::symbolizer
