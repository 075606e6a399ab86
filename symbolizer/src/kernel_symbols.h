// Kernel function names from /proc/kallsyms.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ember/result.h"
#include "symbol_table.h"

namespace ember::symbolizer {

class KernelSymbols {
 public:
  // Keeps text symbols (types t/T/w/W), module ones included. With kptr_restrict in force the
  // kernel prints every address as zero; those lines are dropped, so the table is empty and
  // kernel frames stay unsymbolized rather than all being named after one symbol.
  static KernelSymbols parse(std::string_view text);
  static Result<KernelSymbols> load(const std::string& path);

  // The nearest text symbol at or below `address` (kallsyms has no sizes), or null.
  const Symbol* find(uint64_t address) const { return find_symbol(symbols_, address); }
  bool empty() const { return symbols_.empty(); }

 private:
  std::vector<Symbol> symbols_;
};

}  // namespace ember::symbolizer
