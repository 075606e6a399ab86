#include "ember/daemon/duration.h"

#include <gtest/gtest.h>

namespace ember::daemon {
namespace {

using std::chrono::milliseconds;

TEST(ParseDuration, AcceptsUnitsAndPlainSeconds) {
  EXPECT_EQ(*parse_duration("30s"), milliseconds(30'000));
  EXPECT_EQ(*parse_duration("500ms"), milliseconds(500));
  EXPECT_EQ(*parse_duration("2m"), milliseconds(120'000));
  EXPECT_EQ(*parse_duration("1h"), milliseconds(3'600'000));
  EXPECT_EQ(*parse_duration("10"), milliseconds(10'000));
  EXPECT_EQ(*parse_duration("1.5s"), milliseconds(1'500));
  EXPECT_EQ(*parse_duration("20us"), std::chrono::microseconds(20));
}

TEST(ParseDuration, RejectsNonsenseWithAHint) {
  for (const char* bad : {"", "soon", "-1s", "10x", "s", "1e400s", "nan"}) {
    auto parsed = parse_duration(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.error().message.find("e.g. 500ms"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace ember::daemon
