// Address → name lookup over a sorted list of symbols, shared by ELF, kernel and JIT symbols.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ember::symbolizer {

struct Symbol {
  uint64_t address = 0;
  uint64_t size = 0;  // 0 when the source does not say
  std::string name;   // as the source has it (mangled)
};

// `symbols` sorted by address. Returns the symbol containing `address`; if the nearest symbol
// below has no size, that one (hand-written assembly and kallsyms have none). Null when the
// address lies below every symbol or in a gap between sized symbols.
const Symbol* find_symbol(const std::vector<Symbol>& symbols, uint64_t address);

}  // namespace ember::symbolizer
