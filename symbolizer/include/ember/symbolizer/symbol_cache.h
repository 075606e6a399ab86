// What symbolization reads once and keeps: parsed binaries (symbol tables, DWARF line and
// inline tables, keyed by build-id) and the kernel's symbols. Symbolizers given the same cache
// (the profiles of one recording: cpu, offcpu, lock...) parse each binary once; their build()
// calls take turns with it.
#pragma once

#include <memory>
#include <string>

namespace ember::symbolizer {

class SymbolCache {
 public:
  // `debug_root`: where separate debug files are installed (see SymbolizerOptions).
  explicit SymbolCache(std::string debug_root = "/usr/lib/debug");
  ~SymbolCache();
  SymbolCache(const SymbolCache&) = delete;
  SymbolCache& operator=(const SymbolCache&) = delete;

 private:
  friend class Symbolizer;
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ember::symbolizer
