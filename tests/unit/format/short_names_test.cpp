// Every writer that shows names shows the short form of C++ names; the data formats keep them.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "ember/format/folded.h"
#include "ember/format/profile_json.h"
#include "ember/format/speedscope.h"
#include "ember/format/svg.h"
#include "sample_profiles.h"

namespace ember::format {
namespace {

using nlohmann::json;
using testing::kLongFlush;
using testing::kLongServe;
using testing::kShortFlush;
using testing::kShortServe;

TEST(ShortNames, ProfileJsonHasBothNamesAndMarksTheKernelSideOfWaits) {
  const json document = json::parse(write_profile_json(testing::waits_profile()));
  bool found = false;
  for (const json& function : document["functions"]) {
    if (function["name"] == kLongServe) {
      found = true;
      EXPECT_EQ(function["short_name"], kShortServe);
    }
    if (function["name"] == "read") {
      EXPECT_FALSE(function.contains("short_name"));
    }
  }
  EXPECT_TRUE(found);
  // read's stack has four kernel frames under it, nanosleep's two.
  EXPECT_EQ(document["samples"][0]["wait_kernel"], 4);
  EXPECT_EQ(document["samples"][1]["wait_kernel"], 2);
}

TEST(ShortNames, SvgLabelsAreShortAndTooltipsHaveBoth) {
  const std::string svg = write_svg(testing::waits_profile(), 1, "waits");
  EXPECT_NE(svg.find(">Table&lt;...&gt;::flush&lt;...&gt;</text>"), std::string::npos);
  EXPECT_NE(svg.find("<title>Table&lt;...&gt;::flush&lt;...&gt;\nvoid Table&lt;std::vector"),
            std::string::npos);
}

TEST(ShortNames, SpeedscopeShowsShortNamesAndFoldedKeepsFullOnes) {
  const json document = json::parse(write_speedscope(testing::waits_profile()));
  std::vector<std::string> names;
  for (const json& frame : document["shared"]["frames"]) names.push_back(frame["name"]);
  EXPECT_NE(std::find(names.begin(), names.end(), kShortFlush), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), kLongFlush), names.end());
  EXPECT_NE(write_folded(testing::waits_profile(), 1).find(kLongFlush), std::string::npos);
}

}  // namespace
}  // namespace ember::format
