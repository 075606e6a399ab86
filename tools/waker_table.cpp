#include "waker_table.h"

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>

#include "terminal_text.h"
#include "value_format.h"

namespace ember::tools {

namespace {

struct WakerRow {
  std::string woken, waker;
  int64_t wakeups = 0;
  int64_t waited = 0;
};

std::vector<WakerRow> waker_rows(const profile::Profile& profile, size_t count) {
  const int wakeups = profile.sample_type_index("wakeups");
  const int waited = profile.sample_type_index("wakers");
  if (wakeups < 0 || waited < 0) return {};
  std::map<std::pair<std::string, std::string>, WakerRow> rows;
  for (const auto& sample : profile.samples) {
    const profile::Label* woken = sample.label("woken_thread");
    if (!woken) continue;
    const profile::Label* waker = sample.label("thread_name");
    WakerRow& row = rows[{woken->str, waker ? waker->str : ""}];
    row.woken = woken->str;
    row.waker = waker ? waker->str : "";
    row.wakeups += sample.values[wakeups];
    row.waited += sample.values[waited];
  }
  std::vector<WakerRow> sorted;
  for (auto& [key, row] : rows) sorted.push_back(std::move(row));
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const WakerRow& a, const WakerRow& b) { return a.waited > b.waited; });
  if (sorted.size() > count) sorted.resize(count);
  return sorted;
}

}  // namespace

void print_waker_table(std::ostream& out, const profile::Profile& profile,
                       const TableOptions& options) {
  const std::vector<WakerRow> rows = waker_rows(profile, options.rows);
  if (rows.empty()) return;
  print_line(out, options, "What woke the waiting threads (how long they had waited):");
  std::ostringstream header;
  header << std::left << std::setw(18) << "woken thread" << std::setw(18) << "woken by"
         << std::right << std::setw(10) << "wakeups" << std::setw(12) << "waited";
  print_line(out, options, header.str());
  for (const WakerRow& row : rows) {
    std::ostringstream line;
    line << std::left << std::setw(18) << terminal_text(row.woken) << std::setw(18)
         << terminal_text(row.waker) << std::right << std::setw(10) << row.wakeups << std::setw(12)
         << format_value(row.waited, "nanoseconds");
    print_line(out, options, line.str());
  }
  out << "\n";
}

nlohmann::json waker_table_json(const profile::Profile& profile, size_t count) {
  nlohmann::json rows = nlohmann::json::array();
  for (const WakerRow& row : waker_rows(profile, count))
    rows.push_back({{"woken_thread", row.woken},
                    {"waker_thread", row.waker},
                    {"wakeups", row.wakeups},
                    {"waited_nanos", row.waited}});
  return rows;
}

}  // namespace ember::tools
