#include "ember/symbolizer/symbol_cache.h"

#include "symbol_cache_state.h"

namespace ember::symbolizer {

SymbolCache::SymbolCache(std::string debug_root)
    : state_(std::make_unique<State>(std::move(debug_root))) {}

SymbolCache::~SymbolCache() = default;

}  // namespace ember::symbolizer
