// The fixture of the Python frame tests: root, Debian's interpreter and `go tool pprof`, each
// skipped visibly where missing.
#pragma once

#include <unistd.h>

#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {

inline constexpr char kPython[] = "/usr/bin/python3";

class PythonTest : public RootTest {
 protected:
  void SetUp() override {
    RootTest::SetUp();
    if (IsSkipped()) return;
    if (access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " (Debian's python3) is missing";
    if (!go_available()) GTEST_SKIP() << "go tool pprof is not installed";
  }
};

}  // namespace ember::test
