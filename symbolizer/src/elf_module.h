// One ELF file's symbol table and layout, read once through libelf and then immutable.
//
// Addresses here are ELF virtual addresses (what `nm` prints), not runtime addresses: callers
// translate runtime address → file offset (via the mapping) → vaddr (file_offset_to_vaddr).
// A later DWARF step (file:line, inline chains via libdw) can sit beside this class, keyed the
// same way; nothing here assumes symbols are the only source of frames.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ember/result.h"
#include "symbol_table.h"

namespace ember::symbolizer {

// A PT_LOAD segment: file bytes [file_offset, file_offset + file_size) are mapped at vaddr.
struct LoadSegment {
  uint64_t file_offset = 0;
  uint64_t file_size = 0;
  uint64_t vaddr = 0;
  bool executable = false;
};

class ElfModule {
 public:
  // Reads build-id, PT_LOAD segments and function symbols (.symtab and .dynsym). The fd is
  // only read during the call. Fails on anything that is not a readable ELF file; malformed
  // parts of an otherwise valid file are skipped.
  static Result<std::shared_ptr<const ElfModule>> open(int fd);

  // Just the build-id (lower-case hex, empty if the file has none): cheap, for cache keys.
  static Result<std::string> read_build_id(int fd);

  const std::string& build_id() const { return build_id_; }
  const std::vector<LoadSegment>& segments() const { return segments_; }
  // Function symbols sorted by address (ELF vaddrs), one per address (aliases folded).
  const std::vector<Symbol>& symbols() const { return symbols_; }

  // The vaddr that file offset `offset` is loaded at, preferring executable segments (code is
  // what stacks point into, and a page may be shared with a data segment).
  std::optional<uint64_t> file_offset_to_vaddr(uint64_t offset) const;

  // The function symbol at `vaddr` (see symbolizer::find_symbol), or null.
  const Symbol* find_symbol(uint64_t vaddr) const {
    return symbolizer::find_symbol(symbols_, vaddr);
  }

 private:
  std::string build_id_;
  std::vector<LoadSegment> segments_;
  std::vector<Symbol> symbols_;
};

}  // namespace ember::symbolizer
