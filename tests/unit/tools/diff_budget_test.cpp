#include "diff_budget.h"

#include <gtest/gtest.h>

namespace ember::tools {
namespace {

TEST(DiffBudget, ParsesMeasurePatternComparisonAndLimit) {
  auto budget = parse_budget("share(json::.*) > +2pts");
  ASSERT_TRUE(budget.ok()) << budget.error().message;
  EXPECT_FALSE(budget->self);
  EXPECT_EQ(budget->pattern, "json::.*");
  EXPECT_TRUE(budget->above);
  EXPECT_EQ(budget->limit_points, 2);
  EXPECT_TRUE(budget->exceeded_by(2.5));
  EXPECT_FALSE(budget->exceeded_by(2.0));
  EXPECT_TRUE(std::regex_search("json::encode(Value const&)", budget->regex));

  budget = parse_budget("self(^malloc$)<-1.5");
  ASSERT_TRUE(budget.ok()) << budget.error().message;
  EXPECT_TRUE(budget->self);
  EXPECT_FALSE(budget->above);
  EXPECT_EQ(budget->limit_points, -1.5);
  EXPECT_TRUE(budget->exceeded_by(-2));
  EXPECT_FALSE(budget->exceeded_by(3));

  // A pattern may hold parentheses of its own.
  budget = parse_budget("total(parse(r|R)equest) > 1 pp");
  ASSERT_TRUE(budget.ok()) << budget.error().message;
  EXPECT_EQ(budget->pattern, "parse(r|R)equest");
}

TEST(DiffBudget, RejectsWhatItCannotRead) {
  for (const char* text : {"json > 2pts", "mean(json) > 2", "share(json) = 2", "share(json) >",
                           "share(json) > 2 ms", "share([) > 2"}) {
    auto budget = parse_budget(text);
    ASSERT_FALSE(budget.ok()) << text;
    EXPECT_EQ(budget.error().message.rfind("bad --fail-if '" + std::string(text) + "': ", 0), 0u)
        << budget.error().message;
    EXPECT_EQ(budget.error().message.find('\n'), std::string::npos);
  }
}

}  // namespace
}  // namespace ember::tools
