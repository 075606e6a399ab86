#include "gzip.h"

#include <gtest/gtest.h>

namespace ember::profile {
namespace {

std::string some_text() {
  std::string s;
  for (int i = 0; i < 100'000; ++i) s += std::to_string(i * 7919 % 1000) + ",";
  return s;
}

TEST(Gzip, RoundTripsAndWritesTheGzipHeader) {
  std::string text = some_text();
  Result<std::string> packed = gzip_compress(text);
  ASSERT_TRUE(packed.ok());
  EXPECT_TRUE(is_gzip(*packed));
  EXPECT_LT(packed->size(), text.size());
  Result<std::string> unpacked = gzip_decompress(*packed, text.size());
  ASSERT_TRUE(unpacked.ok()) << unpacked.error().message;
  EXPECT_EQ(*unpacked, text);
}

TEST(Gzip, EmptyInputRoundTrips) {
  Result<std::string> packed = gzip_compress("");
  ASSERT_TRUE(packed.ok());
  Result<std::string> unpacked = gzip_decompress(*packed, 10);
  ASSERT_TRUE(unpacked.ok());
  EXPECT_EQ(*unpacked, "");
}

TEST(Gzip, ConcatenatedMembersAreOneStream) {
  std::string both = *gzip_compress("hello ") + *gzip_compress("world");
  Result<std::string> unpacked = gzip_decompress(both, 100);
  ASSERT_TRUE(unpacked.ok()) << unpacked.error().message;
  EXPECT_EQ(*unpacked, "hello world");
}

TEST(Gzip, OutputBeyondTheLimitIsAnError) {
  // 16 MiB of zeros packs into about 16 KiB: a small bomb.
  std::string zeros(16 << 20, '\0');
  std::string bomb = *gzip_compress(zeros);
  Result<std::string> unpacked = gzip_decompress(bomb, 1 << 20);
  ASSERT_FALSE(unpacked.ok());
  EXPECT_NE(unpacked.error().message.find("exceeds"), std::string::npos);
}

TEST(Gzip, TruncatedAndCorruptInputAreErrors) {
  std::string packed = *gzip_compress(some_text());
  Result<std::string> truncated = gzip_decompress(packed.substr(0, packed.size() / 2), 1 << 30);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message.find("truncated"), std::string::npos);

  std::string corrupt = packed;
  for (size_t i = 20; i < 60; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  EXPECT_FALSE(gzip_decompress(corrupt, 1 << 30).ok());

  EXPECT_FALSE(gzip_decompress("\x1f\x8b", 1 << 30).ok());
  EXPECT_FALSE(gzip_decompress(packed + "trailing junk", 1 << 30).ok());
}

}  // namespace
}  // namespace ember::profile
