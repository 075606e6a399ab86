// Base fixture of the tests on stalling_service: one started for each test (as root).
#pragma once

#include <memory>

#include "root_test.h"
#include "stalling_service.h"

namespace ember::test {

class StallingServiceTest : public RootTest {
 protected:
  void SetUp() override {
    RootTest::SetUp();
    if (IsSkipped()) return;
    // 1 s holds every 6 s: fewer slow seconds than others. With one every 4 s, a hold that
    // straddles a second makes two seconds slow, and half the seconds could be, the median
    // second among them: then the default threshold (relative to it) finds none.
    service = std::make_unique<StallingService>(dir, "service", 1000, 6000);
    ASSERT_GT(service->port(), 0) << "stalling_service did not start";
  }

  std::unique_ptr<StallingService> service;
};

}  // namespace ember::test
