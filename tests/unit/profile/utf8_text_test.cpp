// The policy for untrusted bytes in names, and that the model's ways in (the builder, the pprof
// reader) and the pprof writer follow it.
#include "ember/profile/utf8_text.h"

#include <gtest/gtest.h>

#include "ember/profile/builder.h"
#include "ember/profile/pprof.h"
#include "sample_profile.h"
#include "wire.h"

namespace ember::profile {
namespace {

TEST(Utf8Text, ValidTextIsUnchanged) {
  for (std::string text : {"", "main", "std::vector<int>::push_back", "Grüße", "日本語", "😀",
                           "\\x41 is already text"}) {
    EXPECT_TRUE(is_valid_utf8(text)) << text;
    EXPECT_EQ(utf8_text(text), text);
  }
}

TEST(Utf8Text, EachInvalidByteBecomesItsHexEscape) {
  EXPECT_EQ(utf8_text("spin_\xff\xfe_bad"), "spin_\\xff\\xfe_bad");
  EXPECT_EQ(utf8_text("\xc0\xaf"), "\\xc0\\xaf");                        // overlong '/'
  EXPECT_EQ(utf8_text("\xed\xa0\x80"), "\\xed\\xa0\\x80");               // a surrogate
  EXPECT_EQ(utf8_text("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");      // above U+10FFFF
  EXPECT_EQ(utf8_text("ok\xe6\x97"), "ok\\xe6\\x97");                    // cut short
  EXPECT_EQ(utf8_text("\x80\xc3\xbc"), "\\x80\xc3\xbc");                 // valid part kept
  EXPECT_EQ(utf8_text(std::string("a\0b", 3)), std::string("a\0b", 3));  // NUL is valid UTF-8
}

TEST(Utf8Text, DistinctNamesStayDistinctAndAgainChangesNothing) {
  std::string a = utf8_text("f\xff"), b = utf8_text("f\xfe");
  EXPECT_NE(a, b);
  EXPECT_TRUE(is_valid_utf8(a));
  EXPECT_EQ(utf8_text(a), a);
}

TEST(Utf8Text, TheBuilderStoresNamesAsUtf8Text) {
  ProfileBuilder builder(std::vector<ValueType>{{"samples", "count"}});
  Mapping mapping{0, 0x1000, 0x2000, 0, "/srv/\xff/app", "abcd"};
  uint64_t m = builder.add_mapping(mapping);
  uint64_t f = builder.add_function("work\xfe", "work\xfe", "src\xc0.c");
  EXPECT_EQ(builder.add_function("work\\xfe", "work\\xfe", "src\\xc0.c"), f);
  builder.add_sample({builder.add_location(m, 0x1100, {{f, 1}})}, {1},
                     {{"thread_name", "worker\xe2\x82", 0, {}}});
  Profile p = std::move(builder).build();
  EXPECT_EQ(p.mappings[0].file, "/srv/\\xff/app");
  EXPECT_EQ(p.functions[0].name, "work\\xfe");
  EXPECT_EQ(p.functions[0].file, "src\\xc0.c");
  EXPECT_EQ(p.samples[0].labels[0].str, "worker\\xe2\\x82");
}

// Go's encoder writes whatever bytes a binary's symbols hold; protobuf would refuse such a
// `string`, so the reader takes the table as bytes and converts it.
TEST(Utf8Text, TheReaderAcceptsInvalidBytesFromOtherWriters) {
  pprof::Profile wire = testing::to_wire(testing::sample_profile());
  int64_t name = wire.function(0).name();
  std::string original = wire.string_table(name);
  wire.set_string_table(name, original + "\xff");
  Result<Profile> read = read_pprof(testing::raw_bytes(wire));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->functions[0].name, original + "\\xff");
}

TEST(Utf8Text, TheWriterWritesOnlyUtf8Text) {
  Profile p = testing::sample_profile();
  p.functions[0].name = "hand\xff";
  p.comments.push_back("note\x80");
  pprof::Profile wire = testing::to_wire(p);
  for (const std::string& s : wire.string_table()) EXPECT_TRUE(is_valid_utf8(s)) << s;
  EXPECT_EQ(wire.string_table(wire.function(0).name()), "hand\\xff");
  Result<Profile> back = read_pprof(*write_pprof(p));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->functions[0].name, "hand\\xff");
}

}  // namespace
}  // namespace ember::profile
