// What a user reads first on a C++ target (tests/targets/template_names.cpp): tables that name
// functions by their short names and fit the output's width, while the pprof file keeps the
// full names.
#include <gmock/gmock.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "pprof_tool.h"
#include "root_test.h"

namespace ember::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCountPairs[] = "(anonymous namespace)::count_pairs";
constexpr char kWeigh[] = "Table<...>::weigh<...>";
// What both full names start with: the std::map the functions take.
constexpr char kFullMap[] = "std::map<std::__cxx11::basic_string<char, std::char_traits<char>, ";

size_t columns(const std::string& line) {
  size_t count = 0;
  for (unsigned char c : line) count += (c & 0xC0) != 0x80;
  return count;
}

// The target's own CPU time in each function, from its result file.
std::pair<double, double> measured_nanos(const std::string& result_file) {
  std::ifstream in(result_file);
  std::string line;
  std::getline(in, line);
  std::smatch match;
  if (!std::regex_search(line, match, std::regex(R"(count_pairs_ns=([0-9]+) weigh_ns=([0-9]+))")))
    return {-1, -1};
  return {std::stod(match[1]), std::stod(match[2])};
}

double cum_of(const nlohmann::json& report, const std::string& short_name) {
  for (const auto& row : report["cum"])
    if (row["short_name"] == short_name) return row["cum"];
  return 0;
}

class ReadableNames : public RootTest {};

TEST_F(ReadableNames, TablesShowShortNamesWithinTheWidthAndTheFileKeepsTheFullNames) {
  const std::string profile = dir.file("cpu.pb.gz"), result = dir.file("result");
  auto recorded = run_ember({"record", "-F", "499", "-o", profile, "--",
                             target_path("template_names_nofp"), "2", result});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;

  // Not a terminal: no line is wider than 160 columns, and names are the short forms.
  std::istringstream lines(recorded.out);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(columns(line), 160u) << line;
  EXPECT_THAT(recorded.out, HasSubstr(std::string("  ") + kCountPairs + "\n"));
  EXPECT_THAT(recorded.out, HasSubstr(std::string("  ") + kWeigh + "\n"));
  EXPECT_THAT(recorded.out, Not(HasSubstr(kFullMap)));

  // The short names still identify the functions: each holds its share of the time the
  // target measured in the two (within 5 standard deviations of the sample count).
  const auto [count_ns, weigh_ns] = measured_nanos(result);
  ASSERT_GT(count_ns, 0) << "the target wrote no result";
  const auto report = nlohmann::json::parse(
      run_ember({"report", profile, "--json", "--sample-index", "samples"}).out);
  const double count_samples = cum_of(report, kCountPairs), weigh_samples = cum_of(report, kWeigh);
  const double samples = count_samples + weigh_samples;
  ASSERT_GT(samples, 0) << report.dump(1);
  const double expected = count_ns / (count_ns + weigh_ns);
  std::cout << "count_pairs: " << count_samples << " of " << samples << " samples ("
            << 100 * count_samples / samples << "%), the target measured " << 100 * expected
            << "%\n";
  EXPECT_NEAR(count_samples / samples, expected,
              5 * std::sqrt(expected * (1 - expected) / samples));

  // The file, read by pprof, and --full-names have the whole demangled names.
  const std::string raw = pprof_output({"-raw"}, profile);
  EXPECT_THAT(raw, HasSubstr(std::string(kCountPairs) + "(" + kFullMap));
  EXPECT_THAT(raw, HasSubstr(std::string("Table<") + kFullMap));
  EXPECT_THAT(run_ember({"report", profile, "--full-names"}).out,
              HasSubstr(std::string(kCountPairs) + "(" + kFullMap));
}

}  // namespace
}  // namespace ember::test
