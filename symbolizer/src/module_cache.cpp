#include "module_cache.h"

#include <sys/stat.h>

namespace ember::symbolizer {

std::shared_ptr<const ElfModule> ModuleCache::get(int fd) {
  struct stat status;
  if (::fstat(fd, &status) != 0) return nullptr;
  FileKey file_key{status.st_dev, status.st_ino, status.st_size, status.st_mtim.tv_sec,
                   status.st_mtim.tv_nsec};
  if (auto it = by_file_.find(file_key); it != by_file_.end()) return it->second;

  std::shared_ptr<const ElfModule> module;
  auto build_id = ElfModule::read_build_id(fd);
  if (build_id && !build_id->empty()) {
    if (auto it = by_build_id_.find(*build_id); it != by_build_id_.end()) module = it->second;
  }
  if (!module && build_id) {
    auto opened = ElfModule::open(fd);
    if (opened) {
      module = *opened;
      if (module->build_id().empty())
        ++without_build_id_;
      else
        by_build_id_.emplace(module->build_id(), module);
    }
  }
  by_file_.emplace(file_key, module);
  return module;
}

}  // namespace ember::symbolizer
