#include "python_layout.h"

namespace ember::daemon {

namespace {

constexpr uint32_t minor_version(uint32_t version) {
  return version >> 16;
}

// glibc 2.34+ on x86-64: struct pthread keeps specific_1stblock[32] of {seq, data} at 0x310, so
// key K's value sits at fsbase + 0x318 + 16 * K.
constexpr uint32_t kGlibcKeyData = 0x318;

// CPython on x86-64, from each version's headers (Include/cpython/pystate.h, code.h,
// unicodeobject.h, Include/internal/pycore_frame.h, pycore_runtime.h), checked against live
// processes (3.11.2, 3.12.1, 3.13.0). What 3.11 to 3.13 share:
PythonLayout python_3_11_to_3_13(uint16_t minor) {
  PythonLayout layout;
  ember_python_process& walk = layout.walk;
  walk.version = minor;
  walk.tls_key_data = kGlibcKeyData;
  walk.code_flags = 48;  // PyCodeObject.co_flags
  layout.code_filename = 112;
  layout.code_name = 120;
  layout.code_qualname = 128;
  layout.code_linetable = 136;
  return layout;
}

PythonLayout python_3_11() {
  PythonLayout layout = python_3_11_to_3_13(0x030b);
  ember_python_process& walk = layout.walk;
  walk.tstate_cframe = 56;     // PyThreadState.cframe
  walk.tstate_frame = 8;       // _PyCFrame.current_frame
  walk.frame_code = 32;        // _PyInterpreterFrame.f_code
  walk.frame_previous = 48;    // .previous
  walk.frame_instr = 56;       // .prev_instr
  walk.frame_is_entry = 68;    // .is_entry
  walk.frame_owner = 69;       // .owner
  walk.code_argcount = 56;     // PyCodeObject.co_argcount
  walk.code_firstlineno = 72;  // .co_firstlineno
  walk.owner_cstack = 0xff;    // 3.11 marks entries with is_entry, not shim frames
  layout.runtime_tss = 592;    // _PyRuntimeState.gilstate.autoTSSkey
  return layout;
}

// 3.12 and 3.13: each activation of the evaluation loop starts on a shim frame owned by the C
// stack; str lost its wstr fields, so characters begin 8 bytes earlier.
PythonLayout python_3_12_or_3_13(uint16_t minor) {
  PythonLayout layout = python_3_11_to_3_13(minor);
  ember_python_process& walk = layout.walk;
  walk.frame_code = 0;      // _PyInterpreterFrame.f_code (3.13: f_executable)
  walk.frame_previous = 8;  // .previous
  walk.frame_instr = 56;    // .prev_instr (3.13: instr_ptr, the instruction being run)
  walk.frame_is_entry = EMBER_PYTHON_NO_FIELD;
  walk.frame_owner = 70;       // .owner
  walk.owner_cstack = 3;       // FRAME_OWNED_BY_CSTACK
  walk.code_argcount = 52;     // PyCodeObject.co_argcount
  walk.code_firstlineno = 68;  // .co_firstlineno
  layout.string_ascii_data = 40;
  layout.string_compact_data = 56;
  return layout;
}

PythonLayout python_3_12() {
  PythonLayout layout = python_3_12_or_3_13(0x030c);
  layout.walk.tstate_cframe = 56;  // PyThreadState.cframe
  layout.walk.tstate_frame = 0;    // _PyCFrame.current_frame
  layout.runtime_tss = 1544;       // _PyRuntimeState.autoTSSkey
  return layout;
}

PythonLayout python_3_13() {
  PythonLayout layout = python_3_12_or_3_13(0x030d);
  layout.walk.tstate_cframe = EMBER_PYTHON_NO_FIELD;  // no _PyCFrame any more
  layout.walk.tstate_frame = 72;                      // PyThreadState.current_frame
  layout.runtime_tss = 2160;                          // _PyRuntimeState.autoTSSkey
  return layout;
}

}  // namespace

std::optional<PythonLayout> python_layout(uint32_t version) {
  switch (minor_version(version)) {
    case 0x030b:
      return python_3_11();
    case 0x030c:
      return python_3_12();
    case 0x030d:
      return python_3_13();
    default:
      return std::nullopt;
  }
}

std::string python_version_text(uint32_t version) {
  std::string text = std::to_string(version >> 24) + "." + std::to_string((version >> 16) & 0xff);
  if (version & 0xffff) text += "." + std::to_string((version >> 8) & 0xff);
  return text;
}

const char* python_supported_versions() {
  return "3.11, 3.12, 3.13";
}

}  // namespace ember::daemon
