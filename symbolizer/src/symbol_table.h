// Address → name lookup over a sorted list of symbols, shared by ELF, kernel and JIT symbols.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text_lines.h"

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

// The symbols of a text file with one symbol per line, sorted by address. `parse_line(line,
// symbol)` fills `symbol` and says whether the line held one. Equal addresses keep file order.
template <class ParseLine>
std::vector<Symbol> parse_symbol_lines(std::string_view text, ParseLine&& parse_line) {
  std::vector<Symbol> symbols;
  for_each_line(text, [&](std::string_view line) {
    Symbol symbol;
    if (parse_line(line, symbol)) symbols.push_back(std::move(symbol));
  });
  std::stable_sort(symbols.begin(), symbols.end(),
                   [](const Symbol& a, const Symbol& b) { return a.address < b.address; });
  return symbols;
}

}  // namespace ember::symbolizer
