// A CPython code object, read from the live process: what a frame's name, file and line come
// from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "python_layout.h"
#include "runtime/process_memory.h"

namespace ember::daemon {

struct PythonCode {
  std::string qualified_name;  // co_qualname, else co_name
  std::string file;            // co_filename
  int64_t first_line = 0;      // co_firstlineno
  std::string line_table;      // co_linetable
  uint16_t check = 0;          // ember_python_code_check of the code as read
};

// The code object at `address`, or nothing when it cannot be read (the process is gone, the
// object was freed). Names are bounded in length and may hold any bytes.
std::optional<PythonCode> read_python_code(const ProcessMemory& memory, const PythonLayout& layout,
                                           uint64_t address);

}  // namespace ember::daemon
