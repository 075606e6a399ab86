// Parsers of the text files the symbolizer reads: /proc/PID/maps, /proc/kallsyms (perf maps:
// perf_map_reader_test.cpp).
#include <gtest/gtest.h>

#include "ember/symbolizer/process_maps.h"
#include "kernel_symbols.h"

namespace ember::symbolizer {
namespace {

TEST(ProcessMaps, ParsesKernelFormat) {
  auto entries = parse_maps(
      "55d0c8a00000-55d0c8a01000 r--p 00000000 08:01 1835023                    /usr/bin/app\n"
      "55d0c8a01000-55d0c8a02000 r-xp 00001000 08:01 1835023                    /usr/bin/app\n"
      "7f0000000000-7f0000001000 rwxp 00000000 00:00 0 \n"
      "7f1000000000-7f1000002000 r-xp 00002000 fd:02 42   /tmp/my lib.so (deleted)\n"
      "7ffd5b1f0000-7ffd5b1f2000 r-xp 00000000 00:00 0                          [vdso]\n"
      "7ffc1a000000-7ffc1a021000 rw-p 00000000 00:00 0      [stack]\n");
  ASSERT_EQ(entries.size(), 6u);
  EXPECT_EQ(entries[1].start, 0x55d0c8a01000u);
  EXPECT_EQ(entries[1].end, 0x55d0c8a02000u);
  EXPECT_EQ(entries[1].offset, 0x1000u);
  EXPECT_TRUE(entries[1].executable);
  EXPECT_FALSE(entries[1].writable);
  EXPECT_TRUE(entries[1].readable);
  EXPECT_FALSE(entries[0].executable);
  EXPECT_EQ(entries[1].dev_major, 8u);
  EXPECT_EQ(entries[1].inode, 1835023u);
  EXPECT_EQ(entries[1].path, "/usr/bin/app");
  EXPECT_TRUE(entries[1].is_file());
  EXPECT_EQ(entries[2].path, "");
  EXPECT_FALSE(entries[2].is_file());
  EXPECT_TRUE(entries[2].writable);  // anonymous rwx memory, as JIT compilers map it
  EXPECT_TRUE(entries[2].executable);
  EXPECT_EQ(entries[3].dev_major, 0xfdu);
  EXPECT_EQ(entries[3].path, "/tmp/my lib.so (deleted)");
  EXPECT_EQ(strip_deleted_suffix(entries[3].path), "/tmp/my lib.so");
  EXPECT_EQ(entries[4].path, "[vdso]");
  EXPECT_FALSE(entries[4].is_file());
  EXPECT_EQ(entries[5].path, "[stack]");
  EXPECT_FALSE(entries[5].is_file());
  EXPECT_TRUE(entries[5].writable);
  EXPECT_FALSE(entries[5].executable);
}

TEST(ProcessMaps, SkipsMalformedLines) {
  auto entries = parse_maps(
      "garbage\n"
      "\n"
      "1000-\n"
      "2000-1000 r-xp 00000000 00:00 0\n"  // end before start
      "2000-1000 r-xp 00000000 fe:01 1 /backwards\n"
      "1000-2000 r-xp zz fe:01 1 /bad-offset\n"
      "zzzz-3000 r-xp 00000000 00:00 0\n"
      "1000-2000 r-xp 00000000 08:01\n"  // no inode
      "1000-2000 r\n"
      "ffffffffffffffffff-2000 r-xp 00000000 00:00 0\n"  // overflows 64 bits
      "4000-5000 r-xp 00000000 00:00 0");                // valid, no trailing newline
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].start, 0x4000u);
}

TEST(ProcessMaps, KeepsTheValidFileLineAmongMalformedOnes) {
  auto entries = parse_maps(
      "garbage\n"
      "2000-1000 r-xp 00000000 fe:01 1 /backwards\n"
      "1000-2000 r-xp zz fe:01 1 /bad-offset\n"
      "1000-2000 r\n"
      "\n"
      "3000-4000 r--p 00000000 fe:01 7 /good");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].path, "/good");
}

TEST(ProcessMaps, ReadsOwnProcess) {
  auto entries = read_maps("/proc", static_cast<uint32_t>(getpid()));
  ASSERT_TRUE(entries.ok());
  EXPECT_FALSE(entries->empty());
  EXPECT_FALSE(read_maps("/proc", 0).ok());
  EXPECT_FALSE(read_maps("/proc", 0x3ffffff0).ok());  // above any pid the kernel hands out
}

TEST(KernelSymbols, FindsNearestTextSymbol) {
  auto table = KernelSymbols::parse(
      "ffffffff81000000 T _stext\n"
      "ffffffff81000100 t helper\n"
      "ffffffff81000200 D some_data\n"
      "ffffffff81000300 T schedule\n"
      "ffffffffc0000000 t mod_function\t[some_module]\n"
      "bad line\n");
  ASSERT_FALSE(table.empty());
  EXPECT_EQ(table.find(0xffffffff81000000)->name, "_stext");
  EXPECT_EQ(table.find(0xffffffff81000250)->name, "helper");  // data is not a function
  EXPECT_EQ(table.find(0xffffffff81000301)->name, "schedule");
  EXPECT_EQ(table.find(0xffffffffc0000010)->name, "mod_function");
  EXPECT_EQ(table.find(0x1000), nullptr);
}

// With kptr_restrict the kernel prints zeros: no symbol must then claim every address.
TEST(KernelSymbols, HiddenAddressesGiveAnEmptyTable) {
  auto table = KernelSymbols::parse(
      "0000000000000000 T _stext\n"
      "0000000000000000 T schedule\n");
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(table.find(0xffffffff81000000), nullptr);
}

}  // namespace
}  // namespace ember::symbolizer
