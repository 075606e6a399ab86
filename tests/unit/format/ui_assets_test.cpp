#include "ember/format/ui_assets.h"

#include <gtest/gtest.h>

#include <string>

namespace ember::format {
namespace {

TEST(UiAssets, ServesIndexForRootPaths) {
  auto index = ui_asset("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->path, "index.html");
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_NE(index->bytes.find("<!doctype html>"), std::string_view::npos);
  EXPECT_EQ(ui_asset("")->path, "index.html");
}

TEST(UiAssets, ContentTypesAndUnknownPaths) {
  EXPECT_EQ(ui_asset("/app.js")->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(ui_asset("style.css")->content_type, "text/css; charset=utf-8");
  EXPECT_FALSE(ui_asset("/../CMakeLists.txt"));
  EXPECT_FALSE(ui_asset("nope.js"));
  EXPECT_FALSE(ui_asset("//app.js"));
}

// The HTML export inlines every file index.html names; each must exist, and none may contain
// what would end its inline <script> or <style> element early ("<!--" would put the HTML
// parser into a state where a later "<script" changes how the element ends).
TEST(UiAssets, EveryReferencedFileIsEmbeddedAndInlinable) {
  std::string_view index = ui_asset("index.html")->bytes;
  size_t referenced = 0;
  for (std::string_view attribute : {"<script src=\"", "href=\""}) {
    for (size_t at = index.find(attribute); at != std::string_view::npos;
         at = index.find(attribute, at + 1)) {
      size_t start = at + attribute.size();
      std::string_view path = index.substr(start, index.find('"', start) - start);
      auto asset = ui_asset(path);
      ASSERT_TRUE(asset) << path;
      std::string lower(asset->bytes);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_EQ(lower.find("</script"), std::string::npos) << path;
      EXPECT_EQ(lower.find("</style"), std::string::npos) << path;
      EXPECT_EQ(lower.find("<!--"), std::string::npos) << path;
      ++referenced;
    }
  }
  EXPECT_EQ(referenced, ui_asset_paths().size() - 1);  // all but index.html itself
}

}  // namespace
}  // namespace ember::format
