// A user stack captured by the process itself, as the collector's BPF program captures it for
// a sample: the registers at one instruction and a copy of the stack above the stack pointer.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

namespace ember::unwinder_testing {

constexpr size_t kCopyBytes = 16 * 1024;  // what the collector copies per sample

struct CapturedStack {
  uint64_t regs[17] = {};  // by DWARF register number; 7 is rsp, 16 is rip
  std::vector<uint8_t> stack;
};

// Fills OUT with the state of the calling function as it will be right after this call
// returns: rip is the return address, rsp the caller's stack pointer, and every other
// register what the caller holds at the call (so its callee-saved registers are exact).
extern "C" void ember_capture_caller_registers(uint64_t* regs);

// Copies up to kCopyBytes from OUT.regs[7] upward, stopping at the end of the stack mapping.
void copy_stack(CapturedStack& out);

// The capture as bytes on a stream, for a fixture process to hand to the test.
bool write_captured(std::FILE* file, const CapturedStack& stack);
std::optional<CapturedStack> read_captured(std::FILE* file);

}  // namespace ember::unwinder_testing
