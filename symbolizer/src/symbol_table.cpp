#include "symbol_table.h"

#include <algorithm>

namespace ember::symbolizer {
namespace {

// A symbol nested in a larger one (e.g. a sized local label) hides the outer symbol from a
// plain "nearest below" search; look back this far for a symbol that contains the address.
constexpr size_t kMaxNestedSymbolScan = 8;

}  // namespace

const Symbol* find_symbol(const std::vector<Symbol>& symbols, uint64_t address) {
  auto above = std::upper_bound(symbols.begin(), symbols.end(), address,
                                [](uint64_t a, const Symbol& s) { return a < s.address; });
  if (above == symbols.begin()) return nullptr;
  const Symbol& nearest = *(above - 1);
  if (nearest.size == 0) return &nearest;
  const size_t below = static_cast<size_t>(above - symbols.begin());  // symbols at or below
  for (size_t back = 1; back <= kMaxNestedSymbolScan && back <= below; ++back) {
    const Symbol& candidate = symbols[below - back];
    if (candidate.size != 0 && address - candidate.address < candidate.size) return &candidate;
  }
  return nullptr;
}

}  // namespace ember::symbolizer
