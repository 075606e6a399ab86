// Base fixture for tests that load eBPF programs: they need root.
#pragma once

#include <gtest/gtest.h>

#include "command.h"

namespace ember::test {

class RootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!running_as_root()) GTEST_SKIP() << "needs root to load eBPF programs";
  }
  TempDir dir;
};

}  // namespace ember::test
