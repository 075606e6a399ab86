#include "stalling_holds.h"

#include <gtest/gtest.h>

#include <fstream>

namespace ember::test {

namespace {

constexpr int64_t kSecond = 1'000'000'000;

bool overlaps(int64_t second, const std::pair<int64_t, int64_t>& hold) {
  return hold.first < (second + 1) * kSecond && second * kSecond < hold.second;
}

}  // namespace

std::vector<std::pair<int64_t, int64_t>> read_holds(const std::string& path) {
  std::vector<std::pair<int64_t, int64_t>> out;
  std::ifstream in(path);
  for (int64_t start, end; in >> start >> end;) out.push_back({start, end});
  return out;
}

void expect_slow_seconds_are_holds(const std::set<int64_t>& slow,
                                   const std::vector<std::pair<int64_t, int64_t>>& holds,
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
