#include "online_cpus.h"

#include <gtest/gtest.h>

namespace ember::daemon {
namespace {

TEST(ParseCpuList, RangesAndSingles) {
  EXPECT_EQ(*parse_cpu_list("0-3,8,10-11\n"), (std::vector<int>{0, 1, 2, 3, 8, 10, 11}));
  EXPECT_EQ(*parse_cpu_list("0"), (std::vector<int>{0}));
}

TEST(ParseCpuList, RejectsMalformedLists) {
  for (const char* bad : {"", "a", "3-1", "1-", "-1", "0-99999999"})
    EXPECT_FALSE(parse_cpu_list(bad).ok()) << bad;
}

TEST(OnlineCpus, ThisMachineHasAtLeastOne) {
  auto cpus = online_cpus();
  ASSERT_TRUE(cpus.ok()) << cpus.error().message;
  EXPECT_FALSE(cpus->empty());
}

}  // namespace
}  // namespace ember::daemon
