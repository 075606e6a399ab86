// The vDSO: code the kernel maps into every process, with no file behind it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "ember/unique_fd.h"

namespace ember::symbolizer {

// The bytes of the [vdso] mapping [start, end) of a process (PROC_DIR/mem). Nothing when the
// memory cannot be read (no permission, process gone) or is implausibly large for a vDSO.
std::optional<std::string> read_vdso(const std::string& proc_dir, uint64_t start, uint64_t end);

// `image` in an anonymous in-memory file, so it reads like any other ELF file and stays
// readable after the process exits. Null when it cannot be made.
std::shared_ptr<const UniqueFd> vdso_file(const std::string& image);

}  // namespace ember::symbolizer
