#include "stalling_service.h"

#include <gtest/gtest.h>

#include <fstream>

namespace ember::test {

namespace {

constexpr int64_t kSecond = 1'000'000'000;

bool overlaps(int64_t second, const std::pair<int64_t, int64_t>& hold) {
  return hold.first < (second + 1) * kSecond && second * kSecond < hold.second;
}

}  // namespace

StallingService::StallingService(const TempDir& dir, const std::string& name, int hold_ms,
                                 int period_ms)
    : port_file_(dir.file(name + "_port")),
      holds_file_(dir.file(name + "_holds")),
      process_({target_path("stalling_service_nofp"), port_file_, holds_file_,
                std::to_string(hold_ms), std::to_string(period_ms)}) {
  std::ifstream(port_file_) >> port_;  // written before it printed its PID
}

std::string StallingService::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/";
}

Holds StallingService::holds() const {
  Holds out;
  std::ifstream in(holds_file_);
  for (int64_t start, end; in >> start >> end;) out.push_back({start, end});
  return out;
}

void expect_slow_seconds_are_holds(const std::set<int64_t>& slow, const Holds& holds,
                                   int64_t load_first, int64_t load_last,
                                   const std::string& context) {
  int covered = 0;
  for (const auto& hold : holds) {
    if (hold.first < load_first || hold.second > load_last) continue;
    for (int64_t s = hold.first / kSecond; s * kSecond < hold.second; ++s, ++covered)
      EXPECT_TRUE(slow.count(s)) << "second " << s << " overlapped a hold: " << context;
  }
  EXPECT_GE(covered, 2) << "a 9 s load should hold at least one whole hold: " << context;
  int unexplained = 0;
  for (int64_t s : slow) {
    bool any = false;
    for (const auto& hold : holds) any = any || overlaps(s, hold);
    unexplained += !any;
  }
  EXPECT_LE(unexplained, 1) << context;
}

}  // namespace ember::test
