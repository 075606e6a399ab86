#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "ember/profile/profile.h"

namespace ember::tools {

// Prints the top `count` functions by flat value, then by cumulative value, like `pprof -top`,
// then the allocator & GC view.
void print_top_tables(std::ostream& out, const profile::Profile& profile, int value_index,
                      size_t count);

// The same tables as JSON: {"sample_type", "unit", "total", "flat": [...], "cum": [...],
// "alloc_gc": {...}}.
nlohmann::json top_tables_json(const profile::Profile& profile, int value_index, size_t count);

}  // namespace ember::tools
