#include "runtime/node/node_perf_map_options.h"

#include <gtest/gtest.h>

namespace ember::daemon {
namespace {

TEST(NodePerfMapOptions, AddsV8sPerfMapFlagsToWhatTheUserSet) {
  EXPECT_EQ(node_options_with_perf_map(nullptr),
            "NODE_OPTIONS=--perf-basic-prof-only-functions --interpreted-frames-native-stack");
  EXPECT_EQ(node_options_with_perf_map(""),
            "NODE_OPTIONS=--perf-basic-prof-only-functions --interpreted-frames-native-stack");
  EXPECT_EQ(node_options_with_perf_map("--max-old-space-size=512 --require ./trace.js"),
            "NODE_OPTIONS=--max-old-space-size=512 --require ./trace.js "
            "--perf-basic-prof-only-functions --interpreted-frames-native-stack");
}

TEST(NodePerfMapOptions, KeepsFlagsTheUserAlreadyGaveOnce) {
  EXPECT_EQ(node_options_with_perf_map("--perf-basic-prof"),
            "NODE_OPTIONS=--perf-basic-prof --interpreted-frames-native-stack");
  EXPECT_EQ(node_options_with_perf_map("--perf-basic-prof-only-functions --inspect"),
            "NODE_OPTIONS=--perf-basic-prof-only-functions --inspect "
            "--interpreted-frames-native-stack");
  EXPECT_EQ(node_options_with_perf_map(
                "--interpreted-frames-native-stack  --perf-basic-prof-only-functions"),
            "NODE_OPTIONS=--interpreted-frames-native-stack  --perf-basic-prof-only-functions");
}

}  // namespace
}  // namespace ember::daemon
