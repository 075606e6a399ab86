// stalling_service's own record of when its background task held the lock (HOLDS_FILE), and
// the check every slow-seconds test makes against it.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ember::test {

// The holds, [start, end) in Unix ns, as the service wrote them.
std::vector<std::pair<int64_t, int64_t>> read_holds(const std::string& path);

// Every second that a hold inside the load ([load_first, load_last] Unix ns) overlapped is in
// `slow`, at least 2 such seconds were, and at most one second of `slow` overlapped no hold (a
// hiccup of this shared machine). `context` goes into the failure messages.
void expect_slow_seconds_are_holds(const std::set<int64_t>& slow,
                                   const std::vector<std::pair<int64_t, int64_t>>& holds,
                                   int64_t load_first, int64_t load_last,
                                   const std::string& context);

}  // namespace ember::test
