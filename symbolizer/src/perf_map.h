// JIT symbols from a perf map file (/tmp/perf-PID.map), written by runtimes such as the JVM
// (with an agent), V8/Node (--perf-basic-prof), .NET and LuaJIT for code in anonymous memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "symbol_table.h"

namespace ember::symbolizer {

// "/tmp/perf-PID.map": where a runtime writes its perf map, a path as the process sees its
// filesystem.
std::string perf_map_path(uint32_t pid);

class PerfMap {
 public:
  // Lines "START SIZE NAME", START and SIZE in hex (an optional 0x prefix is accepted), NAME
  // the rest of the line. Malformed lines are skipped. Runtimes append as they compile, so
  // a later line for the same address wins.
  static PerfMap parse(std::string_view text);

  // The JIT symbol containing runtime address `address`, or null.
  const Symbol* find(uint64_t address) const { return find_symbol(symbols_, address); }
  bool empty() const { return symbols_.empty(); }

 private:
  std::vector<Symbol> symbols_;
};

}  // namespace ember::symbolizer
