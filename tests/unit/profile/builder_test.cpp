#include "ember/profile/builder.h"

#include <gtest/gtest.h>

#include "ember/profile/operations.h"

namespace ember::profile {
namespace {

ProfileBuilder cpu_builder() {
  return ProfileBuilder(std::vector<ValueType>{{"samples", "count"}});
}

// "f7"; appended, since GCC 12 at -O3 reports a false -Wrestrict for "f" + std::string.
std::string function_name(uint64_t i) {
  std::string name = "f";
  name += std::to_string(i);
  return name;
}

TEST(ProfileBuilder, EqualMappingsFunctionsAndLocationsGetOneId) {
  ProfileBuilder b = cpu_builder();
  // Initialized as one aggregate: assigning the strings one by one gives a false
  // -Wmaybe-uninitialized from GCC 12 at -O3 (Release).
  const Mapping libc{.start = 0x7f0000, .limit = 0x7f9000, .file = "libc.so.6", .build_id = "aa"};
  Mapping other = libc;
  other.id = 99;  // ignored
  uint64_t m = b.add_mapping(libc);
  EXPECT_EQ(b.add_mapping(other), m);
  other.build_id = "bb";
  EXPECT_NE(b.add_mapping(other), m);

  uint64_t f = b.add_function("f", "_Z1fv", "f.cc", 3);
  EXPECT_EQ(b.add_function("f", "_Z1fv", "f.cc", 3), f);
  EXPECT_NE(b.add_function("f", "_Z1fv", "g.cc", 3), f);

  uint64_t l = b.add_location(m, 0x7f0010, {{f, 4}});
  EXPECT_EQ(b.add_location(m, 0x7f0010, {{f, 4}}), l);
  EXPECT_NE(b.add_location(m, 0x7f0010, {{f, 5}}), l);
  EXPECT_NE(b.add_location(m, 0x7f0014, {{f, 4}}), l);

  Profile p = std::move(b).build();
  EXPECT_EQ(p.mappings.size(), 2u);
  EXPECT_EQ(p.functions.size(), 2u);
  EXPECT_EQ(p.locations.size(), 3u);
  EXPECT_TRUE(validate(p).ok());
}

TEST(ProfileBuilder, EqualStackLabelsAndTimeAreSummed) {
  ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
  uint64_t f = b.add_function("f", "f");
  uint64_t l1 = b.add_location(0, 0x10, {{f, 1}});
  uint64_t l2 = b.add_location(0, 0x20, {{f, 2}});
  std::vector<Label> t1 = {{"tid", "", 1, ""}};
  std::vector<Label> t2 = {{"tid", "", 2, ""}};
  b.add_sample({l1, l2}, {1, 10}, t1, 100);
  b.add_sample({l1, l2}, {2, 20}, t1, 100);    // same key: summed
  b.add_sample({l1, l2}, {4, 40}, t2, 100);    // other labels
  b.add_sample({l1, l2}, {8, 80}, t1, 200);    // other time
  b.add_sample({l2, l1}, {16, 160}, t1, 100);  // other stack

  Profile p = std::move(b).build();
  ASSERT_EQ(p.samples.size(), 4u);
  EXPECT_EQ(p.samples[0].values, (std::vector<int64_t>{3, 30}));
  EXPECT_EQ(p.samples[1].values, (std::vector<int64_t>{4, 40}));
  EXPECT_EQ(p.samples[2].values, (std::vector<int64_t>{8, 80}));
  EXPECT_EQ(p.samples[3].values, (std::vector<int64_t>{16, 160}));
  EXPECT_TRUE(validate(p).ok());
}

TEST(ProfileBuilder, KeepsInterningAfterBeingMoved) {
  ProfileBuilder first = cpu_builder();
  uint64_t f = first.add_function("f", "f");
  uint64_t l = first.add_location(0, 1, {{f, 0}});
  first.add_sample({l}, {1});

  ProfileBuilder second = std::move(first);
  EXPECT_EQ(second.add_function("f", "f"), f);
  second.add_sample({l}, {1});
  ProfileBuilder third = cpu_builder();
  third = std::move(second);
  EXPECT_EQ(third.add_location(0, 1, {{f, 0}}), l);
  third.add_sample({l}, {1});

  Profile p = std::move(third).build();
  ASSERT_EQ(p.samples.size(), 1u);
  EXPECT_EQ(p.samples[0].values[0], 3);
}

TEST(ProfileBuilder, AggregatesManySamplesQuickly) {
  ProfileBuilder b = cpu_builder();
  std::vector<uint64_t> locations;
  for (uint64_t i = 0; i < 1000; ++i)
    locations.push_back(b.add_location(0, 0x1000 + i, {{b.add_function(function_name(i), ""), 0}}));
  // A million samples over 10,000 distinct stacks of depth 8.
  std::vector<uint64_t> stack(8);
  for (int i = 0; i < 1'000'000; ++i) {
    for (size_t d = 0; d < stack.size(); ++d) stack[d] = locations[(i % 10'000 + d * 7) % 1000];
    b.add_sample(stack, {1}, {}, (i % 10'000) / 1000);
  }
  Profile p = std::move(b).build();
  int64_t total = 0;
  for (const Sample& s : p.samples) total += s.values[0];
  EXPECT_EQ(total, 1'000'000);
  EXPECT_EQ(p.samples.size(), 10'000u);
}

}  // namespace
}  // namespace ember::profile
