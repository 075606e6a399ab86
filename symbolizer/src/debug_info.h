// A file's DWARF: which functions, inlined into each other, and which source lines an
// address belongs to.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "elf_handle.h"
#include "ember/unique_fd.h"
#include "resolved_frame.h"
#include "unit_index.h"

namespace ember::symbolizer {

// libdw holds a file's DWARF sections in memory; larger files are not read (nor CRC-checked
// when looking for debug files), to bound memory and time on hostile or giant inputs.
inline constexpr int64_t kMaxDebugFileBytes = int64_t{2} << 30;

// Not thread-safe: libdw caches as it reads. The owner serializes access.
class DebugInfo {
 public:
  // Reads the DWARF of the ELF file open at `fd` (the descriptor is duplicated and kept, as
  // libdw reads sections on demand). Null when the file has no usable DWARF or is larger than
  // kMaxDebugFileBytes.
  static std::unique_ptr<DebugInfo> open(int fd);
  ~DebugInfo();
  DebugInfo(const DebugInfo&) = delete;
  DebugInfo& operator=(const DebugInfo&) = delete;

  // See inline_chain(): innermost frame first; empty when no compile unit covers `vaddr`.
  std::vector<ResolvedFrame> frames_at(uint64_t vaddr);

 private:
  DebugInfo(UniqueFd fd, ElfHandle elf, Dwarf* dwarf);

  UniqueFd fd_;
  ElfHandle elf_;
  Dwarf* dwarf_;
  std::optional<UnitIndex> units_;  // built on first lookup
};

}  // namespace ember::symbolizer
