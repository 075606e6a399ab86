#include "debug_info.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "inline_chain.h"

namespace ember::symbolizer {

std::unique_ptr<DebugInfo> DebugInfo::open(int fd) {
  struct stat status;
  if (::fstat(fd, &status) != 0 || status.st_size > kMaxDebugFileBytes) return nullptr;
  UniqueFd own(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
  if (!own.valid()) return nullptr;
  auto elf = begin_elf(own.get());
  if (!elf) return nullptr;
  Dwarf* dwarf = dwarf_begin_elf(elf->get(), DWARF_C_READ, nullptr);
  if (!dwarf) return nullptr;
  return std::unique_ptr<DebugInfo>(new DebugInfo(std::move(own), std::move(*elf), dwarf));
}

DebugInfo::DebugInfo(UniqueFd fd, ElfHandle elf, Dwarf* dwarf)
    : fd_(std::move(fd)), elf_(std::move(elf)), dwarf_(dwarf) {}

DebugInfo::~DebugInfo() {
  // libdw borrows the Elf descriptor: end it first.
  dwarf_end(dwarf_);
}

std::vector<ResolvedFrame> DebugInfo::frames_at(uint64_t vaddr) {
  if (!units_) units_.emplace(dwarf_);
  Dwarf_Die unit;
  if (!units_->find(vaddr, &unit)) return {};
  return inline_chain(&unit, vaddr);
}

}  // namespace ember::symbolizer
