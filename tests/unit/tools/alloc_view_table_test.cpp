#include "alloc_view_table.h"

#include <gtest/gtest.h>

#include <sstream>

#include "ember/profile/builder.h"

namespace ember::tools {
namespace {

// 10 samples: 4 in libc's malloc called by a function whose name carries a terminal escape,
// 6 in the program's own code.
profile::Profile malloc_profile() {
  profile::ProfileBuilder b(std::vector<profile::ValueType>{{"cpu", "nanoseconds"}});
  profile::Mapping libc, app;
  libc.file = "/usr/lib/x86_64-linux-gnu/libc.so.6";
  app.file = "/srv/app";
  const uint64_t in_libc = b.add_mapping(libc), in_app = b.add_mapping(app);
  const uint64_t malloc_at = b.add_location(in_libc, 0x10, {{b.add_function("malloc", ""), 0}});
  const uint64_t caller = b.add_location(in_app, 0x20, {{b.add_function("red\x1b[31m", ""), 0}});
  const uint64_t own = b.add_location(in_app, 0x30, {{b.add_function("work", ""), 0}});
  b.add_sample({malloc_at, caller}, {40'000'000});
  b.add_sample({own}, {60'000'000});
  return std::move(b).build();
}

TEST(AllocViewTable, PrintsCategoriesThenTheirCallersAsTerminalSafeText) {
  std::ostringstream out;
  print_alloc_view(out, malloc_profile(), 0, {10});
  EXPECT_EQ(out.str(),
            "Allocator & GC, with the first callers outside memory management:\n"
            "     value   share  category / caller\n"
            "   40.00ms   40.0%  glibc malloc\n"
            "   40.00ms   40.0%    red\\x1b[31m\n");
}

TEST(AllocViewTable, SaysSoWhenNothingIsInMemoryManagement) {
  profile::Profile profile = malloc_profile();
  profile.samples.erase(profile.samples.begin());
  std::ostringstream out;
  print_alloc_view(out, profile, 0, {10});
  EXPECT_EQ(out.str(), "Allocator & GC: no samples in allocator, GC or kernel memory code\n");
}

TEST(AllocViewTable, JsonKeepsNamesAsTheyAreAndCutsCallersToCount) {
  const nlohmann::json json = alloc_view_json(malloc_profile(), 0, 0);
  EXPECT_EQ(json["total"], 100'000'000);
  EXPECT_EQ(json["categories"][0]["category"], "glibc malloc");
  EXPECT_EQ(json["categories"][0]["value"], 40'000'000);
  EXPECT_TRUE(json["categories"][0]["callers"].empty());
  EXPECT_EQ(alloc_view_json(malloc_profile(), 0, 5)["categories"][0]["callers"][0],
            (nlohmann::json{{"function", "red\x1b[31m"}, {"value", 40'000'000}}));
}

}  // namespace
}  // namespace ember::tools
