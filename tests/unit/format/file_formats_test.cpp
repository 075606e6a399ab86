#include "ember/format/file_formats.h"

#include <gmock/gmock.h>

#include "ember/format/folded.h"
#include "sample_profiles.h"

namespace ember::format {
namespace {

using ::testing::HasSubstr;

TEST(FileFormats, PathsPickTheirFormatByExtension) {
  EXPECT_EQ(format_of_path("out/cpu.pb.gz")->name, "pprof");
  EXPECT_EQ(format_of_path("cpu.folded")->name, "folded");
  EXPECT_EQ(format_of_path("cpu.speedscope.json")->name, "speedscope");
  EXPECT_EQ(format_of_path("cpu.svg")->name, "svg");
  EXPECT_EQ(format_of_path("cpu.html")->content_type, "text/html; charset=utf-8");
  auto unknown = format_of_path("cpu.json");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message,
            "unknown output format for 'cpu.json': use .pb.gz, .folded, .speedscope.json, .svg "
            "or .html");
}

TEST(FileFormats, NamesPickTheirFormatAndUnknownNamesAreCutShort) {
  EXPECT_EQ(format_named("speedscope")->extension, ".speedscope.json");
  auto unknown = format_named(std::string(100, 'x'));
  ASSERT_FALSE(unknown);
  EXPECT_THAT(unknown.error().message, HasSubstr("use pprof, folded, speedscope, svg or html"));
  EXPECT_THAT(unknown.error().message, HasSubstr("'" + std::string(40, 'x') + "'"));
}

TEST(FileFormats, RenderWritesTheFormatAndTitlesTheDocuments) {
  const auto profile = testing::hostile_profile();
  EXPECT_EQ(*format_named("folded")->render(profile, "ignored"),
            write_folded(profile, profile.default_value_index()));
  EXPECT_THAT(*format_named("svg")->render(profile, "cpu-title"), HasSubstr("cpu-title"));
  auto pprof = format_named("pprof")->render(profile, "");
  ASSERT_TRUE(pprof);
  EXPECT_EQ(pprof->substr(0, 2), "\x1f\x8b");  // gzip
}

}  // namespace
}  // namespace ember::format
