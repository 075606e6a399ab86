// The DWARF unwinder on real stacks: this process's own (main thread, a thread, through the C
// library's qsort) and another process's, all through code built without frame pointers.
#include "dwarf_unwinder.h"

#include <elf.h>
#include <gtest/gtest.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "frames.h"
#include "test_support.h"

namespace ember::unwinder_testing {
namespace {

using daemon::DwarfUnwinder;
using daemon::UnwindResult;
using daemon::UnwindStop;

uint32_t self() {
  return static_cast<uint32_t>(::getpid());
}

CapturedStack capture_three_deep() {
  CapturedStack captured;
  frame_a(&captured);
  return captured;
}

// An unwind with the symbol names of its ips, and both as text for failure messages.
struct Unwound {
  UnwindResult result;
  std::vector<std::string> names;
  std::string context;
};

Unwound unwind_and_name(const daemon::UserStackCopy& copy) {
  DwarfUnwinder unwinder;
  Unwound unwound;
  unwound.result = unwinder.unwind(copy);
  unwound.names = symbol_names(copy.pid, unwound.result.ips);
  unwound.context = describe(unwound.result, unwound.names);
  return unwound;
}

// frame_c, frame_b, frame_a on top, in that order, the stack complete.
void expect_three_frames_of_a_whole_stack(const Unwound& unwound) {
  const auto& names = unwound.names;
  ASSERT_GE(names.size(), 4u) << unwound.context;
  EXPECT_EQ(names[0], "frame_c") << unwound.context;
  EXPECT_EQ(names[1], "frame_b") << unwound.context;
  EXPECT_EQ(names[2], "frame_a") << unwound.context;
  EXPECT_EQ(unwound.result.stop, UnwindStop::complete) << unwound.context;
}

TEST(DwarfUnwinder, UnwindsItsOwnMainThreadToStart) {
  CapturedStack captured = capture_three_deep();
  Unwound unwound = unwind_and_name(to_stack_copy(self(), captured));
  expect_three_frames_of_a_whole_stack(unwound);
  ASSERT_FALSE(unwound.result.ips.empty());
  EXPECT_EQ(unwound.result.ips[0], captured.regs[16]);
  EXPECT_LT(position_of(unwound.names, "main", 3), unwound.names.size()) << unwound.context;
  EXPECT_EQ(unwound.names.back(), "_start") << unwound.context;
}

TEST(DwarfUnwinder, UnwindsThroughTheCLibrary) {
  CapturedStack captured;
  sort_through_libc(&captured);
  ASSERT_FALSE(captured.stack.empty());
  Unwound unwound = unwind_and_name(to_stack_copy(self(), captured));
  const auto& names = unwound.names;
  ASSERT_GE(names.size(), 3u) << unwound.context;
  EXPECT_EQ(names[0], "compare_and_capture") << unwound.context;
  const size_t caller = position_of(names, "sort_through_libc");
  ASSERT_LT(caller, names.size()) << unwound.context;
  EXPECT_GE(caller, 2u) << "qsort's own frames are missing\n" << unwound.context;
  EXPECT_LT(position_of(names, "main", caller), names.size()) << unwound.context;
  EXPECT_EQ(unwound.result.stop, UnwindStop::complete) << unwound.context;
}

TEST(DwarfUnwinder, UnwindsAThreadToItsRoot) {
  CapturedStack captured;
  std::thread thread([&captured] { frame_a(&captured); });
  thread.join();
  Unwound unwound = unwind_and_name(to_stack_copy(self(), captured));
  expect_three_frames_of_a_whole_stack(unwound);
  // The thread root is the C library's clone: no main, and CFI ends the stack there.
  EXPECT_EQ(position_of(unwound.names, "main"), unwound.names.size()) << unwound.context;
}

TEST(DwarfUnwinder, UnwindsAnotherProcess) {
  FixtureProcess fixture(UNWIND_FIXTURE);
  ASSERT_GT(fixture.pid(), 0);
  ASSERT_TRUE(fixture.capture().has_value());
  Unwound unwound =
      unwind_and_name(to_stack_copy(static_cast<uint32_t>(fixture.pid()), *fixture.capture()));
  expect_three_frames_of_a_whole_stack(unwound);
  ASSERT_GE(unwound.names.size(), 5u) << unwound.context;
  EXPECT_EQ(unwound.names[3], "main") << unwound.context;
  EXPECT_EQ(unwound.names.back(), "_start") << unwound.context;
}

// Address of function NAME in this process's vDSO, from its dynamic symbols; 0 if absent.
// The whole vDSO image, section headers included, is mapped at AT_SYSINFO_EHDR.
uint64_t vdso_function(const std::string& name) {
  const auto base = static_cast<uintptr_t>(getauxval(AT_SYSINFO_EHDR));
  if (base == 0) return 0;
  const auto* header = reinterpret_cast<const Elf64_Ehdr*>(base);
  const auto* sections = reinterpret_cast<const Elf64_Shdr*>(base + header->e_shoff);
  for (int i = 0; i < header->e_shnum; ++i) {
    if (sections[i].sh_type != SHT_DYNSYM) continue;
    const auto* symbols = reinterpret_cast<const Elf64_Sym*>(base + sections[i].sh_offset);
    const char* names =
        reinterpret_cast<const char*>(base + sections[sections[i].sh_link].sh_offset);
    for (size_t k = 0; k < sections[i].sh_size / sizeof(Elf64_Sym); ++k)
      if (names + symbols[k].st_name == name) return base + symbols[k].st_value;
  }
  return 0;
}

// The vDSO is in no file; its CFI comes from memory. Here frame_c has just called into it.
TEST(DwarfUnwinder, UnwindsOutOfTheVdso) {
  CapturedStack captured = capture_three_deep();
  const uint64_t entry = vdso_function("__vdso_clock_gettime");
  ASSERT_NE(entry, 0u);
  auto copy = to_stack_copy(self(), captured);
  const uint64_t return_address = captured.regs[16];
  const auto* pushed = reinterpret_cast<const uint8_t*>(&return_address);
  copy.stack.insert(copy.stack.begin(), pushed, pushed + sizeof return_address);
  copy.regs.dwarf[7] -= sizeof return_address;
  copy.regs.dwarf[16] = entry;
  copy.regs.dwarf[6] = 0;  // no frame pointer to fall back on
  Unwound unwound = unwind_and_name(copy);
  ASSERT_GE(unwound.names.size(), 5u) << unwound.context;
  EXPECT_EQ(unwound.result.ips[0], entry) << unwound.context;
  EXPECT_EQ(unwound.names[1], "frame_c") << unwound.context;
  EXPECT_EQ(unwound.result.stop, UnwindStop::complete) << unwound.context;
}

TEST(DwarfUnwinder, ReportsATruncatedStackCopy) {
  CapturedStack captured = capture_three_deep();
  DwarfUnwinder unwinder;
  const size_t full = unwinder.unwind(to_stack_copy(self(), captured)).ips.size();
  for (size_t bytes : {0, 8, 64, 256, 1024}) {
    auto copy = to_stack_copy(self(), captured);
    copy.stack.resize(bytes);
    UnwindResult result = unwinder.unwind(copy);
    const std::string context =
        "copy of " + std::to_string(bytes) + " bytes: " + describe(result, {});
    EXPECT_EQ(result.stop, UnwindStop::stack_copy_exhausted) << context;
    ASSERT_FALSE(result.ips.empty()) << context;
    EXPECT_EQ(result.ips[0], captured.regs[16]) << context;
    EXPECT_LT(result.ips.size(), full) << context;
  }
}

TEST(DwarfUnwinder, StopsAtTheDepthLimit) {
  CapturedStack captured = capture_three_deep();
  DwarfUnwinder unwinder("/proc", 3);
  UnwindResult result = unwinder.unwind(to_stack_copy(self(), captured));
  EXPECT_EQ(result.stop, UnwindStop::depth_limit);
  EXPECT_EQ(result.ips.size(), 3u);
}

// A stack made of one return address over and over unwinds "forever": only the depth limit
// (or the end of the copy) stops it.
TEST(DwarfUnwinder, BoundsARecursiveLookingStack) {
  CapturedStack captured = capture_three_deep();
  DwarfUnwinder unwinder;
  UnwindResult good = unwinder.unwind(to_stack_copy(self(), captured));
  ASSERT_GE(good.ips.size(), 2u);
  auto copy = to_stack_copy(self(), captured);
  for (size_t i = 0; i + 8 <= copy.stack.size(); i += 8)
    std::memcpy(copy.stack.data() + i, &good.ips[1], 8);
  UnwindResult result = unwinder.unwind(copy);
  EXPECT_TRUE(result.stop == UnwindStop::depth_limit ||
              result.stop == UnwindStop::stack_copy_exhausted)
      << describe(result, {});
  EXPECT_LE(result.ips.size(), 127u);
}

TEST(DwarfUnwinder, SurvivesGarbageStacks) {
  CapturedStack captured = capture_three_deep();
  DwarfUnwinder unwinder;
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&state] {  // xorshift: reproducible garbage
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const uint64_t sp = captured.regs[7];
  for (int round = 0; round < 300; ++round) {
    auto copy = to_stack_copy(self(), captured);
    for (size_t i = 0; i + 8 <= copy.stack.size(); i += 8) {
      // Mix words that look like stack pointers, code addresses and noise.
      uint64_t word = next();
      switch (word % 4) {
        case 0:
          word = sp + (word >> 8) % copy.stack.size();
          break;
        case 1:
          word = captured.regs[16] + (word >> 8) % 4096 - 2048;
          break;
        default:
          break;
      }
      std::memcpy(copy.stack.data() + i, &word, 8);
    }
    if (round % 3 == 1)
      for (auto& reg : copy.regs.dwarf)
        if (&reg != &copy.regs.dwarf[16]) reg = next();
    if (round % 3 == 2) copy.regs.dwarf[16] = next();
    UnwindResult result = unwinder.unwind(copy);
    EXPECT_LE(result.ips.size(), 127u);
    EXPECT_NE(result.stop, UnwindStop::error) << describe(result, {});
  }
  EXPECT_EQ(unwinder.stats().unwinds, 300);
}

TEST(DwarfUnwinder, RejectsZeroRegisters) {
  DwarfUnwinder unwinder;
  daemon::UserStackCopy copy;
  copy.pid = self();
  EXPECT_EQ(unwinder.unwind(copy).stop, UnwindStop::bad_register);
}

TEST(DwarfUnwinder, ReportsAnUnknownProcessAsUnmapped) {
  CapturedStack captured = capture_three_deep();
  DwarfUnwinder unwinder;
  const uint32_t no_such_pid = 0x3ffffff0;  // above the kernel's largest pid_max
  UnwindResult result = unwinder.unwind(to_stack_copy(no_such_pid, captured));
  EXPECT_EQ(result.stop, UnwindStop::unmapped_address);
  EXPECT_EQ(result.ips, std::vector<uint64_t>{captured.regs[16]});
}

TEST(DwarfUnwinder, CountsUnwindsByStopReason) {
  CapturedStack captured = capture_three_deep();
  DwarfUnwinder unwinder;
  auto copy = to_stack_copy(self(), captured);
  (void)unwinder.unwind(copy);
  (void)unwinder.unwind(copy);
  copy.stack.clear();
  (void)unwinder.unwind(copy);
  const auto& stats = unwinder.stats();
  EXPECT_EQ(stats.unwinds, 3);
  EXPECT_EQ(stats.count(UnwindStop::complete), 2);
  EXPECT_EQ(stats.count(UnwindStop::stack_copy_exhausted), 1);
  EXPECT_GT(stats.frames, 8);
  EXPECT_EQ(stats.maps_reads, 1);  // warm: maps are read once per process
}

TEST(DwarfUnwinder, ForgetsAProcess) {
  CapturedStack captured = capture_three_deep();
  DwarfUnwinder unwinder;
  auto copy = to_stack_copy(self(), captured);
  (void)unwinder.unwind(copy);
  unwinder.forget_process(self());
  EXPECT_EQ(unwinder.unwind(copy).stop, UnwindStop::complete);
  EXPECT_EQ(unwinder.stats().maps_reads, 2);
}

}  // namespace
}  // namespace ember::unwinder_testing
