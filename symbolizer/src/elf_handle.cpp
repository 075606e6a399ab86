#include "elf_handle.h"

#include <gelf.h>

#include <mutex>
#include <string>

namespace ember::symbolizer {

Result<ElfHandle> begin_elf(int fd) {
  static std::once_flag version_once;
  static bool version_ok = false;
  std::call_once(version_once, [] { version_ok = elf_version(EV_CURRENT) != EV_NONE; });
  if (!version_ok) return make_error("libelf version mismatch");
  // ELF_C_READ reads with pread on demand instead of mmap: a file truncated under us then
  // gives a read error rather than SIGBUS.
  ElfHandle elf(elf_begin(fd, ELF_C_READ, nullptr));
  if (!elf) return make_error(std::string("not readable as ELF: ") + elf_errmsg(-1));
  if (elf_kind(elf.get()) != ELF_K_ELF) return make_error("not an ELF file");
  GElf_Ehdr header;
  if (!gelf_getehdr(elf.get(), &header)) return make_error("bad ELF header");
  return elf;
}

}  // namespace ember::symbolizer
