#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "ember/symbolizer/symbol_cache.h"
#include "kernel_symbols.h"
#include "module_cache.h"

namespace ember::symbolizer {

struct SymbolCache::State {
  explicit State(std::string debug_root) : modules(std::move(debug_root)) {}

  std::mutex mutex;  // held for a whole build(): the caches are not thread-safe
  ModuleCache modules;
  std::optional<KernelSymbols> kernel_symbols;  // loaded on first use
};

}  // namespace ember::symbolizer
