#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "ember/profile/profile.h"
#include "table_options.h"

namespace ember::tools {

// Prints the top functions by flat value, then by cumulative value, like `pprof -top`, then
// the allocator & GC view. The function column is the last, so a long name costs only its
// own line's end.
void print_top_tables(std::ostream& out, const profile::Profile& profile, int value_index,
                      const TableOptions& options);

// The same tables as JSON: {"sample_type", "unit", "total", "flat": [...], "cum": [...],
// "alloc_gc": {...}}; rows have the full "function" name and its "short_name".
nlohmann::json top_tables_json(const profile::Profile& profile, int value_index, size_t count);

}  // namespace ember::tools
