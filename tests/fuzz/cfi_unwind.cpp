// .eh_frame/.debug_frame CFI of an untrusted binary, through the unwinder as it runs: the input
// is a file mapped as code in a made-up /proc, and stacks are unwound from pcs inside it.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "dwarf_unwinder.h"
#include "input_file.h"

namespace {

namespace fs = std::filesystem;
using ember::daemon::DwarfUnwinder;
using ember::daemon::UserStackCopy;

constexpr uint32_t kPid = 1;
constexpr uint64_t kCode = 0x400000;  // where the input file is mapped, from offset 0
constexpr uint64_t kStack = 0x7ff000000000;

// PROC/1/maps maps the input file as code; PROC/1/root is "/", so its path opens it here.
struct FakeProc {
  explicit FakeProc(const std::string& file) {
    root = fs::temp_directory_path() / ("ember-fuzz-cfi-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "1");
    fs::create_directory_symlink("/", root / "1" / "root");
    std::ofstream(root / "1" / "maps")
        << "00400000-00500000 r-xp 00000000 fe:01 4242 " << file << "\n"
        << "7ff000000000-7ff000010000 rw-p 00000000 00:00 0 [stack]\n";
  }
  ~FakeProc() { fs::remove_all(root); }
  fs::path root;
};

// A stack of plausible words: return addresses into the file and pointers up the stack.
UserStackCopy stack_at(uint64_t ip) {
  UserStackCopy copy;
  copy.pid = kPid;
  copy.regs.dwarf[16] = ip;
  copy.regs.dwarf[7] = kStack;
  copy.regs.dwarf[6] = kStack + 256;
  copy.stack.resize(1024);
  for (size_t i = 0; i + 8 <= copy.stack.size(); i += 8) {
    uint64_t word = i % 16 == 0 ? kCode + 0x1000 + i * 4 : kStack + i + 64;
    for (size_t k = 0; k < 8; ++k) copy.stack[i + k] = static_cast<uint8_t>(word >> (8 * k));
  }
  return copy;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ember::fuzz::InputFile file;
  static FakeProc proc(file.path());
  file.write(data, size);
  // A new unwinder each time: it caches parsed CFI per process and file.
  DwarfUnwinder unwinder(proc.root.string());
  // pcs at the ELF entry point (where a small file's text is) and spread over the file.
  uint64_t entry = 0;
  for (size_t k = 0; k < 8 && 24 + k < size; ++k) entry |= uint64_t{data[24 + k]} << (8 * k);
  entry %= 0x100000;
  for (uint64_t offset : {entry, entry + 0x20, uint64_t{size / 4}, uint64_t{size / 2}}) {
    auto result = unwinder.unwind(stack_at(kCode + offset));
    if (result.ips.size() > 127) std::abort();  // its promise: at most max_depth
  }
  return 0;
}
