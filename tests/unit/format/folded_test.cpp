#include "ember/format/folded.h"

#include <gtest/gtest.h>

#include "ember/profile/builder.h"
#include "sample_profiles.h"

namespace ember::format {
namespace {

TEST(Folded, RootFirstInlinedFramesMergedAndSorted) {
  auto profile = testing::hostile_profile();
  EXPECT_EQ(write_folded(profile, 0),
            "main;compute;</script><img src=x onerror=alert(1)> 15\n"
            "main;compute;hot_loop 60\n"
            "main;io;a&b<c> 25\n");
  EXPECT_EQ(write_folded(profile, 1),
            "main;compute;</script><img src=x onerror=alert(1)> 150000000\n"
            "main;compute;hot_loop 600000000\n"
            "main;io;a&b<c> 250000000\n");
}

TEST(Folded, SeparatorsInNamesCannotBreakLines) {
  profile::ProfileBuilder builder(std::vector<profile::ValueType>{{"samples", "count"}});
  uint64_t weird = builder.add_function("ns::f;g\nh\r", "");
  uint64_t root = builder.add_function("root", "");
  uint64_t leaf = builder.add_location(0, 0x10, {{weird, 0}});
  uint64_t top = builder.add_location(0, 0x20, {{root, 0}});
  builder.add_sample({leaf, top}, {3});
  EXPECT_EQ(write_folded(std::move(builder).build(), 0), "root;ns::f:g h  3\n");
}

TEST(Folded, UnsymbolizedEmptyAndZeroSamples) {
  profile::ProfileBuilder builder(std::vector<profile::ValueType>{{"samples", "count"}});
  profile::Mapping libc;
  libc.start = 0x7000;
  libc.limit = 0x9000;
  libc.offset = 0x1000;
  libc.file = "/lib/libc.so.6";
  uint64_t lib = builder.add_mapping(libc);
  uint64_t unknown = builder.add_location(lib, 0x7010, {});
  uint64_t bare = builder.add_location(0, 0xabc, {});
  builder.add_sample({unknown}, {2});
  builder.add_sample({bare}, {1});
  builder.add_sample({}, {5});               // no stack: nothing to write
  builder.add_sample({unknown, bare}, {0});  // zero value: no line
  EXPECT_EQ(write_folded(std::move(builder).build(), 0), "[0xabc] 1\n[libc.so.6+0x1010] 2\n");
}

TEST(Folded, OutOfRangeIndexGivesNothing) {
  auto profile = testing::hostile_profile();
  EXPECT_EQ(write_folded(profile, 2), "");
  EXPECT_EQ(write_folded(profile, -1), "");
}

}  // namespace
}  // namespace ember::format
