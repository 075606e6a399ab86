// The functions executing at one address of a compile unit, as DWARF describes them.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <vector>

#include "resolved_frame.h"

namespace ember::symbolizer {

// The chain of functions inlined into each other at `vaddr`, innermost first, the function
// they all sit in last (pprof's and `addr2line -i`'s order). The innermost frame's line is the
// line table's row for `vaddr`; each outer frame's line is the call site of the function
// inlined into it (DW_AT_call_file/line). Names are demangled linkage names where the DIE has
// one, else DW_AT_name. When the unit has a line for `vaddr` but no function DIE around it
// (hand-written assembly), one frame with an empty name carries the line. Empty when DWARF
// knows nothing of `vaddr`. Malformed DWARF gives fewer frames, never a crash or a hang.
std::vector<ResolvedFrame> inline_chain(Dwarf_Die* unit, uint64_t vaddr);

}  // namespace ember::symbolizer
