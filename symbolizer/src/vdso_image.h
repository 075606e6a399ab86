// The vDSO: code the kernel maps into every process, with no file behind it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ember/unique_fd.h"

namespace ember::symbolizer {

// Copies the [vdso] mapping [start, end) of a process (PROC_DIR/mem) into an anonymous
// in-memory file, so it reads like any other ELF file and stays readable after the process
// exits. Null when the memory cannot be read (no permission, process gone) or is implausibly
// large for a vDSO.
std::shared_ptr<const UniqueFd> copy_vdso(const std::string& proc_dir, uint64_t start,
                                          uint64_t end);

}  // namespace ember::symbolizer
