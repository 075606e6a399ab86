// Where CPython keeps what ember reads, per version: the frame walk's offsets (for BPF) and the
// code and string objects' (for names, files and lines in user space).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ember_abi.h"

namespace ember::daemon {

struct PythonLayout {
  // The walk's offsets; its addresses (tss_address, code_type) and code_bytecode come from the
  // process, see python_interpreter.h.
  ember_python_process walk{};
  uint32_t runtime_tss = 0;  // autoTSSkey's offset in _PyRuntime
  // PyCodeObject fields (object pointers).
  uint16_t code_filename = 0;
  uint16_t code_name = 0;
  uint16_t code_qualname = 0;
  uint16_t code_linetable = 0;
  // str objects: the length, the state bits, and where a compact string's characters begin.
  uint16_t string_length = 16;
  uint16_t string_state = 32;
  uint16_t string_ascii_data = 48;    // compact ASCII
  uint16_t string_compact_data = 72;  // compact, not ASCII
  // bytes objects: ob_size and ob_sval.
  uint16_t bytes_size = 16;
  uint16_t bytes_data = 32;
};

// The layout of CPython `version` (as Py_Version: 0x030b02f0 is 3.11.2), by its minor version;
// nothing when ember has none for it.
std::optional<PythonLayout> python_layout(uint32_t version);

// "3.11.2" for 0x030b02f0.
std::string python_version_text(uint32_t version);

// Which versions have a layout, for messages: "3.11".
const char* python_supported_versions();

}  // namespace ember::daemon
