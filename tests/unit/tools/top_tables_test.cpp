#include "top_tables.h"

#include <gtest/gtest.h>

#include <sstream>

#include "ember/profile/builder.h"
#include "thread_table.h"

namespace ember::tools {
namespace {

// One sample in a function, and of a thread, whose names carry a terminal escape: names come
// from the profiled binaries and processes, which ember does not trust.
profile::Profile escape_profile() {
  profile::ProfileBuilder b(std::vector<profile::ValueType>{{"cpu", "nanoseconds"}});
  profile::Mapping app;
  app.file = "/srv/app";
  const uint64_t in_app = b.add_mapping(app);
  const uint64_t red = b.add_location(in_app, 0x20, {{b.add_function("red\x1b[31m", ""), 0}});
  b.add_sample(
      {red}, {10'000'000},
      {{"tid", "", 7, ""}, {"thread_name", "t\x1b[2J", 0, ""}, {"thread_state", "running", 0, ""}});
  b.profile().duration_nanos = 10'000'000;
  return std::move(b).build();
}

TEST(TopTables, PrintFunctionNamesAsTerminalSafeText) {
  std::ostringstream out;
  print_top_tables(out, escape_profile(), 0, {10});
  EXPECT_NE(out.str().find("red\\x1b[31m"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos);
}

TEST(ThreadTable, PrintsThreadNamesAsTerminalSafeText) {
  std::ostringstream out;
  print_thread_table(out, escape_profile(), 0, {});
  EXPECT_NE(out.str().find("t\\x1b[2J"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace ember::tools
