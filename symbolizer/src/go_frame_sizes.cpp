#include "ember/symbolizer/go_frame_sizes.h"

#include <sys/stat.h>

#include "elf_handle.h"
#include "elf_module.h"
#include "gopclntab_reader.h"

namespace ember::symbolizer {

GoFrameSizes::GoFrameSizes(std::shared_ptr<const ElfModule> module) : module_(std::move(module)) {}

std::shared_ptr<const GoFrameSizes> GoFrameSizes::read(int fd) {
  // Most files are not Go: find that out from the section headers, without the symbol tables.
  struct stat file {};
  auto elf = begin_elf(fd);
  if (fstat(fd, &file) != 0 || !elf ||
      !read_go_pclntab(elf->get(), static_cast<uint64_t>(file.st_size)))
    return nullptr;
  auto module = ElfModule::open(fd);
  if (!module || !(*module)->go_pclntab()) return nullptr;
  return std::make_shared<const GoFrameSizes>(std::move(*module));
}

std::optional<uint64_t> GoFrameSizes::return_address_offset(uint64_t offset) const {
  auto vaddr = module_->file_offset_to_vaddr(offset);
  if (!vaddr) return std::nullopt;
  return module_->go_pclntab()->return_address_offset(*vaddr);
}

}  // namespace ember::symbolizer
