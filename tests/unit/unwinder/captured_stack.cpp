#include "captured_stack.h"

#include <algorithm>
#include <cinttypes>
#include <cstring>

// Stores the registers into the array in %rdi (DWARF order), then the caller's view of rsp and
// rip: the stack pointer after `ret` pops the return address, and the return address itself.
asm(R"(
  .pushsection .text
  .globl ember_capture_caller_registers
  .type ember_capture_caller_registers, @function
ember_capture_caller_registers:
  movq %rax, 0(%rdi)
  movq %rdx, 8(%rdi)
  movq %rcx, 16(%rdi)
  movq %rbx, 24(%rdi)
  movq %rsi, 32(%rdi)
  movq %rdi, 40(%rdi)
  movq %rbp, 48(%rdi)
  leaq 8(%rsp), %rax
  movq %rax, 56(%rdi)
  movq %r8, 64(%rdi)
  movq %r9, 72(%rdi)
  movq %r10, 80(%rdi)
  movq %r11, 88(%rdi)
  movq %r12, 96(%rdi)
  movq %r13, 104(%rdi)
  movq %r14, 112(%rdi)
  movq %r15, 120(%rdi)
  movq (%rsp), %rax
  movq %rax, 128(%rdi)
  ret
  .size ember_capture_caller_registers, .-ember_capture_caller_registers
  .popsection
)");

namespace ember::unwinder_testing {
namespace {

constexpr uint32_t kMagic = 0x454d4253;  // "EMBS"

// End of the mapping holding ADDRESS, from /proc/self/maps; 0 when not found.
uint64_t mapping_end(uint64_t address) {
  std::FILE* maps = std::fopen("/proc/self/maps", "r");
  if (maps == nullptr) return 0;
  char line[512];
  uint64_t end = 0;
  while (std::fgets(line, sizeof line, maps) != nullptr) {
    uint64_t start = 0, limit = 0;
    if (std::sscanf(line, "%" SCNx64 "-%" SCNx64, &start, &limit) == 2 && start <= address &&
        address < limit) {
      end = limit;
      break;
    }
  }
  std::fclose(maps);
  return end;
}

// Other frames' bytes include sanitizer redzones; reading them is the point, so the copy is a
// plain loop the sanitizer does not check.
__attribute__((no_sanitize("address"))) void copy_bytes(const uint8_t* from, size_t size,
                                                        uint8_t* to) {
  for (size_t i = 0; i < size; ++i) to[i] = static_cast<const volatile uint8_t*>(from)[i];
}

}  // namespace

void copy_stack(CapturedStack& out) {
  const uint64_t sp = out.regs[7];
  const uint64_t end = mapping_end(sp);
  const size_t size = end > sp ? std::min<uint64_t>(kCopyBytes, end - sp) : 0;
  out.stack.resize(size);
  copy_bytes(reinterpret_cast<const uint8_t*>(sp), size, out.stack.data());
}

bool write_captured(std::FILE* file, const CapturedStack& stack) {
  const uint64_t size = stack.stack.size();
  return std::fwrite(&kMagic, sizeof kMagic, 1, file) == 1 &&
         std::fwrite(stack.regs, sizeof stack.regs, 1, file) == 1 &&
         std::fwrite(&size, sizeof size, 1, file) == 1 &&
         std::fwrite(stack.stack.data(), 1, size, file) == size && std::fflush(file) == 0;
}

std::optional<CapturedStack> read_captured(std::FILE* file) {
  uint32_t magic = 0;
  uint64_t size = 0;
  CapturedStack stack;
  if (std::fread(&magic, sizeof magic, 1, file) != 1 || magic != kMagic ||
      std::fread(stack.regs, sizeof stack.regs, 1, file) != 1 ||
      std::fread(&size, sizeof size, 1, file) != 1 || size > kCopyBytes)
    return std::nullopt;
  stack.stack.resize(size);
  if (std::fread(stack.stack.data(), 1, size, file) != size) return std::nullopt;
  return stack;
}

}  // namespace ember::unwinder_testing
