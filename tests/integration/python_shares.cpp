#include "python_shares.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "pprof_tool.h"
#include "source_lines.h"

namespace ember::test {

std::string python_target(const std::string& name) {
  return std::string(EMBER_SOURCE_DIR) + "/tests/targets/python/" + name;
}

namespace {

// The samples/count total pprof shows for the whole file, 0 when it shows none.
double sample_count(const std::string& pprof) {
  const std::string listing =
      pprof_output({"-top", "-nodecount=1", "-sample_index=samples"}, pprof);
  std::smatch match;
  return std::regex_search(listing, match, std::regex(R"(of ([0-9.]+) total)"))
             ? std::stod(match[1])
             : 0;
}

}  // namespace

void expect_python_shares(const std::string& pprof, const std::string& truth_file) {
  std::map<std::string, double> truth;
  double truth_total = 0;
  std::ifstream lines(truth_file);
  for (std::string name; lines >> name;) {
    lines >> truth[name];
    truth_total += truth[name];
  }
  ASSERT_EQ(truth.size(), 4u) << "the target wrote no truth to " << truth_file;

  const double samples = sample_count(pprof);
  std::string output;
  auto rows = pprof_top(pprof, "cpu", &output);
  double profiled_total = 0;
  for (const auto& [name, seconds] : truth) profiled_total += rows[name].cum_percent;
  ASSERT_GT(profiled_total, 90.0) << output;  // nearly every sample is in one of them
  for (const auto& [name, seconds] : truth) {
    const double expected = 100.0 * seconds / truth_total;
    const double measured = 100.0 * rows[name].cum_percent / profiled_total;
    const double sigma = 100.0 * std::sqrt(expected / 100 * (1 - expected / 100) / samples);
    std::printf("%-9s target %5.1f%%  ember %5.1f%%  (%.0f samples, sigma %.2f points)\n",
                name.c_str(), expected, measured, samples, sigma);
    ASSERT_LE(3 * sigma, 3.0) << "too few samples for a 3-point check: " << samples;
    EXPECT_NEAR(measured, expected, 3.0) << name << "\n" << output;
  }
}

void expect_spin_lines(const std::string& pprof, const std::string& script) {
  // Lines: the script's own file, and spin's samples on spin's loop (its two body lines).
  const std::string lines_out = pprof_output({"-top", "-lines", "-sample_index=cpu"}, pprof);
  const int loop = line_of(script, "for i in range(units * UNIT)");
  ASSERT_GT(loop, 0);
  std::istringstream top(lines_out);
  double spin_on_loop = 0, spin_total = 0;
  for (std::string line; std::getline(top, line);) {
    const auto at = line.find(" spin " + script + ":");
    if (at == std::string::npos) continue;
    const int number = std::stoi(line.substr(line.rfind(':') + 1));
    std::istringstream fields(line);
    std::string flat, flat_percent, sum, cum, cum_percent;
    fields >> flat >> flat_percent >> sum >> cum >> cum_percent;
    const double percent = std::stod(cum_percent);
    spin_total += percent;
    if (number == loop || number == loop + 1) spin_on_loop += percent;
  }
  EXPECT_GT(spin_total, 50.0) << lines_out;
  EXPECT_GT(spin_on_loop, 0.99 * spin_total) << lines_out;
}

}  // namespace ember::test
