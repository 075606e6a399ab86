// Finds a Go binary's function table in its ELF file.
#pragma once

#include <libelf.h>

#include <memory>

#include "gopclntab.h"

namespace ember::symbolizer {

// The .gopclntab section's table, or, in a file whose section headers are gone, the first
// valid table header found in a read-only loaded segment. Null for binaries without one.
// `file_size` bounds what is read: segments cut off by the end of the file are read in part.
std::shared_ptr<const GoPclntab> read_go_pclntab(Elf* elf, uint64_t file_size);

}  // namespace ember::symbolizer
