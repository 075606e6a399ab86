#include "alloc_view_table.h"

#include <cstdio>

#include "display_names.h"
#include "ember/profile/alloc_view.h"
#include "terminal_text.h"
#include "value_format.h"

namespace ember::tools {

namespace {

void print_row(std::ostream& out, const TableOptions& options, int64_t value, int64_t total,
               const std::string& unit, const char* indent, const std::string& name) {
  char line[64];
  std::snprintf(line, sizeof(line), "%10s %7s  %s", format_value(value, unit).c_str(),
                format_percent(value, total).c_str(), indent);
  print_line(out, options, line + terminal_text(name));
}

}  // namespace

void print_alloc_view(std::ostream& out, const profile::Profile& profile, int value_index,
                      const TableOptions& options) {
  const profile::AllocView view = profile::alloc_view(profile, value_index);
  if (view.categories.empty()) {
    out << "Allocator & GC: no samples in allocator, GC or kernel memory code\n";
    return;
  }
  const auto& unit = profile.sample_types[value_index].unit;
  out << "Allocator & GC, with the first callers outside memory management:\n";
  char header[64];
  std::snprintf(header, sizeof(header), "%10s %7s  %s", "value", "share", "category / caller");
  print_line(out, options, header);
  const DisplayNames names(profile, options.full_names);
  for (const auto& category : view.categories) {
    print_row(out, options, category.value, view.total, unit, "", category.category);
    for (size_t i = 0; i < category.callers.size() && i < options.rows; ++i)
      print_row(out, options, category.callers[i].value, view.total, unit, "  ",
                names(category.callers[i].function));
  }
}

nlohmann::json alloc_view_json(const profile::Profile& profile, int value_index, size_t count) {
  const profile::AllocView view = profile::alloc_view(profile, value_index);
  nlohmann::json categories = nlohmann::json::array();
  for (const auto& category : view.categories) {
    nlohmann::json callers = nlohmann::json::array();
    for (size_t i = 0; i < category.callers.size() && i < count; ++i)
      callers.push_back(
          {{"function", category.callers[i].function}, {"value", category.callers[i].value}});
    categories.push_back(
        {{"category", category.category}, {"value", category.value}, {"callers", callers}});
  }
  return {{"total", view.total}, {"categories", categories}};
}

}  // namespace ember::tools
