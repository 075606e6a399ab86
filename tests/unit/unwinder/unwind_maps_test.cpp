// What the unwinder derives from /proc/PID/maps: the mapping of an address, and whether the
// code mappings changed. Parsing the maps is the symbolizer's, tested with it.
#include "unwind_maps.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace ember::daemon {
namespace {

using symbolizer::parse_maps;
using symbolizer::read_maps;

TEST(UnwindMaps, FindsTheMappingOfAnAddress) {
  auto mappings = parse_maps(
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
  auto before = parse_maps(
      "1000-2000 r-xp 00000000 fe:01 1 /a\n"
      "5000-6000 rw-p 00000000 00:00 0 [heap]\n");
  auto heap_grew = parse_maps(
      "1000-2000 r-xp 00000000 fe:01 1 /a\n"
      "5000-9000 rw-p 00000000 00:00 0 [heap]\n");
  auto library_loaded = parse_maps(
      "1000-2000 r-xp 00000000 fe:01 1 /a\n"
      "3000-4000 r-xp 00000000 fe:01 2 /b\n");
  EXPECT_EQ(code_fingerprint(before), code_fingerprint(heap_grew));
  EXPECT_NE(code_fingerprint(before), code_fingerprint(library_loaded));
}

TEST(UnwindMaps, FindsOwnCodeInALiveProcess) {
  auto mappings = read_maps("/proc", static_cast<uint32_t>(::getpid()));
  ASSERT_TRUE(mappings.ok());
  const auto* own_code = find_mapping(*mappings, reinterpret_cast<uint64_t>(&find_mapping));
  ASSERT_NE(own_code, nullptr);
  EXPECT_TRUE(own_code->executable);
}

}  // namespace
}  // namespace ember::daemon
