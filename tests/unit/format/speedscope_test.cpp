#include "ember/format/speedscope.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "sample_profiles.h"

namespace ember::format {
namespace {

using nlohmann::json;

// Folded-style "a;b;c" -> weight, read back from a speedscope profile.
std::map<std::string, int64_t> stacks_of(const json& document, size_t profile_index) {
  const json& frames = document["shared"]["frames"];
  const json& profile = document["profiles"][profile_index];
  std::map<std::string, int64_t> out;
  for (size_t i = 0; i < profile["samples"].size(); ++i) {
    std::string key;
    for (const auto& frame : profile["samples"][i]) {
      if (!key.empty()) key += ';';
      key += frames[frame.get<size_t>()]["name"].get<std::string>();
    }
    out[key] += profile["weights"][i].get<int64_t>();
  }
  return out;
}

TEST(Speedscope, OneSampledProfilePerSampleType) {
  json document = json::parse(write_speedscope(testing::hostile_profile()));
  EXPECT_EQ(document["$schema"], "https://www.speedscope.app/file-format-schema.json");
  ASSERT_EQ(document["profiles"].size(), 2u);
  EXPECT_EQ(document["activeProfileIndex"], 1);  // default_sample_type "cpu"

  const json& samples = document["profiles"][0];
  EXPECT_EQ(samples["type"], "sampled");
  EXPECT_EQ(samples["name"], "samples");
  EXPECT_EQ(samples["unit"], "none");
  EXPECT_EQ(samples["startValue"], 0);
  EXPECT_EQ(samples["endValue"], 100);
  const json& cpu = document["profiles"][1];
  EXPECT_EQ(cpu["unit"], "nanoseconds");
  EXPECT_EQ(cpu["endValue"], 1'000'000'000);

  std::map<std::string, int64_t> expected = {
      {"main;compute;hot_loop", 60},
      {"main;compute;" + testing::kScriptName, 15},
      {"main;io;" + testing::kMarkupName, 25},
  };
  EXPECT_EQ(stacks_of(document, 0), expected);
}

TEST(Speedscope, FramesCarryFilesAndAreShared) {
  json document = json::parse(write_speedscope(testing::hostile_profile()));
  const json& frames = document["shared"]["frames"];
  ASSERT_EQ(frames.size(), 6u);  // main, compute, hot_loop, script, io, markup
  size_t with_file = 0;
  for (const auto& frame : frames) {
    if (frame["name"] == "hot_loop") {
      EXPECT_EQ(frame["file"], "compute.cc");
    }
    with_file += frame.contains("file");
  }
  EXPECT_EQ(with_file, 5u);
}

TEST(Speedscope, SamplesAreInTimeOrder) {
  auto profile = testing::hostile_profile();
  std::swap(profile.samples.front(), profile.samples.back());
  json document = json::parse(write_speedscope(profile));
  const json& weights = document["profiles"][0]["weights"];
  // Seconds 0, 1, 1, 2 after sorting: the 40-sample bucket leads, the 25-sample one ends.
  EXPECT_EQ(weights.front(), 40);
  EXPECT_EQ(weights.back(), 25);
}

TEST(Speedscope, InvalidUtf8NamesStillParse) {
  auto profile = testing::hostile_profile();
  profile.functions[0].name = "bad\xff\xfe";
  json document = json::parse(write_speedscope(profile));
  EXPECT_EQ(document["shared"]["frames"][0]["name"], "bad\\xff\\xfe");
}

}  // namespace
}  // namespace ember::format
