// A libelf descriptor with an owner, opened so that a hostile or changing file cannot crash us.
#pragma once

#include <libelf.h>

#include <memory>

#include "ember/result.h"

namespace ember::symbolizer {

struct ElfCloser {
  void operator()(Elf* elf) const { elf_end(elf); }
};
using ElfHandle = std::unique_ptr<Elf, ElfCloser>;

// Begins reading the ELF file open at `fd`, which must stay open while the handle is used.
// Fails unless it is an ELF file with a readable header.
Result<ElfHandle> begin_elf(int fd);

}  // namespace ember::symbolizer
