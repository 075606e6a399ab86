// Python frames for target processes that run CPython: finds each one's interpreter and layout
// and hands the layout to the BPF frame walk; resolves the frames samples carry (code object,
// instruction) to qualified names, files and lines, read from the live process and cached by
// code object. Thread-safe: records are resolved on the collecting thread as they arrive, and
// profiles read the counts from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ember/result.h"
#include "ember/symbolizer/stack_sample.h"
#include "ember_abi.h"
#include "python_code.h"
#include "python_layout.h"

namespace ember::daemon {

class PythonRuntime {
 public:
  // Gives the BPF programs a process's walk layout, or (null) takes it away.
  using Publish = std::function<Result<void>(uint32_t pid, const ember_python_process* walk)>;

  explicit PythonRuntime(Publish publish, std::string proc_root = "/proc");

  // A target process appeared, forked or exec'd: looks for its interpreter and publishes its
  // layout. A CPython without a layout or without the symbols needed gets one line, printed once
  // and kept in notes(); its stacks stay native.
  void attach(uint32_t pid);
  // The process exec'd or exited: its code objects are gone.
  void forget(uint32_t pid);

  // Names, files and lines for the sample's runtime frames.
  void resolve(symbolizer::StackSample& sample);

  std::vector<std::string> notes() const;
  // "python_processes" (with frames read), "python_frames", "python_frames_unresolved".
  std::map<std::string, int64_t> stats() const;

 private:
  struct CachedCode {
    uint16_t check = 0;
    std::shared_ptr<const PythonCode> code;  // null: unreadable
  };
  struct Process {
    PythonLayout layout;
    std::unordered_map<uint64_t, CachedCode> codes;
  };
  Result<void> attach_locked(uint32_t pid);
  const PythonCode* code_locked(uint32_t pid, Process& process, uint64_t address, uint16_t check);
  void note_locked(uint32_t pid, std::string line);

  Publish publish_;
  const std::string proc_root_;
  mutable std::mutex mutex_;
  std::unordered_map<uint32_t, Process> processes_;
  std::set<std::pair<uint32_t, std::string>> notes_;  // each line once per process
  int64_t frames_ = 0;
  int64_t unresolved_ = 0;
};

}  // namespace ember::daemon
