// CPython 3.11+'s location table (co_linetable): which source line each instruction came from.
#pragma once

#include <cstdint>
#include <string_view>

namespace ember::daemon {

// The line of the instruction at `instruction` (an index in code units) of a code object whose
// first line is `first_line` and location table `table`. Instructions without a location (and
// any past the table's end) keep the line of the last entry before them that had one, as a
// profile wants a line for every sample; 0 when none had. A malformed table ends the walk.
int64_t python_line_of(std::string_view table, int64_t first_line, uint32_t instruction);

}  // namespace ember::daemon
