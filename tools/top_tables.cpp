#include "top_tables.h"

#include <algorithm>
#include <cstdio>

#include "alloc_view_table.h"
#include "display_names.h"
#include "ember/profile/top_table.h"
#include "terminal_text.h"
#include "value_format.h"

namespace ember::tools {

namespace {

// The allocator & GC view measures CPU time spent in memory management: it means nothing for
// off-CPU, lock or allocation profiles.
bool shows_cpu_time(const profile::Profile& profile) {
  return profile.sample_type_index("cpu") >= 0;
}

using profile::FunctionTotal;

std::vector<FunctionTotal> by_cum(std::vector<FunctionTotal> entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const FunctionTotal& a, const FunctionTotal& b) { return a.cum > b.cum; });
  return entries;
}

void print_table(std::ostream& out, const char* title, const std::vector<FunctionTotal>& entries,
                 int64_t total, const std::string& unit, const DisplayNames& names,
                 const TableOptions& options) {
  out << title << "\n";
  char line[96];
  std::snprintf(line, sizeof(line), "%10s %7s %10s %7s  %s", "flat", "flat%", "cum", "cum%",
                "function");
  print_line(out, options, line);
  for (size_t i = 0; i < entries.size() && i < options.rows; ++i) {
    const auto& entry = entries[i];
    std::snprintf(line, sizeof(line), "%10s %7s %10s %7s  ", format_value(entry.flat, unit).c_str(),
                  format_percent(entry.flat, total).c_str(), format_value(entry.cum, unit).c_str(),
                  format_percent(entry.cum, total).c_str());
    print_line(out, options, line + terminal_text(names(entry.name)));
  }
}

nlohmann::json entries_json(const std::vector<FunctionTotal>& entries, const DisplayNames& names,
                            size_t count) {
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < entries.size() && i < count; ++i)
    rows.push_back({{"function", entries[i].name},
                    {"short_name", names(entries[i].name)},
                    {"flat", entries[i].flat},
                    {"cum", entries[i].cum}});
  return rows;
}

}  // namespace

void print_top_tables(std::ostream& out, const profile::Profile& profile, int value_index,
                      const TableOptions& options) {
  const auto table = profile::top_table(profile, value_index);
  const auto& type = profile.sample_types[value_index];
  const DisplayNames names(profile, options.full_names);
  out << "Total " << type.type << ": " << format_value(table.total, type.unit) << "\n\n";
  print_table(out, "Top functions by self (flat) value:", table.entries, table.total, type.unit,
              names, options);
  out << "\n";
  print_table(out, "Top functions by cumulative value:", by_cum(table.entries), table.total,
              type.unit, names, options);
  out << "\n";
  if (shows_cpu_time(profile)) print_alloc_view(out, profile, value_index, options);
}

nlohmann::json top_tables_json(const profile::Profile& profile, int value_index, size_t count) {
  const auto table = profile::top_table(profile, value_index);
  const auto& type = profile.sample_types[value_index];
  const DisplayNames names(profile, false);
  nlohmann::json tables = {{"sample_type", type.type},
                           {"unit", type.unit},
                           {"total", table.total},
                           {"flat", entries_json(table.entries, names, count)},
                           {"cum", entries_json(by_cum(table.entries), names, count)}};
  if (shows_cpu_time(profile)) tables["alloc_gc"] = alloc_view_json(profile, value_index, count);
  return tables;
}

}  // namespace ember::tools
