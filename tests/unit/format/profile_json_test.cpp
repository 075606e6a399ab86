#include "ember/format/profile_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ember/profile/builder.h"
#include "sample_profiles.h"

namespace ember::format {
namespace {

using nlohmann::json;

// A sample's stack as function names, root first, following the documented schema.
std::vector<std::string> frame_names(const json& document, const json& sample) {
  std::vector<std::string> names;
  for (const auto& location : sample["stack"]) {
    for (const auto& frame : document["locations"][location.get<size_t>()]) {
      names.push_back(document["functions"][frame[0].get<size_t>()]["name"]);
    }
  }
  return names;
}

TEST(ProfileJson, CarriesTheWholeModel) {
  json document = json::parse(write_profile_json(testing::hostile_profile()));
  EXPECT_EQ(document["version"], 1);
  ASSERT_EQ(document["sample_types"].size(), 2u);
  EXPECT_EQ(document["sample_types"][1], (json{{"type", "cpu"}, {"unit", "nanoseconds"}}));
  EXPECT_EQ(document["default_index"], 1);
  EXPECT_EQ(document["functions"][2],
            (json{{"name", "hot_loop"}, {"system_name", "_Z8hot_loopv"}, {"file", "compute.cc"}}));
  EXPECT_EQ(document["stats"]["lost_samples"], 3);
  EXPECT_EQ(document["period"], 10'000'000);
  EXPECT_EQ(document["duration_nanos"], 3'000'000'000);

  const json& samples = document["samples"];
  ASSERT_EQ(samples.size(), 4u);
  EXPECT_EQ(frame_names(document, samples[0]),
            (std::vector<std::string>{"main", "compute", "hot_loop"}));
  EXPECT_EQ(samples[0]["values"], (json{40, 400'000'000}));
  EXPECT_EQ(samples[0]["labels"], (json{{"tid", 7}}));
  EXPECT_EQ(samples[0]["time"], 1'700'000'000'000'000'000);
  EXPECT_EQ(frame_names(document, samples[2]).back(), testing::kScriptName);
}

TEST(ProfileJson, AllocatorSamplesNameTheirCategoryAndFirstCallerOutside) {
  json document = json::parse(write_profile_json(testing::alloc_profile()));
  const json& categories = document["alloc_categories"];
  auto category = [&](const json& sample) {
    return categories[sample["alloc"][0].get<size_t>()].get<std::string>();
  };
  auto caller = [&](const json& sample) {
    return document["functions"][sample["alloc"][1].get<size_t>()]["name"].get<std::string>();
  };
  const json& samples = document["samples"];
  ASSERT_EQ(samples.size(), 4u);
  EXPECT_FALSE(samples[0].contains("alloc"));  // build_reply is the program's own work
  EXPECT_EQ(category(samples[1]), "glibc malloc");
  EXPECT_EQ(caller(samples[1]), testing::kScriptName);
  EXPECT_EQ(category(samples[2]), "glibc malloc");
  EXPECT_EQ(caller(samples[2]), "parse");
  EXPECT_EQ(category(samples[3]), "kernel memory (page faults, mmap, brk)");
  EXPECT_EQ(caller(samples[3]), "parse");
}

TEST(ProfileJson, AnUnsymbolizedCallerIsItsAddressFunction) {
  profile::ProfileBuilder b(std::vector<profile::ValueType>{{"samples", "count"}});
  profile::Mapping libc;
  libc.file = "/usr/lib/x86_64-linux-gnu/libc.so.6";
  const uint64_t malloc_at =
      b.add_location(b.add_mapping(libc), 0x10, {{b.add_function("malloc", ""), 0}});
  b.add_sample({malloc_at, b.add_location(0, 0x4010a0, {})}, {1});
  b.add_sample({malloc_at}, {1});
  json document = json::parse(write_profile_json(std::move(b).build()));
  const json& function = document["functions"][document["samples"][0]["alloc"][1].get<size_t>()];
  EXPECT_EQ(function["unsymbolized"], true);
  EXPECT_EQ(document["samples"][1]["alloc"][1], -1);  // the stack ends in malloc
}

TEST(ProfileJson, InlinedFramesAreCallerFirst) {
  json document = json::parse(write_profile_json(testing::hostile_profile()));
  // Location 2 is hot_loop (function 2) inlined into compute (function 1).
  EXPECT_EQ(document["locations"][1], (json{{1, 25}, {2, 44}}));
}

TEST(ProfileJson, NothingCanCloseAScriptElement) {
  auto profile = testing::hostile_profile();
  profile.functions[0].name = "line\xE2\x80\xA8sep\xE2\x80\xA9 & <!-- x";
  std::string text = write_profile_json(profile);
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_EQ(text.find('>'), std::string::npos);
  EXPECT_EQ(text.find('&'), std::string::npos);
  EXPECT_EQ(text.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(text.find("\xE2\x80\xA9"), std::string::npos);
  json document = json::parse(text);
  EXPECT_EQ(document["functions"][0]["name"], profile.functions[0].name);
  EXPECT_EQ(document["functions"][4]["name"], testing::kScriptName);
}

TEST(ProfileJson, UnsymbolizedLocationsGetNamedFunctions) {
  profile::ProfileBuilder builder(std::vector<profile::ValueType>{{"samples", "count"}});
  profile::Mapping libz;
  libz.start = 0x7000;
  libz.limit = 0x9000;
  libz.file = "/lib/libz.so";
  uint64_t lib = builder.add_mapping(libz);
  uint64_t known = builder.add_function("known", "");
  builder.add_sample(
      {builder.add_location(lib, 0x7abc, {}), builder.add_location(lib, 0x7000, {{known, 3}})},
      {1});
  builder.add_function("bad\xc0", "");  // referenced by nothing, still listed
  json document = json::parse(write_profile_json(std::move(builder).build()));
  ASSERT_EQ(document["functions"].size(), 3u);
  EXPECT_EQ(document["functions"][1]["name"], "bad\\xc0");
  EXPECT_EQ(document["functions"][2]["name"], "[libz.so+0xabc]");
  EXPECT_EQ(document["functions"][2]["unsymbolized"], true);
  EXPECT_EQ(frame_names(document, document["samples"][0]),
            (std::vector<std::string>{"known", "[libz.so+0xabc]"}));
  EXPECT_FALSE(document["samples"][0].contains("time"));
  EXPECT_FALSE(document["samples"][0].contains("labels"));
}

}  // namespace
}  // namespace ember::format
