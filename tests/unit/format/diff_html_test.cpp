#include "ember/format/diff_html.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ember/format/ui_assets.h"
#include "sample_profiles.h"
#include "text_search.h"

namespace ember::format {
namespace {

using testing::occurrences;

// The text of the data element with `id`.
std::string element_json(const std::string& html, const std::string& id) {
  const std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
  size_t start = html.find(open);
  if (start == std::string::npos) return {};
  start += open.size();
  return html.substr(start, html.find("</script>", start) - start);
}

TEST(DiffHtml, CarriesBothProfilesAsParseableJson) {
  const std::string html =
      write_diff_html(testing::hostile_profile(), testing::load_test_profile(), "diff");
  auto base = nlohmann::json::parse(element_json(html, "ember-base-profile"));
  auto after = nlohmann::json::parse(element_json(html, "ember-profile"));
  EXPECT_EQ(base["functions"][4]["name"], testing::kScriptName);
  EXPECT_EQ(after["duration_nanos"], testing::load_test_profile().duration_nanos);
  // The page is the UI itself, which opens the diff view when it finds a base.
  EXPECT_NE(html.find("ember-base-profile"), html.rfind("ember-base-profile"));
  EXPECT_NE(html.find("ember.DiffModel"), std::string::npos);
}

TEST(DiffHtml, NamesCannotCloseScriptsOrAddMarkup) {
  const std::string html = write_diff_html(testing::hostile_profile(), testing::hostile_profile(),
                                           "</script><img src=x>");
  EXPECT_EQ(html.find("<img"), std::string::npos);
  size_t scripts = 2;  // the two profiles, and one per JS file
  for (auto path : ui_asset_paths()) scripts += path.ends_with(".js");
  EXPECT_EQ(occurrences(html, "</script"), scripts);
  EXPECT_EQ(html.find("<script src="), std::string::npos);
}

}  // namespace
}  // namespace ember::format
