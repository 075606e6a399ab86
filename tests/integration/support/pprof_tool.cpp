#include "pprof_tool.h"

#include <algorithm>
#include <regex>
#include <sstream>

#include "command.h"
#include "folded_stacks.h"

namespace ember::test {

bool go_available() {
  return run({"go", "version"}).exit_code == 0;
}

std::string pprof_output(const std::vector<std::string>& args, const std::string& file) {
  std::vector<std::string> argv = {"go", "tool", "pprof"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back(file);
  CommandResult result = run(argv);
  return result.out + result.err;
}

double pprof_total_millis(const std::string& file, std::vector<std::string> filters) {
  // With every node shown, the nodes' flat values add up to what the filters kept.
  filters.insert(filters.end(), {"-top", "-nodecount=100000", "-unit=ms"});
  const std::string listing = pprof_output(filters, file);
  std::smatch match;
  if (std::regex_search(listing, match, std::regex(R"(accounting for ([0-9.]+)ms)")))
    return std::stod(match[1]);
  return listing.find("Showing nodes accounting for 0") != std::string::npos ? 0 : -1;
}

namespace {

// The rows of a `go tool pprof -top` listing, after its header line.
std::vector<std::string> top_rows(const std::string& listing) {
  std::vector<std::string> rows;
  std::istringstream lines(listing);
  bool in_table = false;
  for (std::string line; std::getline(lines, line);) {
    if (in_table)
      rows.push_back(line);
    else
      in_table = line.find("flat%") != std::string::npos && line.find("cum%") != std::string::npos;
  }
  return rows;
}

}  // namespace

PprofLeaf top_flat_location(const std::string& file, const std::string& sample_index) {
  const std::string text =
      pprof_output({"-top", "-addresses", "-nodecount=1", "-sample_index=" + sample_index}, file);
  for (const std::string& line : top_rows(text)) {
    // "  flat  flat%  sum%  cum  cum%  ADDRESS function file:line"
    std::istringstream fields(line);
    std::string flat, flat_percent, sum_percent, cum, cum_percent, address;
    if (fields >> flat >> flat_percent >> sum_percent >> cum >> cum_percent >> address)
      return {std::stoull(address, nullptr, 16), line};
  }
  return {0, text};
}

std::map<std::string, PprofRow> pprof_rows(const std::string& listing) {
  std::map<std::string, PprofRow> rows;
  for (const std::string& line : top_rows(listing)) {
    // "  flat  flat%  sum%  cum  cum%  function name (may contain spaces)"
    std::istringstream fields(line);
    std::string flat, flat_percent, sum_percent, cum, cum_percent;
    if (!(fields >> flat >> flat_percent >> sum_percent >> cum >> cum_percent)) continue;
    std::string name;
    std::getline(fields >> std::ws, name);
    // Inline copies and overloads of one function add up, as in the folded reading.
    PprofRow& row = rows[base_name(name)];
    row.flat_percent += std::stod(flat_percent);
    row.cum_percent = std::max(row.cum_percent, std::stod(cum_percent));
  }
  return rows;
}

std::map<std::string, PprofRow> pprof_top(const std::string& file, const std::string& sample_index,
                                          std::string* output) {
  const std::string text =
      pprof_output({"-top", "-nodecount=1000", "-sample_index=" + sample_index}, file);
  if (output) *output = text;
  return pprof_rows(text);
}

}  // namespace ember::test
