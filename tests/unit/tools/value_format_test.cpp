#include "value_format.h"

#include <gtest/gtest.h>

namespace ember::tools {
namespace {

TEST(FormatValue, PicksAReadableUnit) {
  EXPECT_EQ(format_value(0, "nanoseconds"), "0ns");
  EXPECT_EQ(format_value(10'101'010, "nanoseconds"), "10.10ms");
  EXPECT_EQ(format_value(1'280'000'000, "nanoseconds"), "1.28s");
  EXPECT_EQ(format_value(250'000'000'000, "nanoseconds"), "250s");
  EXPECT_EQ(format_value(3 * 1024 * 1024, "bytes"), "3.00MiB");
  EXPECT_EQ(format_value(4521, "count"), "4521");
}

TEST(FormatPercent, OneDecimalAndSafeOnZeroTotal) {
  EXPECT_EQ(format_percent(1, 3), "33.3%");
  EXPECT_EQ(format_percent(5, 0), "0.0%");
}

}  // namespace
}  // namespace ember::tools
