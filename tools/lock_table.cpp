#include "lock_table.h"

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>

#include "terminal_text.h"
#include "value_format.h"

namespace ember::tools {

namespace {

struct LockRow {
  std::string lock;
  std::string lock_class;
  int64_t waits = 0;
  int64_t total = 0;
  int64_t max = 0;
};

std::string label(const profile::Sample& sample, const std::string& key) {
  const profile::Label* found = sample.label(key);
  return found ? found->str : std::string();
}

std::vector<LockRow> lock_rows(const profile::Profile& profile, size_t count) {
  const int waits = profile.sample_type_index("contentions");
  const int delay = profile.sample_type_index("delay");
  std::map<std::pair<std::string, std::string>, LockRow> rows;
  if (waits < 0 || delay < 0) return {};
  for (const auto& sample : profile.samples) {
    const std::string lock = label(sample, "lock");
    if (lock.empty()) continue;
    const std::string lock_class = label(sample, "lock_class");
    LockRow& row = rows[{lock, lock_class}];
    row.lock = lock;
    row.lock_class = lock_class;
    row.waits += sample.values[waits];
    row.total += sample.values[delay];
    if (sample.values[waits] > 0)
      row.max = std::max(row.max, sample.values[delay] / sample.values[waits]);
  }
  std::vector<LockRow> sorted;
  for (auto& [key, row] : rows) sorted.push_back(std::move(row));
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const LockRow& a, const LockRow& b) { return a.total > b.total; });
  if (sorted.size() > count) sorted.resize(count);
  return sorted;
}

}  // namespace

void print_lock_table(std::ostream& out, const profile::Profile& profile,
                      const TableOptions& options) {
  const std::vector<LockRow> rows = lock_rows(profile, options.rows);
  if (rows.empty()) return;
  print_line(out, options,
             "Locks by total wait (contention: mutex, rwlock, kernel; others wait for events):");
  std::ostringstream header;
  header << std::setw(8) << "waits" << std::setw(12) << "total" << std::setw(12) << "max"
         << "  " << std::left << std::setw(20) << "class"
         << "lock";
  print_line(out, options, header.str());
  for (const LockRow& row : rows) {
    std::ostringstream line;
    line << std::setw(8) << row.waits << std::setw(12) << format_value(row.total, "nanoseconds")
         << std::setw(12) << format_value(row.max, "nanoseconds") << "  " << std::left
         << std::setw(20) << row.lock_class << terminal_text(row.lock);
    print_line(out, options, line.str());
  }
  out << "\n";
}

nlohmann::json lock_table_json(const profile::Profile& profile, size_t count) {
  nlohmann::json rows = nlohmann::json::array();
  for (const LockRow& row : lock_rows(profile, count))
    rows.push_back({{"lock", row.lock},
                    {"class", row.lock_class},
                    {"waits", row.waits},
                    {"total_nanos", row.total},
                    {"max_nanos", row.max}});
  return rows;
}

}  // namespace ember::tools
