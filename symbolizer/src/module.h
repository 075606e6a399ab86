// A binary and everything known about its code: ELF layout and symbols, the symbols of its
// separate debug file, and DWARF (from either) for inline frames and source lines.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "debug_info.h"
#include "elf_module.h"
#include "resolved_frame.h"

namespace ember::symbolizer {

// Not thread-safe (DWARF lookups and the frame cache mutate it); the owner serializes access.
class Module {
 public:
  // `debug_file` (symbols of a separate debug file) and `debug_info` may be null.
  Module(std::shared_ptr<const ElfModule> binary, std::shared_ptr<const ElfModule> debug_file,
         std::unique_ptr<DebugInfo> debug_info);

  // The mapped binary: layout (for address translation) and build-id.
  const ElfModule& binary() const { return *binary_; }
  const std::string& build_id() const { return binary_->build_id(); }
  // DWARF was found: frames come with source files, lines and inline chains.
  bool has_debug_info() const { return debug_info_ != nullptr; }
  bool has_debug_file() const { return debug_file_ != nullptr; }

  // The frames at ELF virtual address `vaddr`, innermost inlined function first. Names come
  // from DWARF where it covers the address, else from the symbol tables (the debug file's
  // .symtab before the binary's own). Empty when nothing is known. Answers are cached, up to
  // a bound.
  const std::vector<ResolvedFrame>& frames_at(uint64_t vaddr);

 private:
  std::vector<ResolvedFrame> look_up(uint64_t vaddr);
  const Symbol* find_symbol(uint64_t vaddr) const;

  std::shared_ptr<const ElfModule> binary_;
  std::shared_ptr<const ElfModule> debug_file_;
  std::unique_ptr<DebugInfo> debug_info_;
  std::unordered_map<uint64_t, std::vector<ResolvedFrame>> frames_;
};

}  // namespace ember::symbolizer
