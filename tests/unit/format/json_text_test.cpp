// JSON documents with untrusted names dump as valid UTF-8, names following profile::utf8_text.
#include "ember/format/json_text.h"

#include <gtest/gtest.h>

namespace ember::format {
namespace {

using nlohmann::json;

TEST(JsonText, InvalidBytesInValuesAndKeysBecomeHexEscapes) {
  json document = {{"name", "hot_\xff"},
                   {"rows", {{{"function", "a\xc0"}}, "ok"}},
                   {"labels", {{"thread\xfe", "w"}}},
                   {"count", 3}};
  const json back = json::parse(dump_json(document));
  EXPECT_EQ(back["name"], "hot_\\xff");
  EXPECT_EQ(back["rows"][0]["function"], "a\\xc0");
  EXPECT_EQ(back["rows"][1], "ok");
  EXPECT_EQ(back["labels"]["thread\\xfe"], "w");
  EXPECT_EQ(back["count"], 3);
}

TEST(JsonText, ValidDocumentsDumpAsNlohmannDoes) {
  const json document = {{"name", "Grüße"}, {"list", {1, 2, 3}}, {"nested", {{"k", nullptr}}}};
  EXPECT_EQ(dump_json(document), document.dump());
  EXPECT_EQ(dump_json(document, 2), document.dump(2));
}

}  // namespace
}  // namespace ember::format
