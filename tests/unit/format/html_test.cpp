#include "ember/format/html.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ember/format/ui_assets.h"
#include "sample_profiles.h"
#include "text_search.h"

namespace ember::format {
namespace {

using testing::occurrences;

// The text of the inlined profile element.
std::string inlined_json(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"ember-profile\">";
  size_t start = html.find(open);
  if (start == std::string::npos) return {};
  start += open.size();
  return html.substr(start, html.find("</script>", start) - start);
}

TEST(Html, ProfileIsInlinedAsParseableJson) {
  std::string html = write_html(testing::hostile_profile(), "cpu profile");
  auto document = nlohmann::json::parse(inlined_json(html));
  EXPECT_EQ(document["functions"][4]["name"], testing::kScriptName);
  EXPECT_EQ(document["functions"][5]["name"], testing::kMarkupName);
  int64_t total = 0;
  for (const auto& sample : document["samples"]) total += sample["values"][1].get<int64_t>();
  EXPECT_EQ(total, 1'000'000'000);
}

TEST(Html, NamesCannotCloseScriptsOrAddMarkup) {
  std::string html = write_html(testing::hostile_profile(), "</script><img src=x>");
  EXPECT_EQ(html.find("<img"), std::string::npos);
  // Every "</script" ends one of our own elements: the profile's and one per JS file.
  size_t scripts = 1;
  for (auto path : ui_asset_paths()) scripts += path.ends_with(".js");
  EXPECT_EQ(occurrences(html, "</script"), scripts);
  EXPECT_NE(html.find("<title>&lt;/script&gt;&lt;img src=x&gt;</title>"), std::string::npos);
}

TEST(Html, SelfContained) {
  std::string html = write_html(testing::hostile_profile(), "t");
  EXPECT_EQ(html.find("<script src="), std::string::npos);
  EXPECT_EQ(html.find("<link rel=\"stylesheet\""), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("ember.FlameGraph"), std::string::npos);
}

}  // namespace
}  // namespace ember::format
