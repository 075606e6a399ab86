#include "thread_table.h"

#include <algorithm>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "terminal_text.h"
#include "value_format.h"

namespace ember::tools {

namespace {

// The widest value ("123.45ms") fits, and a table of three states fits 80 columns.
constexpr int kStateWidth = 12;

// Column headings fit kStateWidth with a space to spare: "uninterruptible" is the D state.
std::string heading(const std::string& state) {
  return state == "uninterruptible" ? "D (disk)" : state.substr(0, kStateWidth - 1);
}

struct ThreadRow {
  int64_t tid = 0;
  std::string name;
  std::map<std::string, int64_t> by_state;
  int64_t total = 0;
};

// Rows by decreasing total, and the states that occur, in a fixed order.
std::vector<ThreadRow> thread_rows(const profile::Profile& profile, int value_index,
                                   std::vector<std::string>& states) {
  std::map<int64_t, ThreadRow> rows;
  std::set<std::string> seen;
  for (const auto& sample : profile.samples) {
    const profile::Label* state = sample.label("thread_state");
    const profile::Label* tid = sample.label("tid");
    if (!state || !tid) continue;
    ThreadRow& row = rows[tid->num];
    row.tid = tid->num;
    if (const profile::Label* name = sample.label("thread_name")) row.name = name->str;
    row.by_state[state->str] += sample.values[value_index];
    row.total += sample.values[value_index];
    seen.insert(state->str);
  }
  states.clear();
  for (const char* known : {"running", "runnable", "sleeping", "uninterruptible", "stopped"})
    if (seen.erase(known)) states.push_back(known);
  states.insert(states.end(), seen.begin(), seen.end());
  std::vector<ThreadRow> sorted;
  for (auto& [tid, row] : rows) sorted.push_back(std::move(row));
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ThreadRow& a, const ThreadRow& b) { return a.total > b.total; });
  return sorted;
}

}  // namespace

void print_thread_table(std::ostream& out, const profile::Profile& profile, int value_index,
                        const TableOptions& options) {
  if (value_index < 0) return;
  std::vector<std::string> states;
  const std::vector<ThreadRow> rows = thread_rows(profile, value_index, states);
  if (rows.empty()) return;
  const std::string& unit = profile.sample_types[value_index].unit;
  print_line(out, options,
             "Threads by " + profile.sample_types[value_index].type +
                 " (share of the recording's duration):");
  std::ostringstream header;
  header << std::setw(8) << "tid"
         << "  " << std::left << std::setw(16) << "thread" << std::right;
  for (const auto& state : states) header << std::setw(kStateWidth) << heading(state);
  header << std::setw(10) << "total" << std::setw(8) << "share";
  print_line(out, options, header.str());
  for (size_t i = 0; i < rows.size() && i < options.rows; ++i) {
    const ThreadRow& row = rows[i];
    std::ostringstream line;
    line << std::setw(8) << row.tid << "  " << std::left << std::setw(16) << terminal_text(row.name)
         << std::right;
    for (const auto& state : states) {
      auto found = row.by_state.find(state);
      line << std::setw(kStateWidth)
           << (found == row.by_state.end() ? "-" : format_value(found->second, unit));
    }
    line << std::setw(10) << format_value(row.total, unit) << std::setw(8)
         << format_percent(row.total, profile.duration_nanos);
    print_line(out, options, line.str());
  }
  if (rows.size() > options.rows)
    print_line(out, options,
               "(" + std::to_string(rows.size() - options.rows) +
                   " more threads, each with less; --top N shows more, --json all)");
  out << "\n";
}

nlohmann::json thread_table_json(const profile::Profile& profile, int value_index) {
  nlohmann::json rows = nlohmann::json::array();
  if (value_index < 0) return rows;
  std::vector<std::string> states;
  for (const ThreadRow& row : thread_rows(profile, value_index, states))
    rows.push_back({{"tid", row.tid},
                    {"thread_name", row.name},
                    {"total", row.total},
                    {"states", row.by_state}});
  return rows;
}

}  // namespace ember::tools
