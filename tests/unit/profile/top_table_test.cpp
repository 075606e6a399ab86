#include "ember/profile/top_table.h"

#include <gtest/gtest.h>

#include "ember/profile/builder.h"
#include "sample_profile.h"

namespace ember::profile {
namespace {

struct Row {
  std::string name;
  int64_t flat, cum;
  friend bool operator==(const Row&, const Row&) = default;
  friend std::ostream& operator<<(std::ostream& o, const Row& r) {
    return o << r.name << " " << r.flat << " " << r.cum;
  }
};

std::vector<Row> rows(const TopTable& t) {
  std::vector<Row> out;
  for (const FunctionTotal& e : t.entries) out.push_back({e.name, e.flat, e.cum});
  return out;
}

TEST(TopTable, FlatIsTheInnermostLeafFrameAndCumCountsRecursionOnce) {
  TopTable t = top_table(testing::sample_profile(), 0);
  EXPECT_EQ(t.total, 11);
  EXPECT_EQ(rows(t), (std::vector<Row>{{"parse", 5, 6},
                                       {"leaf", 4, 4},
                                       {"main", 2, 11},
                                       {"handle(Request const&)", 0, 6},
                                       {"recurse", 0, 3}}));
}

TEST(TopTable, UsesTheRequestedValue) {
  TopTable t = top_table(testing::sample_profile(), 1);
  EXPECT_EQ(t.total, 110'000'000);
  EXPECT_EQ(t.entries[0].name, "parse");
  EXPECT_EQ(t.entries[0].flat, 50'000'000);
}

TEST(TopTable, TiesAreBrokenByCumThenName) {
  ProfileBuilder b(std::vector<ValueType>{{"samples", "count"}});
  uint64_t zeta = b.add_location(0, 1, {{b.add_function("zeta", ""), 0}});
  uint64_t alpha = b.add_location(0, 2, {{b.add_function("alpha", ""), 0}});
  uint64_t beta = b.add_location(0, 3, {{b.add_function("beta", ""), 0}});
  uint64_t caller = b.add_location(0, 4, {{b.add_function("caller", ""), 0}});
  b.add_sample({zeta}, {2});
  b.add_sample({alpha}, {2});
  b.add_sample({beta, caller}, {2});
  b.add_sample({caller, beta}, {1});
  TopTable t = top_table(std::move(b).build(), 0);
  EXPECT_EQ(rows(t),
            (std::vector<Row>{{"beta", 2, 3}, {"alpha", 2, 2}, {"zeta", 2, 2}, {"caller", 1, 3}}));
}

TEST(TopTable, UnsymbolizedLocationsAreNamedByAddress) {
  ProfileBuilder b(std::vector<ValueType>{{"samples", "count"}});
  b.add_sample({b.add_location(0, 0xdead, {})}, {1});
  EXPECT_EQ(rows(top_table(std::move(b).build(), 0)), (std::vector<Row>{{"0xdead", 1, 1}}));
}

TEST(TopTable, OutOfRangeValueIndexGivesAnEmptyTable) {
  EXPECT_TRUE(top_table(testing::sample_profile(), 2).entries.empty());
  EXPECT_TRUE(top_table(testing::sample_profile(), -1).entries.empty());
}

}  // namespace
}  // namespace ember::profile
