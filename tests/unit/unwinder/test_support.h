// Helpers for the unwinder tests: captures as the unwinder's input, names of unwound ips, and
// a fixture process to unwind from outside.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "captured_stack.h"
#include "dwarf_unwinder.h"

namespace ember::unwinder_testing {

daemon::UserStackCopy to_stack_copy(uint32_t pid, const CapturedStack& captured);

// Function names of IPS (leaf first, return addresses after the first) in process PID, as the
// symbolizer gives them: "module+0x..." where a binary has no symbol.
std::vector<std::string> symbol_names(uint32_t pid, const std::vector<uint64_t>& ips);

// Where NAME first occurs in NAMES at or after FROM; names.size() when absent.
size_t position_of(const std::vector<std::string>& names, const std::string& name, size_t from = 0);

std::string describe(const daemon::UnwindResult& result, const std::vector<std::string>& names);

// Runs the fixture program and reads the capture it writes; kills it when destroyed.
class FixtureProcess {
 public:
  explicit FixtureProcess(const std::string& path);
  ~FixtureProcess();
  FixtureProcess(const FixtureProcess&) = delete;
  FixtureProcess& operator=(const FixtureProcess&) = delete;

  pid_t pid() const { return pid_; }
  const std::optional<CapturedStack>& capture() const { return capture_; }

 private:
  pid_t pid_ = -1;
  std::optional<CapturedStack> capture_;
};

}  // namespace ember::unwinder_testing
