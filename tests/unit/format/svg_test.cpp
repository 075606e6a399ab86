#include "ember/format/svg.h"

#include <gtest/gtest.h>

#include "ember/profile/builder.h"
#include "sample_profiles.h"
#include "text_search.h"
#include "xml_check.h"

namespace ember::format {
namespace {

using testing::occurrences;

TEST(Svg, WellFormedWithHostileNamesAndTitle) {
  std::string svg = write_svg(testing::hostile_profile(), 1, "<b>cpu</b> & \"friends\"");
  EXPECT_EQ(testing::xml_problem(svg), "");
  EXPECT_EQ(svg.find("<img"), std::string::npos);
  EXPECT_EQ(svg.find("</script"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(svg.find("a&amp;b&lt;c&gt;"), std::string::npos);
  EXPECT_NE(svg.find("&lt;b&gt;cpu&lt;/b&gt; &amp; &quot;friends&quot;"), std::string::npos);
}

TEST(Svg, OneFramePerMergedNode) {
  std::string svg = write_svg(testing::hostile_profile(), 0, "cpu");
  // all, main, compute, io, hot_loop, script name, a&b<c>.
  EXPECT_EQ(occurrences(svg, "<rect x="), 7u);
  EXPECT_NE(svg.find("<title>hot_loop\n60 samples (60.00%)</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>all\n100 samples (100.00%)</title>"), std::string::npos);
}

TEST(Svg, TimeValuesAreHumanReadable) {
  std::string svg = write_svg(testing::hostile_profile(), 1, "cpu");
  EXPECT_NE(svg.find("<title>main\n1.00 s (100.00%)</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>io\n250.00 ms (25.00%)</title>"), std::string::npos);
}

TEST(Svg, ControlCharactersAndInvalidUtf8AreRemoved) {
  profile::ProfileBuilder builder(std::vector<profile::ValueType>{{"samples", "count"}});
  uint64_t f = builder.add_function(std::string("x\x01y\xff", 4), "");
  builder.add_sample({builder.add_location(0, 1, {{f, 0}})}, {1});
  std::string svg = write_svg(std::move(builder).build(), 0, std::string("t\x02", 2));
  EXPECT_EQ(testing::xml_problem(svg), "");
  EXPECT_NE(svg.find("xy\\xff"), std::string::npos);
  EXPECT_EQ(svg.find('\x01'), std::string::npos);
  EXPECT_EQ(svg.find('\x02'), std::string::npos);
}

TEST(Svg, EmptyProfileIsStillADocument) {
  profile::ProfileBuilder builder(std::vector<profile::ValueType>{{"samples", "count"}});
  std::string svg = write_svg(std::move(builder).build(), 0, "empty");
  EXPECT_EQ(testing::xml_problem(svg), "");
  EXPECT_EQ(occurrences(svg, "<rect x="), 0u);
  EXPECT_EQ(testing::xml_problem(write_svg(testing::hostile_profile(), 9, "bad index")), "");
}

}  // namespace
}  // namespace ember::format
