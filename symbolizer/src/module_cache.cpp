#include "module_cache.h"

#include <sys/stat.h>

namespace ember::symbolizer {

std::shared_ptr<Module> ModuleCache::get(int fd, const BinaryLocation& location) {
  struct stat status;
  if (::fstat(fd, &status) != 0) return nullptr;
  FileKey file_key{status.st_dev, status.st_ino, status.st_size, status.st_mtim.tv_sec,
                   status.st_mtim.tv_nsec};
  if (auto it = by_file_.find(file_key); it != by_file_.end()) return it->second;

  std::shared_ptr<Module> module;
  auto build_id = ElfModule::read_build_id(fd);
  if (build_id && !build_id->empty()) {
    if (auto it = by_build_id_.find(*build_id); it != by_build_id_.end()) module = it->second;
  }
  if (!module && build_id) {
    module = open(fd, location);
    if (module) {
      if (module->build_id().empty())
        ++without_build_id_;
      else
        by_build_id_.emplace(module->build_id(), module);
    }
  }
  by_file_.emplace(file_key, module);
  return module;
}

std::shared_ptr<Module> ModuleCache::open(int fd, const BinaryLocation& location) const {
  auto binary = ElfModule::open(fd);
  if (!binary) return nullptr;
  const ElfModule& elf = **binary;
  std::shared_ptr<const ElfModule> debug_file;
  std::unique_ptr<DebugInfo> debug_info;
  if (!(elf.has_dwarf() && elf.has_symtab())) {
    if (UniqueFd debug_fd = debug_finder_.find(elf, location); debug_fd.valid()) {
      if (auto opened = ElfModule::open(debug_fd.get())) {
        debug_file = *opened;
        if (debug_file->has_dwarf()) debug_info = DebugInfo::open(debug_fd.get());
      }
    }
  }
  if (!debug_info && elf.has_dwarf()) debug_info = DebugInfo::open(fd);
  return std::make_shared<Module>(*binary, std::move(debug_file), std::move(debug_info));
}

}  // namespace ember::symbolizer
