// The perf map format (/tmp/perf-PID.map), written by runtimes such as the JVM (with an agent),
// V8/Node (--perf-basic-prof), .NET and LuaJIT for code in anonymous memory. PerfMapReader reads
// such files as they grow; perf_map_file() says where a process's is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "symbol_table.h"

namespace ember::symbolizer {

// One line "START SIZE NAME", START and SIZE in hex (an optional 0x prefix is accepted), NAME
// the rest of the line (a '\r' before the line's end dropped). False when the line is not one.
bool parse_perf_map_line(std::string_view line, Symbol& symbol);

}  // namespace ember::symbolizer
