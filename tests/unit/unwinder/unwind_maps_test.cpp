// Reading /proc/PID/maps for the unwinder.
#include "unwind_maps.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace ember::daemon {
namespace {

TEST(UnwindMaps, ParsesFilesPseudoNamesAndAnonymousMemory) {
  auto mappings = parse_unwind_maps(
      "55d0c0a00000-55d0c0a21000 r-xp 00002000 fe:01 1234   /usr/bin/my app (deleted)\n"
      "7ffc1a000000-7ffc1a021000 rw-p 00000000 00:00 0      [stack]\n"
      "7f0000000000-7f0000001000 rwxp 00000000 00:00 0\n");
  ASSERT_EQ(mappings.size(), 3u);
  EXPECT_EQ(mappings[0].start, 0x55d0c0a00000u);
  EXPECT_EQ(mappings[0].end, 0x55d0c0a21000u);
  EXPECT_EQ(mappings[0].offset, 0x2000u);
  EXPECT_TRUE(mappings[0].executable);
  EXPECT_FALSE(mappings[0].writable);
  EXPECT_EQ(mappings[0].path, "/usr/bin/my app (deleted)");
  EXPECT_TRUE(mappings[0].is_file());
  EXPECT_EQ(mappings[1].path, "[stack]");
  EXPECT_FALSE(mappings[1].is_file());
  EXPECT_TRUE(mappings[2].path.empty());
  EXPECT_TRUE(mappings[2].executable);
}

TEST(UnwindMaps, SkipsMalformedLines) {
  auto mappings = parse_unwind_maps(
      "garbage\n"
      "2000-1000 r-xp 00000000 fe:01 1 /backwards\n"
      "1000-2000 r-xp zz fe:01 1 /bad-offset\n"
      "1000-2000 r\n"
      "\n"
      "3000-4000 r--p 00000000 fe:01 7 /good");
  ASSERT_EQ(mappings.size(), 1u);
  EXPECT_EQ(mappings[0].path, "/good");
}

TEST(UnwindMaps, FindsTheMappingOfAnAddress) {
  auto mappings = parse_unwind_maps(
      "1000-2000 r-xp 00000000 fe:01 1 /a\n"
      "3000-4000 r-xp 00000000 fe:01 2 /b\n");
  EXPECT_EQ(find_mapping(mappings, 0xfff), nullptr);
  EXPECT_EQ(find_mapping(mappings, 0x1000)->path, "/a");
  EXPECT_EQ(find_mapping(mappings, 0x1fff)->path, "/a");
  EXPECT_EQ(find_mapping(mappings, 0x2000), nullptr);
  EXPECT_EQ(find_mapping(mappings, 0x3800)->path, "/b");
  EXPECT_EQ(find_mapping(mappings, 0x4000), nullptr);
}

TEST(UnwindMaps, FingerprintChangesOnlyWithCode) {
  auto before = parse_unwind_maps(
      "1000-2000 r-xp 00000000 fe:01 1 /a\n"
      "5000-6000 rw-p 00000000 00:00 0 [heap]\n");
  auto heap_grew = parse_unwind_maps(
      "1000-2000 r-xp 00000000 fe:01 1 /a\n"
      "5000-9000 rw-p 00000000 00:00 0 [heap]\n");
  auto library_loaded = parse_unwind_maps(
      "1000-2000 r-xp 00000000 fe:01 1 /a\n"
      "3000-4000 r-xp 00000000 fe:01 2 /b\n");
  EXPECT_EQ(code_fingerprint(before), code_fingerprint(heap_grew));
  EXPECT_NE(code_fingerprint(before), code_fingerprint(library_loaded));
}

TEST(UnwindMaps, ReadsALiveProcess) {
  auto mappings = read_unwind_maps("/proc", static_cast<uint32_t>(::getpid()));
  ASSERT_TRUE(mappings.ok());
  const auto* own_code = find_mapping(*mappings, reinterpret_cast<uint64_t>(&parse_unwind_maps));
  ASSERT_NE(own_code, nullptr);
  EXPECT_TRUE(own_code->executable);
  EXPECT_FALSE(read_unwind_maps("/proc", 0x3ffffff0).ok());
}

}  // namespace
}  // namespace ember::daemon
