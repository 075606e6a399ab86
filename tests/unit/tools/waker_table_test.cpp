#include "waker_table.h"

#include <gtest/gtest.h>

#include <sstream>

#include "ember/profile/builder.h"

namespace ember::tools {
namespace {

// Wakeups of two threads: the reader by the writer (two stacks), the sleeper by interrupts; a
// waker name carries a terminal escape (thread names come from the target).
profile::Profile wakers_profile() {
  profile::ProfileBuilder b({{"wakeups", "count"}, {"wakers", "nanoseconds"}});
  const uint64_t wake = b.add_location(0, 0x10, {{b.add_function("try_to_wake_up", ""), 0}});
  const uint64_t write = b.add_location(0, 0x20, {{b.add_function("pipe_write", ""), 0}});
  auto labels = [](const char* woken, const char* waker) {
    return std::vector<profile::Label>{{"woken_thread", woken, 0, ""},
                                       {"thread_name", waker, 0, ""}};
  };
  b.add_sample({wake, write}, {3, 300}, labels("reader", "writer\x1b[2J"), 0);
  b.add_sample({wake}, {1, 200}, labels("reader", "writer\x1b[2J"), 0);
  b.add_sample({wake}, {10, 1000}, labels("sleeper", "[interrupt]"), 0);
  return std::move(b).build();
}

TEST(WakerTable, SumsWakeupsAndWaitsPerWokenAndWakerThread) {
  const nlohmann::json rows = waker_table_json(wakers_profile(), 10);
  ASSERT_EQ(rows.size(), 2u) << rows.dump();
  EXPECT_EQ(rows[0]["woken_thread"], "sleeper");
  EXPECT_EQ(rows[0]["waker_thread"], "[interrupt]");
  EXPECT_EQ(rows[0]["wakeups"], 10);
  EXPECT_EQ(rows[0]["waited_nanos"], 1000);
  EXPECT_EQ(rows[1]["woken_thread"], "reader");
  EXPECT_EQ(rows[1]["wakeups"], 4);
  EXPECT_EQ(rows[1]["waited_nanos"], 500);
  EXPECT_EQ(waker_table_json(wakers_profile(), 1).size(), 1u);
}

TEST(WakerTable, PrintsNamesAsTerminalSafeTextAndNothingForOtherProfiles) {
  std::ostringstream out;
  print_waker_table(out, wakers_profile(), {10});
  EXPECT_NE(out.str().find("writer\\x1b[2J"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos);
  std::ostringstream none;
  profile::ProfileBuilder cpu(std::vector<profile::ValueType>{{"cpu", "nanoseconds"}});
  print_waker_table(none, std::move(cpu).build(), {10});
  EXPECT_EQ(none.str(), "");
}

}  // namespace
}  // namespace ember::tools
