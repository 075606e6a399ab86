#include "unwind_load_bias.h"

#include <gelf.h>
#include <libelf.h>

#include <memory>

namespace ember::daemon {
namespace {

struct ElfDeleter {
  void operator()(Elf* elf) const { elf_end(elf); }
};

bool is_x86_64_program(Elf* elf) {
  GElf_Ehdr header;
  if (elf_kind(elf) != ELF_K_ELF || gelf_getehdr(elf, &header) == nullptr) return false;
  return gelf_getclass(elf) == ELFCLASS64 && header.e_machine == EM_X86_64 &&
         (header.e_type == ET_EXEC || header.e_type == ET_DYN);
}

}  // namespace

std::optional<uint64_t> load_bias(int fd, const MapsEntry& mapping) {
  static const bool libelf_ready = elf_version(EV_CURRENT) != EV_NONE;
  if (!libelf_ready) return std::nullopt;
  std::unique_ptr<Elf, ElfDeleter> elf(elf_begin(fd, ELF_C_READ_MMAP, nullptr));
  if (!elf || !is_x86_64_program(elf.get())) return std::nullopt;
  size_t count = 0;
  if (elf_getphdrnum(elf.get(), &count) != 0) return std::nullopt;
  for (size_t i = 0; i < count; ++i) {
    GElf_Phdr segment;
    if (gelf_getphdr(elf.get(), static_cast<int>(i), &segment) == nullptr) continue;
    if (segment.p_type != PT_LOAD || !(segment.p_flags & PF_X)) continue;
    // The kernel maps whole pages: the mapping's offset is the segment's offset rounded down.
    const uint64_t page_mask = 4095;
    const uint64_t first = segment.p_offset & ~page_mask;
    if (mapping.offset < first || mapping.offset >= segment.p_offset + segment.p_filesz) continue;
    // Runtime address of file offset X in this segment is bias + p_vaddr + (X - p_offset);
    // the mapping puts file offset `offset` at `start`. Unsigned wrap-around is intended.
    return mapping.start - mapping.offset + segment.p_offset - segment.p_vaddr;
  }
  return std::nullopt;
}

}  // namespace ember::daemon
