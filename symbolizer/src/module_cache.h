// Parsed ELF modules, shared by every process and mapping that maps the same binary.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "elf_module.h"

namespace ember::symbolizer {

// Keyed by build-id, so the same library seen through different paths, containers or copies
// is parsed once; files without a build-id are keyed by device + inode (+ size and mtime, so
// a binary rewritten in place is not mistaken for its old self). Not thread-safe: the owner
// serializes access. Modules are kept for the cache's lifetime: there are few distinct
// binaries per host, and each is worth keeping once parsed.
class ModuleCache {
 public:
  // The module for the file open at `fd`, or null when it is not a readable ELF file (that
  // answer is cached too).
  std::shared_ptr<const ElfModule> get(int fd);

  // Distinct modules parsed.
  size_t size() const { return by_build_id_.size() + without_build_id_; }

 private:
  using FileKey = std::tuple<uint64_t, uint64_t, int64_t, int64_t, int64_t>;
  std::map<FileKey, std::shared_ptr<const ElfModule>> by_file_;
  std::map<std::string, std::shared_ptr<const ElfModule>> by_build_id_;
  size_t without_build_id_ = 0;
};

}  // namespace ember::symbolizer
