// The unwinder driven by arbitrary registers and stack bytes, as a sample can bring them (a
// thread caught mid-prologue, a corrupted stack), over this process's real code and CFI.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "dwarf_unwinder.h"

extern "C" char __executable_start;
extern "C" char etext;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ember::daemon::UserStackCopy;
  static ember::daemon::DwarfUnwinder unwinder;
  constexpr size_t kRegisterBytes = 17 * sizeof(uint64_t);
  if (size < kRegisterBytes) return -1;
  UserStackCopy copy;
  copy.pid = static_cast<uint32_t>(::getpid());
  std::memcpy(copy.regs.dwarf.data(), data, kRegisterBytes);
  // pc inside this program's code (or libc's), sp near this thread's stack: the rest of the
  // unwind sees real CFI, and the bytes decide where it leads.
  const auto code = reinterpret_cast<uint64_t>(&__executable_start);
  const uint64_t code_size = reinterpret_cast<uint64_t>(&etext) - code;
  const uint64_t libc = reinterpret_cast<uint64_t>(&::write);
  uint64_t& ip = copy.regs.dwarf[16];
  ip = (ip & 1) ? libc + (ip >> 1) % 4096 : code + (ip >> 1) % code_size;
  int here = 0;
  copy.regs.dwarf[7] = (reinterpret_cast<uint64_t>(&here) - copy.regs.dwarf[7] % 65536) & ~7ull;
  copy.stack.assign(data + kRegisterBytes, data + std::min<size_t>(size, kRegisterBytes + 32768));
  auto result = unwinder.unwind(copy);
  if (result.ips.size() > 127) std::abort();  // its promise: at most max_depth
  return 0;
}
