// tests/targets/stalling_service for the slow-seconds tests: started with its files in a test's
// directory, its own record of when its background task held the lock, and the check every
// such test makes against that record.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "command.h"

namespace ember::test {

using Holds = std::vector<std::pair<int64_t, int64_t>>;

class StallingService {
 public:
  // Runs until the object goes away; `name` names its files in `dir`. port() is 0 when it did
  // not start.
  StallingService(const TempDir& dir, const std::string& name, int hold_ms = 1000,
                  int period_ms = 4000);
  pid_t pid() const { return process_.pid(); }
  int port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:PORT/"
  // The holds so far, [start, end) in Unix ns, as the service wrote them.
  Holds holds() const;

 private:
  std::string port_file_, holds_file_;
  BackgroundProcess process_;
  int port_ = 0;
};

// Every second that a hold inside the load ([load_first, load_last] Unix ns) overlapped is in
// `slow`, at least 2 such seconds were, and at most one second of `slow` overlapped no hold (a
// hiccup of this shared machine). `context` goes into the failure messages.
void expect_slow_seconds_are_holds(const std::set<int64_t>& slow, const Holds& holds,
                                   int64_t load_first, int64_t load_last,
                                   const std::string& context);

}  // namespace ember::test
