// Finds the CPython interpreter a process runs: the file holding it (the executable, or a
// libpython), its version and the addresses the frame walk starts from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ember/result.h"

namespace ember::daemon {

struct PythonInterpreter {
  std::string file;        // as the process maps it
  uint32_t version = 0;    // as Py_Version (0x030b02f0: 3.11.2); before 3.11, from the file name
  uint64_t runtime = 0;    // &_PyRuntime in the process
  uint64_t code_type = 0;  // &PyCode_Type in the process
};

// Looks among the executable file mappings of `pid` named python* or libpython* for one whose
// dynamic symbols hold _PyRuntime (Py_Version says the version). Nothing when the process runs
// no CPython. When python-named files are mapped but none has the symbols, the first of them
// with runtime 0 (and the version its name says, or 0). An error when the maps are unreadable.
Result<std::optional<PythonInterpreter>> find_python_interpreter(
    uint32_t pid, const std::string& proc_root = "/proc");

}  // namespace ember::daemon
