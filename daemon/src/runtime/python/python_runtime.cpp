#include "python_runtime.h"

#include <algorithm>
#include <iostream>

#include "python_interpreter.h"
#include "python_line_table.h"

namespace ember::daemon {

namespace {

// Code objects cached per process; past this the cache starts over (a process that keeps
// compiling new code, e.g. through exec()).
constexpr size_t kMaxCachedCodes = 1 << 16;
// PyTypeObject.tp_basicsize: a code object's instructions begin that far into it.
constexpr uint64_t kTypeBasicSize = 32;
constexpr uint64_t kMaxCodeHeader = 4096;

}  // namespace

PythonRuntime::PythonRuntime(Publish publish, std::string proc_root)
    : publish_(std::move(publish)), proc_root_(std::move(proc_root)) {}

void PythonRuntime::attach(uint32_t pid) {
  std::lock_guard lock(mutex_);
  processes_.erase(pid);
  if (auto attached = attach_locked(pid); !attached) note_locked(pid, attached.error().message);
}

Result<void> PythonRuntime::attach_locked(uint32_t pid) {
  auto found = find_python_interpreter(pid, proc_root_);
  if (!found || !*found) return {};  // gone already, or not Python
  const PythonInterpreter& interpreter = **found;
  const std::string process = "process " + std::to_string(pid);
  const std::string native = ": its stacks show the interpreter's native frames only";
  const std::string version =
      interpreter.version ? "Python " + python_version_text(interpreter.version) : "Python";
  auto layout = python_layout(interpreter.version);
  if (interpreter.version && !layout)
    return make_error(process + " runs " + version + " (" + interpreter.file +
                      "), whose frames ember cannot read (it reads CPython " +
                      python_supported_versions() + ")" + native);
  if (!interpreter.runtime || !interpreter.code_type || !layout)
    return make_error(process + " runs " + version + " from " + interpreter.file +
                      ", which lacks the symbols ember needs (_PyRuntime, PyCode_Type, Py_Version "
                      "in its dynamic symbol table)" +
                      native + "; use a build that exports them, as Debian's and python.org's do");
  const ProcessMemory memory(static_cast<pid_t>(pid));
  const auto basic_size = memory.read<uint64_t>(interpreter.code_type + kTypeBasicSize);
  if (!basic_size || *basic_size == 0 || *basic_size > kMaxCodeHeader)
    return make_error(process + ": cannot read the code type of " + version + native);
  Process state;
  state.layout = *layout;
  ember_python_process& walk = state.layout.walk;
  walk.tss_address = interpreter.runtime + state.layout.runtime_tss;
  walk.code_type = interpreter.code_type;
  walk.code_bytecode = static_cast<uint16_t>(*basic_size);
  if (auto published = publish_(pid, &walk); !published) return published.error();
  processes_[pid] = std::move(state);
  return {};
}

void PythonRuntime::forget(uint32_t pid) {
  std::lock_guard lock(mutex_);
  processes_.erase(pid);  // its notes stay: they are about the recording
  (void)publish_(pid, nullptr);
}

// One line per process (attach runs again as the process maps its libraries).
void PythonRuntime::note_locked(uint32_t pid, std::string line) {
  if (notes_.emplace(pid, line).second) std::cerr << "ember: " << line << "\n";
}

const PythonCode* PythonRuntime::code_locked(uint32_t pid, Process& process, uint64_t address,
                                             uint16_t check) {
  auto found = process.codes.find(address);
  if (found != process.codes.end() && found->second.check == check) return found->second.code.get();
  if (process.codes.size() >= kMaxCachedCodes) process.codes.clear();
  auto code = read_python_code(ProcessMemory(static_cast<pid_t>(pid)), process.layout, address);
  CachedCode cached{check, nullptr};
  // Another check than at the sample: the object was freed and its memory reused since.
  if (code && code->check == check) cached.code = std::make_shared<PythonCode>(std::move(*code));
  return (process.codes[address] = std::move(cached)).code.get();
}

void PythonRuntime::resolve(symbolizer::StackSample& sample) {
  if (sample.runtime_frames.empty()) return;
  std::lock_guard lock(mutex_);
  auto process = processes_.find(sample.pid);
  for (symbolizer::RuntimeFrame& frame : sample.runtime_frames) {
    ++frames_;
    const PythonCode* code = process == processes_.end() ? nullptr
                                                         : code_locked(sample.pid, process->second,
                                                                       frame.code, frame.check);
    if (!code) {
      ++unresolved_;
      continue;
    }
    frame.function = code->qualified_name;
    frame.file = code->file;
    frame.start_line = code->first_line;
    frame.line = python_line_of(code->line_table, code->first_line, frame.position);
    frame.position = 0;  // the line says it; equal lines aggregate
  }
}

std::vector<std::string> PythonRuntime::notes() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> lines;
  for (const auto& [pid, line] : notes_) lines.push_back(line);
  return lines;
}

std::map<std::string, int64_t> PythonRuntime::stats() const {
  std::lock_guard lock(mutex_);
  return {{"python_processes", static_cast<int64_t>(processes_.size())},
          {"python_frames", frames_},
          {"python_frames_unresolved", unresolved_}};
}

}  // namespace ember::daemon
