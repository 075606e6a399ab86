// One ELF file's symbol table and layout, read once through libelf and then immutable.
//
// Addresses here are ELF virtual addresses (what `nm` prints), not runtime addresses: callers
// translate runtime address → file offset (via the mapping) → vaddr (file_offset_to_vaddr).
// DWARF (file:line, inline chains) is read beside this class, by DebugInfo, keyed the same way.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ember/result.h"
#include "gopclntab.h"
#include "symbol_table.h"

namespace ember::symbolizer {

// A PT_LOAD segment: file bytes [file_offset, file_offset + file_size) are mapped at vaddr.
struct LoadSegment {
  uint64_t file_offset = 0;
  uint64_t file_size = 0;
  uint64_t vaddr = 0;
  bool executable = false;
};

// A .gnu_debuglink: the file name of a separate debug file and the CRC-32 of its contents.
struct DebugLink {
  std::string file_name;  // empty: no link
  uint32_t crc = 0;
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
  // The file's .gnu_debuglink. A name that is not a plain file name (a '/' in it) is dropped:
  // the link is untrusted and must not lead the search out of the debug directories.
  const DebugLink& debug_link() const { return debug_link_; }
  // The file carries DWARF (a .debug_info with contents, not a stripped placeholder).
  bool has_dwarf() const { return has_dwarf_; }
  // The file has a full symbol table (.symtab), not only the exported symbols of .dynsym.
  bool has_symtab() const { return has_symtab_; }
  const std::vector<LoadSegment>& segments() const { return segments_; }
  // Function symbols sorted by address (ELF vaddrs), one per address (aliases folded).
  const std::vector<Symbol>& symbols() const { return symbols_; }

  // A Go binary's own function table (names, files, lines, inline trees), which stripping
  // leaves in place. Null for other binaries.
  const GoPclntab* go_pclntab() const { return go_pclntab_.get(); }

  // The vaddr that file offset `offset` is loaded at, preferring executable segments (code is
  // what stacks point into, and a page may be shared with a data segment).
  std::optional<uint64_t> file_offset_to_vaddr(uint64_t offset) const;

  // The function symbol at `vaddr` (see symbolizer::find_symbol), or null.
  const Symbol* find_symbol(uint64_t vaddr) const {
    return symbolizer::find_symbol(symbols_, vaddr);
  }

 private:
  std::string build_id_;
  DebugLink debug_link_;
  bool has_dwarf_ = false;
  bool has_symtab_ = false;
  std::vector<LoadSegment> segments_;
  std::vector<Symbol> symbols_;
  std::shared_ptr<const GoPclntab> go_pclntab_;
};

}  // namespace ember::symbolizer
