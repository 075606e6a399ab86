// One frame of a symbolized location.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace ember::symbolizer {

// A location's frames come as a list, innermost inlined function first and the function they
// were inlined into last (pprof's order); without DWARF the list has the symbol's frame only.
struct ResolvedFrame {
  std::string name;         // demangled, or "module+0xADDR" when no symbol was found
  std::string system_name;  // as in the binary; equal to name when unsymbolized
  std::string file;         // source file, empty when unknown
  int64_t line = 0;         // line executing in this frame (the call site for outer frames)
  int64_t start_line = 0;   // the function's first line (its declaration), 0 when unknown
  bool symbolized = false;
  // A compiler-generated Go wrapper with no other function at this address: Go's own profiler
  // leaves such frames out of its stacks (gentraceback's elideWrapperCalling), and so do we.
  bool go_wrapper = false;
};

// A frame known only by its name (symbol tables, kallsyms, perf maps): `system_name` as the
// source has it, `name` as people read it.
inline ResolvedFrame named_frame(std::string name, std::string system_name) {
  ResolvedFrame frame;
  frame.name = std::move(name);
  frame.system_name = std::move(system_name);
  frame.symbolized = true;
  return frame;
}

// A frame without a symbol, called `placeholder` (e.g. "libfoo.so+0x1a2b").
inline ResolvedFrame unsymbolized_frame(const std::string& placeholder) {
  ResolvedFrame frame;
  frame.name = frame.system_name = placeholder;
  return frame;
}

}  // namespace ember::symbolizer
