#include "ember/symbolizer/go_frame_sizes.h"

#include "elf_module.h"

namespace ember::symbolizer {

GoFrameSizes::GoFrameSizes(std::shared_ptr<const ElfModule> module) : module_(std::move(module)) {}

std::shared_ptr<const GoFrameSizes> GoFrameSizes::read(int fd) {
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
