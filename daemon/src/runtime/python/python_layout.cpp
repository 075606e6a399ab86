#include "python_layout.h"

namespace ember::daemon {

namespace {

constexpr uint32_t minor_version(uint32_t version) {
  return version >> 16;
}

// glibc 2.34+ on x86-64: struct pthread keeps specific_1stblock[32] of {seq, data} at 0x310, so
// key K's value sits at fsbase + 0x318 + 16 * K.
constexpr uint32_t kGlibcKeyData = 0x318;

// CPython 3.11 on x86-64, from its headers (Include/cpython/pystate.h, code.h,
// Include/internal/pycore_frame.h, pycore_runtime.h), checked against a live 3.11.2.
PythonLayout python_3_11() {
  PythonLayout layout;
  ember_python_process& walk = layout.walk;
  walk.version = 0x030b;
  walk.tls_key_data = kGlibcKeyData;
  walk.tstate_cframe = 56;     // PyThreadState.cframe
  walk.tstate_frame = 8;       // _PyCFrame.current_frame
  walk.frame_code = 32;        // _PyInterpreterFrame.f_code
  walk.frame_previous = 48;    // .previous
  walk.frame_instr = 56;       // .prev_instr
  walk.frame_is_entry = 68;    // .is_entry
  walk.frame_owner = 69;       // .owner
  walk.code_argcount = 56;     // PyCodeObject.co_argcount
  walk.code_flags = 48;        // .co_flags
  walk.code_firstlineno = 72;  // .co_firstlineno
  walk.owner_cstack = 0xff;    // 3.11 marks entries with is_entry, not shim frames
  layout.runtime_tss = 592;    // _PyRuntimeState.gilstate.autoTSSkey
  layout.code_filename = 112;
  layout.code_name = 120;
  layout.code_qualname = 128;
  layout.code_linetable = 136;
  return layout;
}

}  // namespace

std::optional<PythonLayout> python_layout(uint32_t version) {
  if (minor_version(version) == 0x030b) return python_3_11();
  return std::nullopt;
}

std::string python_version_text(uint32_t version) {
  std::string text = std::to_string(version >> 24) + "." + std::to_string((version >> 16) & 0xff);
  if (version & 0xffff) text += "." + std::to_string((version >> 8) & 0xff);
  return text;
}

const char* python_supported_versions() {
  return "3.11";
}

}  // namespace ember::daemon
