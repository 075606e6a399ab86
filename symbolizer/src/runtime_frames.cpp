#include "runtime_frames.h"

#include <cstdio>
#include <string_view>

namespace ember::symbolizer {

namespace {

// CPython 3.11+'s evaluation loop. Compilers split out its cold part, "<name>.cold"; binaries
// with a symbol table name it so.
constexpr std::string_view kPythonInterpreter = "_PyEval_EvalFrameDefault";

}  // namespace

bool is_interpreter_activation(const std::vector<ResolvedFrame>& frames) {
  if (frames.empty()) return false;
  // The outermost frame of an inline chain is the function the code belongs to.
  const std::string_view name = frames.back().system_name;
  return name == kPythonInterpreter ||
         (name.starts_with(kPythonInterpreter) && name[kPythonInterpreter.size()] == '.');
}

std::span<const RuntimeFrame> next_activation(const std::vector<RuntimeFrame>& frames,
                                              size_t& next) {
  const size_t first = next;
  while (next < frames.size() && !frames[next++].entry) {
  }
  return std::span<const RuntimeFrame>(frames).subspan(first, next - first);
}

ResolvedFrame resolved_runtime_frame(const RuntimeFrame& frame) {
  if (frame.function.empty()) {
    char name[64];
    std::snprintf(name, sizeof(name), "[python code 0x%llx]",
                  static_cast<unsigned long long>(frame.code));
    return unsymbolized_frame(name);
  }
  ResolvedFrame resolved = named_frame(frame.function, frame.function);
  resolved.file = frame.file;
  resolved.line = frame.line;
  resolved.start_line = frame.start_line;
  return resolved;
}

}  // namespace ember::symbolizer
